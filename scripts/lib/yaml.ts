import { parseDocument } from 'yaml';
import { PipelineError } from './errors.js';

/**
 * Parse YAML (or JSON, which is YAML) into plain data. A syntax error, a duplicated key or an
 * alias bomb becomes one PipelineError naming the file and the line.
 */
export function parseYamlText(text: string, rel: string, maxAliasCount = 100): unknown {
  const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (parsed.errors.length > 0) {
    const first = parsed.errors[0]!;
    // The library appends "at line N, column M:" and a code frame; the line goes in the location.
    const reason = first.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new PipelineError(`YAML syntax error: ${reason}`, rel, first.linePos?.[0].line);
  }
  try {
    return parsed.toJS({ maxAliasCount });
  } catch (err) {
    throw new PipelineError(`YAML could not be expanded: ${(err as Error).message}`, rel);
  }
}

import { parseDocument as parseYaml } from 'yaml';
import { PipelineError } from '../errors.js';
import { escapeToken } from './pointer.js';

/** Bounds for {@link parseText}. */
export interface ParseOptions {
  /**
   * Largest number of alias expansions one document may cause (eemeli/yaml `maxAliasCount`).
   * Real specs use anchors for shared enums (the Dfns document has a few hundred aliases); an
   * alias bomb needs millions, so the bound sits far above honest use and far below harm.
   * @default 10000
   */
  maxAliases?: number;
  /**
   * Deepest nesting accepted. The stages after parsing walk the tree recursively, so a
   * pathological depth must be refused here rather than overflow the stack later.
   * @default 256
   */
  maxDepth?: number;
  /**
   * How a syntax error introduces itself; files whose format is fixed by the project (the
   * normalized specs and provider configs are YAML) say so.
   * @default 'syntax error'
   */
  syntaxErrorLabel?: string;
}

/** Default alias bound, see {@link ParseOptions.maxAliases}. */
export const DEFAULT_MAX_ALIASES = 10_000;
/** Default depth bound, see {@link ParseOptions.maxDepth}. */
export const DEFAULT_MAX_DEPTH = 256;

/**
 * Parse YAML or JSON text into plain JSON values. A byte-order mark and CRLF line ends are fine.
 * Syntax errors become a {@link PipelineError} naming `file` and the 1-based line.
 *
 * The result is a fresh tree: YAML aliases are expanded into copies (later stages edit nodes in
 * place and must never change two places through one shared object), `__proto__` keys are
 * refused (they would turn into prototype changes the moment a stage copies the object), and
 * values JSON cannot hold (`.inf`, `.nan`) are refused.
 */
export function parseText(text: string, file: string, options: ParseOptions = {}): unknown {
  const maxAliases = options.maxAliases ?? DEFAULT_MAX_ALIASES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const label = options.syntaxErrorLabel ?? 'syntax error';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body);
  let value: unknown;
  let parsed = false;
  // JSON.parse is several times faster than a YAML parser on the multi-megabyte JSON specs, so
  // JSON-looking text takes that road first; on failure the YAML parser (a JSON superset) runs
  // to get a line number, or accepts the text if it is valid YAML after all.
  const strictJson = /\.json$/i.test(file);
  if (strictJson || (first && (first[0] === '{' || first[0] === '['))) {
    try {
      value = JSON.parse(body);
      parsed = true;
    } catch (err) {
      // A .json file must be JSON, even where YAML would accept it (`{"b": }` is YAML).
      if (strictJson) {
        const offset = jsonErrorOffset(body);
        const line = body.slice(0, offset).split('\n').length;
        const reason = err instanceof Error ? err.message.replace(/, ".*$/s, '').replace(/ in JSON at position \d+.*$/s, '') : 'invalid JSON';
        throw new PipelineError(`${label}: ${reason}`, file, line);
      }
      parsed = false;
    }
  }
  if (!parsed) value = parseYamlText(body, file, maxAliases, label);
  return freeze(value, file, maxDepth);
}

function parseYamlText(body: string, file: string, maxAliases: number, label: string): unknown {
  let doc;
  try {
    doc = parseYaml(body, { uniqueKeys: true, merge: true, prettyErrors: true, strict: true });
  } catch (err) {
    // The composer recurses; absurd nesting overflows it before any bound of ours applies.
    if (err instanceof RangeError) throw new PipelineError('document nesting is too deep', file);
    throw err;
  }
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    const reason = (error.message.split('\n')[0] ?? 'syntax error').replace(/ at line \d+, column \d+:?$/, '');
    throw new PipelineError(`${label}: ${reason}`, file, line);
  }
  try {
    return doc.toJS({ maxAliasCount: maxAliases });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new PipelineError(`YAML aliases expand beyond the limit of ${maxAliases} (possible alias bomb)`, file);
    }
    if (err instanceof RangeError) throw new PipelineError('document nesting is too deep', file);
    throw err;
  }
}

/** Copy into plain, unshared JSON values, enforcing the depth bound and refusing unsafe keys. */
function freeze(value: unknown, file: string, maxDepth: number): unknown {
  const path: string[] = [];
  const visit = (node: unknown): unknown => {
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return node;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new PipelineError('value is not a finite number (JSON cannot hold it)', file, pointer(path));
      return node;
    }
    if (typeof node === 'bigint') return Number(node);
    if (typeof node !== 'object') throw new PipelineError(`unsupported value of type ${typeof node}`, file, pointer(path));
    if (path.length >= maxDepth) throw new PipelineError(`document nesting is deeper than ${maxDepth} levels (under ${pointer(path.slice(0, 6))}/…)`, file);
    if (Array.isArray(node)) {
      return node.map((item, index) => {
        path.push(String(index));
        const out = visit(item);
        path.pop();
        return out;
      });
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      if (key === '__proto__') throw new PipelineError('key "__proto__" is not allowed', file, pointer([...path, key]));
      path.push(key);
      out[key] = visit((node as Record<string, unknown>)[key]);
      path.pop();
    }
    return out;
  };
  return visit(value);
}

function pointer(segments: readonly string[]): string {
  return `#/${segments.map(escapeToken).join('/')}`;
}

/**
 * Offset of the first JSON syntax error in `text` (JSON.parse does not always say where). A
 * scanner, not a parser: it tracks nesting and token order only, iteratively, so hostile depth
 * cannot overflow it.
 */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  // What may come next: a value, a key (or the end of an object), a colon, a comma or closer.
  let expect: 'value' | 'key' | 'colon' | 'after' | 'first-value' | 'first-key' | 'end' = 'value';
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const str = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c === '\\') i += 2;
      else if (c < ' ') return false;
      else i++;
    }
    return false;
  };
  for (;;) {
    ws();
    if (i >= text.length) return expect === 'end' ? i : Math.max(0, i - 1);
    const c = text[i]!;
    if (expect === 'end') return i;
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (c === ',' && top) {
        i++;
        expect = top === '{' ? 'key' : 'value';
        continue;
      }
      if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        i++;
        stack.pop();
        expect = stack.length === 0 ? 'end' : 'after';
        continue;
      }
      return i;
    }
    if (expect === 'key' || expect === 'first-key') {
      if (c === '}' && expect === 'first-key') {
        i++;
        stack.pop();
        expect = stack.length === 0 ? 'end' : 'after';
        continue;
      }
      if (c !== '"' || !str()) return i;
      expect = 'colon';
      continue;
    }
    // a value
    if (c === ']' && expect === 'first-value') {
      i++;
      stack.pop();
      expect = stack.length === 0 ? 'end' : 'after';
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'first-key' : 'first-value';
      continue;
    }
    if (c === '"') {
      if (!str()) return i;
    } else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) return i;
      i += m[0].length;
    }
    expect = stack.length === 0 ? 'end' : 'after';
  }
}

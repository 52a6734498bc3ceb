/**
 * Level files: a YAML mapping from rule id to `ERR`, `WARN`, `INFO` or `OFF` that overrides the
 * registry's default profile, e.g.
 *
 * ```yaml
 * response-property-enum-value-added: ERR   # our consumers switch exhaustively on enums
 * operation-tags-changed: OFF
 * ```
 */
import { readFileSync } from 'node:fs';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { PipelineError } from '../errors.js';
import { RULES_BY_ID } from './registry.js';
import type { Level } from './types.js';

/** A level, or `OFF` to drop the rule's changes entirely. */
export type LevelSetting = Level | 'OFF';

/** Rule id → overriding level. */
export type LevelOverrides = ReadonlyMap<string, LevelSetting>;

const SETTINGS = new Set<LevelSetting>(['ERR', 'WARN', 'INFO', 'OFF']);

/** Parse level-file text; every problem names the file and line. */
export function parseLevels(text: string, file: string): LevelOverrides {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) throw new PipelineError(`syntax error: ${first.message.split('\n')[0]}`, file, first.linePos?.[0]?.line);
  const out = new Map<string, LevelSetting>();
  if (doc.contents === null) return out;
  if (!isMap(doc.contents)) throw new PipelineError('a level file must be a mapping of rule id to ERR, WARN, INFO or OFF', file, 1);
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const line = isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : undefined;
    if (!RULES_BY_ID.has(key)) throw new PipelineError(`unknown rule id '${key}'`, file, line);
    const value = isScalar(pair.value) ? String(pair.value.value).toUpperCase() : '';
    if (!SETTINGS.has(value as LevelSetting)) throw new PipelineError(`level for '${key}' must be ERR, WARN, INFO or OFF`, file, line);
    out.set(key, value as LevelSetting);
  }
  return out;
}

/** Read and parse a level file. */
export function readLevels(file: string): LevelOverrides {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new PipelineError('level file not found', file);
  }
  return parseLevels(text, file);
}

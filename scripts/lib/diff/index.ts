/**
 * The diff stage: compare two OpenAPI documents and report every change with a rule id, a
 * level, the operation it affects and a message, plus a summary and a suggested semver bump.
 *
 * Pipeline: both documents → OpenAPI 3.1 (input.ts) → comparison model (model.ts) → structural
 * deltas (compare.ts, compare-schema.ts) → rules (rules/, registry.ts) → changes with levels
 * (default profile, level file) and messages (messages.ts).
 */
import { DocComparator } from './compare.js';
import { deltaKey, type Delta, type DeltaKey } from './deltas.js';
import { toOpenApi31 } from './input.js';
import type { LevelOverrides } from './levels.js';
import { formatMessage } from './messages.js';
import { HTTP_METHODS } from '../openapi/kinds.js';
import { buildModel } from './model.js';
import { RULES, type RuleDefinition } from './registry.js';
import type { RuleCheck } from './rules/rule.js';
import { LEVELS, type Change, type DiffResult, type Level, type Semver, type Summary } from './types.js';

export type { Change, DiffResult, Level, Semver, Summary } from './types.js';

/** Options for {@link diffSpecs}. */
export interface DiffOptions {
  /**
   * Per-rule level overrides (see levels.ts); `OFF` drops a rule's changes.
   * @default no overrides: the registry's default profile
   */
  levels?: LevelOverrides;
}

/** Rules indexed by the delta kind they subscribe to, built once. */
let dispatch: Map<DeltaKey, { rule: RuleDefinition; check: RuleCheck }[]> | undefined;

function rulesFor(key: DeltaKey): readonly { rule: RuleDefinition; check: RuleCheck }[] {
  if (!dispatch) {
    dispatch = new Map();
    for (const rule of RULES) {
      const checks: readonly RuleCheck[] = Array.isArray(rule.check) ? rule.check : [rule.check as RuleCheck];
      for (const check of checks) {
        const list = dispatch.get(check.on);
        if (list) list.push({ rule, check });
        else dispatch.set(check.on, [{ rule, check }]);
      }
    }
  }
  return dispatch.get(key) ?? [];
}

/** Apply every subscribed rule to one delta. */
export function judge(delta: Delta, levels?: LevelOverrides): Change[] {
  const out: Change[] = [];
  for (const { rule, check } of rulesFor(deltaKey(delta))) {
    const args = (check.check as (d: Delta) => Record<string, string> | undefined)(delta);
    if (!args) continue;
    const setting = levels?.get(rule.id);
    if (setting === 'OFF') continue;
    const change: Change = { id: rule.id, level: setting ?? rule.level, direction: rule.direction, pointer: delta.pointer, message: formatMessage(rule.id, args) };
    if (delta.operation) change.operation = delta.operation;
    out.push(change);
  }
  return out;
}

const METHOD_ORDER = new Map<string, number>(HTTP_METHODS.map((m, i) => [m.toUpperCase(), i]));

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Output order: document-level changes first, then by path, method, pointer and rule id. Plain
 * code-unit comparison, so the order never depends on the machine's locale.
 */
export function compareChanges(a: Change, b: Change): number {
  if (!a.operation !== !b.operation) return a.operation ? 1 : -1;
  if (a.operation && b.operation) {
    const byPath = cmp(a.operation.path, b.operation.path);
    if (byPath !== 0) return byPath;
    const byMethod = (METHOD_ORDER.get(a.operation.method) ?? 99) - (METHOD_ORDER.get(b.operation.method) ?? 99);
    if (byMethod !== 0) return byMethod;
  }
  return cmp(a.pointer, b.pointer) || cmp(a.id, b.id) || cmp(a.message, b.message);
}

/** Count changes per level. */
export function summarize(changes: readonly Change[]): Summary {
  const summary: Summary = { ERR: 0, WARN: 0, INFO: 0 };
  for (const c of changes) summary[c.level]++;
  return summary;
}

const AREA_OF = new Map(RULES.map((r) => [r.id, r.area]));

/**
 * The suggested bump: any ERR is major; any other change that is not documentation-only is
 * minor; documentation alone is a patch.
 */
export function suggestSemver(changes: readonly Change[]): Semver {
  if (changes.length === 0) return 'none';
  if (changes.some((c) => c.level === 'ERR')) return 'major';
  if (changes.some((c) => AREA_OF.get(c.id) !== 'docs')) return 'minor';
  return 'patch';
}

/** Sort, count and bump: the finishing steps shared by the diff and the compile check. */
export function finishResult(changes: Change[]): DiffResult {
  changes.sort(compareChanges);
  return { changes, summary: summarize(changes), semver: suggestSemver(changes) };
}

/** True when a level is at least as severe as a threshold. */
export function atLeast(level: Level, threshold: Level): boolean {
  return LEVELS.indexOf(level) <= LEVELS.indexOf(threshold);
}

/**
 * Compare two parsed documents (Swagger 2.0, OpenAPI 3.0 or 3.1; neither is modified).
 * A change to a shared component is reported once per operation that uses it.
 */
export function diffSpecs(base: Record<string, any>, revision: Record<string, any>, options: DiffOptions = {}): DiffResult {
  const baseModel = buildModel(toOpenApi31(base, 'base'));
  const revisionModel = buildModel(toOpenApi31(revision, 'revision'));
  const deltas = new DocComparator(baseModel, revisionModel).run();
  const changes: Change[] = [];
  const seen = new Set<string>();
  for (const delta of deltas) {
    for (const change of judge(delta, options.levels)) {
      // The same finding can reach one pointer twice (a schema repeated through allOf); once is enough.
      const key = `${change.operation?.method ?? ""} ${change.operation?.path ?? ""}\u0000${change.id}\u0000${change.pointer}\u0000${change.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      changes.push(change);
    }
  }
  return finishResult(changes);
}

/**
 * Reading what a sync's review reported, from the files the run wrote: regen's JSON review
 * (`{ providers: [{ provider, facade, result }] }`) or, where the run stopped before regen, the
 * pull's diff report (the `DiffResult` contract: `{ changes, summary, semver }`). Only the JSON
 * contract is read; nothing of the diff code is used.
 */
import { readFileSync } from 'node:fs';
import { DROPPED_KEYS } from './canonical.js';

/** Pointer segments after which the next segment is a name, not a keyword. */
const NAME_MAPS = new Set(['properties', 'patternProperties', 'headers', 'content', 'responses', 'schemas', 'parameters', 'encoding']);

/** One reported change, as the JSON contract writes it. */
export interface ReportedChange {
  id: string;
  level: 'ERR' | 'WARN' | 'INFO';
  operation?: { method: string; path: string; operationId: string };
  pointer: string;
  message: string;
  affects?: { symbol: string }[];
}

/** A provider's review. */
export interface ReviewedProvider {
  /** The report file it was read from. */
  file: string;
  changes: ReportedChange[];
  /** The facade type-check, when the report is regen's. */
  facade?: { ok: boolean; errors: string[] };
  /** Regen's per-method contract run against a mock of the candidate, when it has one. */
  methods?: { method: string; ok: boolean; error?: string }[];
  /** The whole provider entry as written. */
  entry: Record<string, any>;
}

/** The review of `provider` from the first of `files` that holds one; empty when none does. */
export function readReview(provider: string, files: readonly string[]): Map<string, ReviewedProvider> {
  const out = new Map<string, ReviewedProvider>();
  for (const file of files) {
    const report = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    if (Array.isArray(report.providers)) {
      for (const entry of report.providers as Record<string, any>[]) {
        if (out.has(entry.provider)) continue;
        out.set(entry.provider, {
          file,
          changes: entry.result?.changes ?? [],
          ...(entry.facade ? { facade: entry.facade } : {}),
          ...(Array.isArray(entry.methods) ? { methods: entry.methods } : {}),
          entry,
        });
      }
    } else if (Array.isArray(report.changes) && !out.has(provider)) {
      out.set(provider, { file, changes: report.changes, entry: report });
    }
    if (out.has(provider)) break;
  }
  return out;
}

/** The operationIds the review reports as changed, sorted. */
export function changedOperations(changes: readonly ReportedChange[]): string[] {
  return [...new Set(changes.flatMap((c) => (c.operation ? [c.operation.operationId] : [])))].sort();
}

/**
 * Changes about wording or samples only: the rule's id or the place it points at is prose
 * (a description, summary, title or example), by the same key table the comparison drops.
 */
export function proseChanges(changes: readonly ReportedChange[]): ReportedChange[] {
  const prose = Object.entries(DROPPED_KEYS)
    .filter(([, why]) => why.startsWith('prose') || why.startsWith('sample') || why.startsWith('links') || why.startsWith('doc-only'))
    .map(([key]) => key);
  return changes.filter((c) => {
    // A prose key anywhere in the pointer (`…/example/id` too), unless it is a name in a map
    // of names (a property called `description`).
    const segments = c.pointer.split('/');
    const atProse = segments.some((s, i) => prose.includes(s) && !NAME_MAPS.has(segments[i - 1] ?? ''));
    return atProse || /(^|-)(description|summary|title|example|examples|docs|info)(-|$)/.test(c.id);
  });
}

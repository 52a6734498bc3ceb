/**
 * What the review found for one provider, and the two verdicts regen takes from it. Kept apart
 * from the review itself (./review.ts, which loads the TypeScript tooling) so the unchanged path
 * of regen can describe unchanged providers without loading any of it.
 */
import type { DiffResult } from '../diff/types.js';

/** One facade method run against a Prism mock of the candidate spec (./contract.ts). */
export interface FacadeMethodResult {
  /** `namespace.method` of the facade client, or `(all)` when the run as a whole failed. */
  method: string;
  ok: boolean;
  /** Why it failed: the first line of the failure. */
  error?: string;
}

/** What the review found for one provider. */
export interface ProviderReview {
  provider: string;
  /** `unchanged`: the spec is what the generated code was built from, nothing was compared. */
  status: 'reviewed' | 'unchanged';
  /** Repository-relative baseline file, or undefined on a first generation. */
  baseline?: string;
  baselineSha256?: string;
  spec: string;
  specSha256: string;
  result: DiffResult;
  /** Type errors in the facade against the new generated types, as `file:line: message`. */
  facade: { ok: boolean; errors: string[] };
  /** The facade's contract calls against a mock of the candidate, when the project has them. */
  methods?: FacadeMethodResult[];
}

/** A review that must stop the run unless breaking changes were accepted. */
export function isBreaking(review: ProviderReview): boolean {
  return review.result.summary.ERR > 0 || !review.facade.ok || (review.methods ?? []).some((m) => !m.ok);
}

/** The review of a provider whose inputs match its generated code: nothing to report. */
export function unchangedReview(provider: string, spec: string, specSha256: string, baseline: string): ProviderReview {
  return { provider, status: 'unchanged', baseline, spec, specSha256, result: { changes: [], summary: { ERR: 0, WARN: 0, INFO: 0 }, semver: 'none' }, facade: { ok: true, errors: [] } };
}

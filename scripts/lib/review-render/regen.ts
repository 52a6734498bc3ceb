/**
 * The review regen writes (`--report`, `--json`): rendered from the per-provider reviews, light
 * enough for the unchanged path, which writes a report of unchanged providers without loading
 * any of the review tooling.
 */
import { isBreaking, type ProviderReview } from '../regen/provider-review.js';
import { renderMarkdown, type ProviderReport } from './index.js';

/** Report sections for {@link renderMarkdown}. */
export function reportSections(reviews: readonly ProviderReview[]): ProviderReport[] {
  return reviews.map((r) => ({
    provider: r.provider,
    result: r.result,
    lint: r.status === 'unchanged' ? 'not run (unchanged)' : 'ok',
    base: r.baseline ?? '(first generation: no baseline)',
    revision: r.spec,
    compileChecked: r.status === 'reviewed',
    facade: r.status === 'reviewed' ? r.facade : undefined,
    ...(r.methods ? { methods: r.methods } : {}),
  }));
}

/** The markdown review report. */
export function renderReviewMarkdown(reviews: readonly ProviderReview[]): string {
  return renderMarkdown(reportSections(reviews), 'API review: regeneration');
}

/**
 * The JSON report: one entry per provider with the hashes of what was compared and the diff
 * result (the `DiffResult` contract, unchanged, under `result`).
 */
export function renderReviewJson(reviews: readonly ProviderReview[]): string {
  const providers = reviews.map((r) => ({
    provider: r.provider,
    base: r.baseline ? { file: r.baseline, sha256: r.baselineSha256 } : null,
    revision: { file: r.spec, sha256: r.specSha256 },
    status: r.status,
    lint: r.status === 'unchanged' ? 'not run' : 'ok',
    facade: r.facade,
    ...(r.methods ? { methods: r.methods } : {}),
    breaking: isBreaking(r),
    result: r.result,
  }));
  return `${JSON.stringify({ providers }, null, 2)}\n`;
}

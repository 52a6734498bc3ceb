/**
 * What regen writes about a run: the markdown and JSON review reports and the changeset. Pure
 * functions of the review results, light enough for the unchanged path, which writes a report
 * of unchanged providers without loading any of the review tooling.
 */
import type { DiffResult, Semver } from '../diff/types.js';
import { renderMarkdown, type ProviderReport } from '../report/index.js';

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
}

/** A review that must stop the run unless breaking changes were accepted. */
export function isBreaking(review: ProviderReview): boolean {
  return review.result.summary.ERR > 0 || !review.facade.ok;
}

/** The review of a provider whose spec matches its generated code: nothing to report. */
export function unchangedReview(provider: string, spec: string, specSha256: string, baseline: string): ProviderReview {
  return { provider, status: 'unchanged', baseline, spec, specSha256, result: { changes: [], summary: { ERR: 0, WARN: 0, INFO: 0 }, semver: 'none' }, facade: { ok: true, errors: [] } };
}

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
    breaking: isBreaking(r),
    result: r.result,
  }));
  return `${JSON.stringify({ providers }, null, 2)}\n`;
}

const BUMP_ORDER: Semver[] = ['none', 'patch', 'minor', 'major'];

/**
 * A changeset (`@changesets/cli` format) for the regenerated providers: the largest suggested
 * bump and one summary line per provider. Undefined when nothing a consumer sees changed.
 * The file name derives from the spec hashes, so re-running regen rewrites the same file.
 */
export function changesetFor(reviews: readonly ProviderReview[], packageName: string): { name: string; content: string } | undefined {
  const relevant = reviews.filter((r) => r.result.semver !== 'none' || !r.facade.ok);
  if (relevant.length === 0) return undefined;
  const bump = relevant.reduce<Semver>((acc, r) => {
    const own: Semver = r.facade.ok ? r.result.semver : 'major';
    return BUMP_ORDER.indexOf(own) > BUMP_ORDER.indexOf(acc) ? own : acc;
  }, 'none');
  if (bump === 'none') return undefined;
  const lines = relevant.map((r) => {
    const { ERR, WARN, INFO } = r.result.summary;
    const worst = r.result.changes.filter((c) => c.level === 'ERR').slice(0, 3);
    const detail = worst.map((c) => `${c.message}${c.operation ? ` (${c.operation.method} ${c.operation.path})` : ''}`).join('; ');
    return `- ${r.provider}: spec updated (${ERR} breaking, ${WARN} warning, ${INFO} informational change(s))${detail ? `: ${detail}` : ''}${r.facade.ok ? '' : '; the facade needed changes to compile'}`;
  });
  const name = `regen-${relevant.map((r) => r.provider).join('-')}-${relevant.map((r) => r.specSha256.slice(0, 8)).join('')}`.slice(0, 80);
  const content = `---\n${JSON.stringify(packageName)}: ${bump}\n---\n\nRegenerated the clients from updated specs.\n\n${lines.join('\n')}\n`;
  return { name, content };
}

/** `.changeset/config.json` for a repository that has none yet (the defaults `changeset init` writes, not committing). */
export const CHANGESET_CONFIG = `${JSON.stringify(
  {
    $schema: 'https://unpkg.com/@changesets/config@3.1.4/schema.json',
    changelog: '@changesets/cli/changelog',
    commit: false,
    fixed: [],
    linked: [],
    access: 'restricted',
    baseBranch: 'main',
    updateInternalDependencies: 'patch',
    ignore: [],
  },
  null,
  2,
)}\n`;

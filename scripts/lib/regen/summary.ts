/**
 * The closing summary of `npm run regen`: one row per provider (operations kept, the spec's
 * short hash, the lint result, whether `generated/` and the public API report are up to date),
 * then one line saying what the run did. Built from what the run already knows, so the unchanged
 * path stays free of lint and tsc: a provider whose inputs did not change was linted when it was
 * generated (regen never writes output for a spec that fails lint), and its API report was
 * rebuilt in the same write as its generated types.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { HTTP_METHODS } from '../openapi/kinds.js';
import type { SpecFile } from '../generate/spec-file.js';
import type { ProviderReview } from './provider-review.js';

/** What the run did for one provider. */
export interface ProviderSummary {
  provider: string;
  spec: SpecFile;
  /** `unchanged`: nothing ran; `written`: linted, generated, reviewed and written. */
  state: 'unchanged' | 'written';
  review?: ProviderReview;
  /** Repository-relative API reports the run rewrote. */
  apiReports?: string[];
  /** Operations kept, when known without parsing the spec (an unchanged provider's generated JSON). */
  operations?: number;
}

/** Operations in an OpenAPI document's `paths`. */
export function operationCount(doc: Record<string, any>): number {
  let n = 0;
  for (const item of Object.values<Record<string, unknown>>(doc.paths ?? {})) for (const m of HTTP_METHODS) if (item && typeof item === 'object' && item[m]) n++;
  return n;
}

/** The summary lines: a header row, one row per provider, and the closing line. */
export function summaryLines(rows: readonly ProviderSummary[], root: string, filesWritten: number, took: string): string[] {
  const table = rows.map((r) => {
    const report = `api/${r.provider}.api.md`;
    const hasReport = existsSync(path.join(root, report));
    const api = !hasReport ? 'no report' : r.state === 'unchanged' ? `${report} up to date` : r.apiReports?.includes(report) ? `${report} updated` : `${report} up to date`;
    return [
      r.provider,
      `${r.operations ?? operationCount(r.spec.doc)} kept`,
      r.spec.sha256.slice(0, 8),
      r.state === 'unchanged' ? 'passed when generated' : 'passed',
      r.state === 'unchanged' ? 'up to date' : 'regenerated',
      api,
    ];
  });
  const head = ['provider', 'operations', 'spec', 'lint', `generated/`, 'public API'];
  const widths = head.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const fmt = (row: string[]) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  const written = rows.filter((r) => r.state === 'written').map((r) => r.provider);
  const closing =
    written.length === 0
      ? `Everything is up to date: each provider's generated code and public API match its spec, lock and config; nothing was written (${took}).`
      : `Regenerated ${written.join(', ')}: wrote ${filesWritten} file(s) in one batch; review them with \`git diff\` and commit them together (${took}).`;
  return ['', fmt(head), ...table.map(fmt), '', closing];
}

/**
 * Merge the per-provider review reports of a spec-sync run into the one document that becomes
 * the pull request body: a summary table, whether anything breaks, then each provider's report.
 *
 * Inputs are what `npm run regen -- --report report-<p>.md --json report-<p>.json` writes. The
 * JSON is read only for the verdict (suggested semver bump and ERR count, the `DiffResult`
 * fields); it may be a `DiffResult`, an object holding one or several, or a list of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';

/** Suggested version bumps, least to most severe. */
export const SEMVER_ORDER = ['none', 'patch', 'minor', 'major'] as const;
/** A suggested version bump (the diff stage's `semver`). */
export type Semver = (typeof SEMVER_ORDER)[number];

/** One provider's report as read from disk. */
export interface ProviderReport {
  provider: string;
  /** The Markdown report; empty when only the JSON exists. */
  markdown: string;
  /** The parsed JSON report. */
  json: unknown;
}

/** The verdict of one provider's report. */
export interface ProviderVerdict {
  provider: string;
  semver: Semver;
  errors: number;
  warnings: number;
  infos: number;
  breaking: boolean;
}

/** The merged document and its verdict. */
export interface MergedReport {
  markdown: string;
  /** True when any provider has a breaking change (an ERR, or a suggested major bump). */
  breaking: boolean;
  /** The largest suggested bump over all providers. */
  semver: Semver;
  verdicts: ProviderVerdict[];
}

/** Options of {@link mergeReports}. */
export interface MergeOptions {
  /** Providers that should have reported; a missing one is listed as failed. */
  expected?: readonly string[];
  /** Link to the workflow run, shown for failed providers and when the body is cut short. */
  runUrl?: string;
  /** Extra Markdown appended after the provider sections (the API report diff). */
  appendix?: string;
  /**
   * Longest document; GitHub refuses pull request bodies over 65,536 characters.
   * @default 60000
   */
  maxLength?: number;
}

/** Read `report-<provider>.json` files and the `.md` next to each. */
export function readProviderReports(jsonFiles: readonly string[]): ProviderReport[] {
  return jsonFiles.map((file) => {
    const base = path.basename(file).replace(/\.json$/, '');
    const provider = base.replace(/^report-/, '');
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new PipelineError(`cannot read report: ${err instanceof Error ? err.message : String(err)}`, file);
    }
    const mdFile = file.replace(/\.json$/, '.md');
    return { provider, markdown: existsSync(mdFile) ? readFileSync(mdFile, 'utf8') : '', json };
  });
}

/** Every object in `value` that looks like a `DiffResult` (has `summary` and `semver`). */
function findDiffResults(value: unknown, found: Record<string, unknown>[] = [], depth = 0): Record<string, unknown>[] {
  if (depth > 6 || typeof value !== 'object' || value === null) return found;
  if (Array.isArray(value)) {
    for (const item of value) findDiffResults(item, found, depth + 1);
    return found;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.semver === 'string' && typeof record.summary === 'object' && record.summary !== null) {
    found.push(record);
    return found;
  }
  for (const key of Object.keys(record).sort()) findDiffResults(record[key], found, depth + 1);
  return found;
}

function maxSemver(a: Semver, b: Semver): Semver {
  return SEMVER_ORDER.indexOf(a) >= SEMVER_ORDER.indexOf(b) ? a : b;
}

/** Verdict of one report: the sum over every `DiffResult` it holds. */
export function verdictOf(report: ProviderReport): ProviderVerdict {
  const verdict: ProviderVerdict = { provider: report.provider, semver: 'none', errors: 0, warnings: 0, infos: 0, breaking: false };
  for (const result of findDiffResults(report.json)) {
    const semver = SEMVER_ORDER.includes(result.semver as Semver) ? (result.semver as Semver) : 'none';
    const summary = result.summary as Record<string, unknown>;
    verdict.semver = maxSemver(verdict.semver, semver);
    verdict.errors += typeof summary.ERR === 'number' ? summary.ERR : 0;
    verdict.warnings += typeof summary.WARN === 'number' ? summary.WARN : 0;
    verdict.infos += typeof summary.INFO === 'number' ? summary.INFO : 0;
  }
  const flagged = typeof report.json === 'object' && report.json !== null && (report.json as Record<string, unknown>).breaking === true;
  verdict.breaking = flagged || verdict.errors > 0 || verdict.semver === 'major';
  return verdict;
}

/**
 * Everything that breaks in one regen JSON report, one line each: every ERR (with the facade
 * functions that use it), every `src/` compile error and every failing facade method, so they
 * open the pull request body.
 */
export function blockersOf(report: ProviderReport): string[] {
  const json = report.json as { providers?: { provider?: string; result?: { changes?: Record<string, any>[] }; facade?: { errors?: string[] }; methods?: { method: string; ok: boolean; error?: string }[] }[] } | null;
  const out: string[] = [];
  for (const p of Array.isArray(json?.providers) ? json!.providers : []) {
    const who = p.provider ?? report.provider;
    for (const c of p.result?.changes ?? []) {
      if (c.level !== 'ERR') continue;
      const op = c.operation ? ` \`${c.operation.method} ${c.operation.path}\`` : '';
      const uses = Array.isArray(c.affects) && c.affects.length > 0 ? ` (used by ${c.affects.map((a: { symbol: string }) => `\`${a.symbol}\``).join(', ')})` : '';
      out.push(`- ${who}: ERR \`${c.id}\`${op}: ${String(c.message).replace(/\s+/g, ' ')}${uses}`);
    }
    for (const e of p.facade?.errors ?? []) out.push(`- ${who}: \`src/\` does not compile: ${e.replace(/\s+/g, ' ')}`);
    for (const m of p.methods ?? []) if (!m.ok) out.push(`- ${who}: facade method \`${m.method}\` fails: ${(m.error ?? 'failed').replace(/\s+/g, ' ')}`);
  }
  return out;
}

/** Demote every Markdown heading by one level, leaving fenced code alone. */
export function demoteHeadings(markdown: string): string {
  let fence: string | undefined;
  return markdown
    .split('\n')
    .map((line) => {
      const marker = /^\s*(`{3,}|~{3,})/.exec(line)?.[1];
      if (marker) {
        if (!fence) fence = marker;
        else if (marker.startsWith(fence)) fence = undefined;
        return line;
      }
      return !fence && /^#{1,5} /.test(line) ? `#${line}` : line;
    })
    .join('\n');
}

/** Cut at a line boundary below `max`, closing an open code fence, with a pointer to the rest. */
function truncate(markdown: string, max: number, runUrl: string | undefined): string {
  if (markdown.length <= max) return markdown;
  const note = `\n\n---\n_The review report was cut to fit a pull request body; the full per-provider reports are in the run's artifacts${runUrl ? ` (${runUrl})` : ''}._\n`;
  const lines = markdown.slice(0, Math.max(0, max - note.length - 8)).split('\n');
  lines.pop();
  let open = false;
  for (const line of lines) if (/^\s*(`{3,}|~{3,})/.test(line)) open = !open;
  return `${lines.join('\n')}${open ? '\n```' : ''}${note}`;
}

/** Build the pull request body from the provider reports. */
export function mergeReports(reports: readonly ProviderReport[], options: MergeOptions = {}): MergedReport {
  const sorted = [...reports].sort((a, b) => (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0));
  const verdicts = sorted.map(verdictOf);
  const missing = (options.expected ?? []).filter((p) => !reports.some((r) => r.provider === p));
  const breaking = verdicts.some((v) => v.breaking);
  const semver = verdicts.reduce<Semver>((acc, v) => maxSemver(acc, v.semver), 'none');

  const out: string[] = ['# Upstream spec sync', ''];
  out.push(
    breaking
      ? '**Breaking changes.** Code that uses the clients may stop compiling or behave differently; the sections below say where. This pull request carries the `breaking` label.'
      : 'No breaking changes.',
    '',
    ...(() => {
      const blockers = sorted.flatMap(blockersOf);
      return blockers.length > 0 ? ['What breaks:', '', ...blockers, ''] : [];
    })(),
    `Suggested version bump: **${semver}**.`,
    '',
    '| Provider | Bump | Breaking | ERR | WARN | INFO |',
    '| --- | --- | --- | ---: | ---: | ---: |',
    ...verdicts.map((v) => `| ${v.provider} | ${v.semver} | ${v.breaking ? 'yes' : 'no'} | ${v.errors} | ${v.warnings} | ${v.infos} |`),
    ...missing.map((p) => `| ${p} | — | sync failed | — | — | — |`),
    '',
  );
  if (missing.length > 0) {
    out.push(`Providers without a report (their job failed${options.runUrl ? `, see ${options.runUrl}` : ''}): ${missing.join(', ')}.`, '');
  }
  for (const report of sorted) {
    out.push(`## ${report.provider}`, '');
    out.push(report.markdown.trim() ? demoteHeadings(report.markdown.trim()) : '_No Markdown report; see the JSON report in the run artifacts._', '');
  }
  if (options.appendix?.trim()) out.push(options.appendix.trim(), '');
  const markdown = truncate(`${out.join('\n').trimEnd()}\n`, options.maxLength ?? 60_000, options.runUrl);
  return { markdown, breaking, semver, verdicts };
}

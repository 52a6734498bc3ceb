/**
 * API surface reports: one committed `api/<entry>.api.md` per package entry point listing every
 * exported symbol with its full declaration, sorted, so a reviewer sees the consumer-facing effect
 * of any change (an upstream spec update as much as a facade edit) as a diff of this file.
 *
 * - {@link checkApiReports}: compare without writing (`npm run api:check`).
 * - {@link updateApiReports}: write the reports and return what changed (`npm run api:report`,
 *   and the regen job, which puts {@link ApiReportResult.markdown} into its review report).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths.js';
import { compare, readApiEntries, type ApiEntry } from './entries.js';
import { diffLines, formatHunk, toHunks, type DiffLine } from './line-diff.js';
import { readCachedSurfaces, surfaceKey, writeCachedSurfaces } from './cache.js';
import type { ApiSurface, ApiSymbol } from './surface.js';
import type { ProjectGetter } from '../shared-project.js';

export type { ApiEntry } from './entries.js';
export type { ApiSymbol, ApiSurface } from './surface.js';

/** Options shared by {@link checkApiReports} and {@link updateApiReports}. */
export interface ApiReportOptions {
  /**
   * Repository root (tests run on a copy).
   * @default the repository this module lives in
   */
  root?: string;
  /** Files to read with this content instead of what is on disk (regen's new generated output), by absolute path. */
  overrides?: ReadonlyMap<string, string>;
  /** The run's package program (../ts-project.ts), built with the same overrides; one is built when needed otherwise. */
  project?: ProjectGetter;
}

/** One symbol whose report section differs from the committed one. */
export interface ApiSymbolChange {
  /** Report file, repository-relative: `api/dfns.api.md`. */
  report: string;
  /** Import specifier of the entry: `@idlc/clients/dfns`. */
  specifier: string;
  /**
   * The symbol, narrowed to the member when the change sits inside one
   * (`DfnsClient.deactivateUser`); referenced types carry their file: `RetryState (src/core/retry.ts)`.
   */
  symbol: string;
  kind: 'added' | 'removed' | 'changed';
  /** Unified-diff hunks of the symbol's code block, `@@` headers naming the symbol. */
  diff: string;
}

/** What a check or an update found. */
export interface ApiReportResult {
  /** True when at least one report differs from the current surface. */
  changed: boolean;
  /** Repository-relative report files that differ (were rewritten by an update). */
  reports: string[];
  /** Every changed symbol, in report then symbol order. */
  symbols: ApiSymbolChange[];
  /** Plain unified diff of all reports (`--- a/api/x.api.md` / `+++ b/...`); empty when unchanged. */
  diff: string;
  /** The same as a Markdown section for a review report; empty when unchanged. */
  markdown: string;
}

/** Render one entry's report file. Deterministic: no dates, sorted symbols, fixed formatting. */
export function renderApiReport(surface: ApiSurface): string {
  const { entry, symbols } = surface;
  const lines = [
    `# API report: \`${entry.specifier}\``,
    '',
    `<!-- Written by \`npm run api:report\` from ${entry.source}. Do not edit: \`npm run api:check\` compares it with the code. -->`,
    '',
    'Every symbol a consumer can import from this entry point, with its declaration as the published',
    '`.d.ts` files state it. Doc comments are left out; `@deprecated` markers are kept.',
    '',
  ];
  const exportsList = symbols.filter((s) => s.group === 'export');
  const referenced = symbols.filter((s) => s.group === 'referenced');
  lines.push('## Exports', '');
  if (exportsList.length === 0) lines.push('_None._', '');
  for (const symbol of exportsList) lines.push(...section(symbol));
  if (referenced.length > 0) {
    lines.push(
      '## Referenced, not exported',
      '',
      'Declarations the exports above refer to that this entry point does not export by name.',
      '',
    );
    for (const symbol of referenced) lines.push(...section(symbol));
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function headingOf(symbol: Pick<ApiSymbol, 'name' | 'origin'>): string {
  return symbol.origin ? `### \`${symbol.name}\` (${symbol.origin})` : `### \`${symbol.name}\``;
}

function section(symbol: ApiSymbol): string[] {
  return [headingOf(symbol), '', '```ts', symbol.code, '```', ''];
}

/** Split a report into `### ` sections keyed by their heading (the symbol name). */
export function parseApiReport(text: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split('\n')) {
    const heading = /^### `([^`]+)`(?: \((.+)\))?$/.exec(line);
    if (heading) {
      current = [];
      sections.set(heading[2] ? `${heading[1]} (${heading[2]})` : heading[1]!, current);
    } else if (/^#{1,2} /.test(line)) {
      current = undefined;
    } else if (current && line !== '```ts' && line !== '```') {
      current.push(line);
    }
  }
  for (const [key, body] of sections) {
    while (body.length > 0 && body[0] === '') body.shift();
    while (body.length > 0 && body.at(-1) === '') body.pop();
    sections.set(key, body);
  }
  return sections;
}

/** Compare a committed report with a freshly rendered one, symbol by symbol. */
export function diffApiReport(entry: ApiEntry, before: string | undefined, after: string): ApiSymbolChange[] {
  const old = parseApiReport(before ?? '');
  const next = parseApiReport(after);
  const names = [...new Set([...old.keys(), ...next.keys()])].sort(compare);
  const changes: ApiSymbolChange[] = [];
  for (const name of names) {
    const a = old.get(name);
    const b = next.get(name);
    if (a && b && a.join('\n') === b.join('\n')) continue;
    const kind = !a ? 'added' : !b ? 'removed' : 'changed';
    const script = diffLines(a ?? [], b ?? []);
    const hunks = toHunks(script, 3);
    const members = hunks.map((hunk) => memberOf(hunk.lines, a ?? [], b ?? []));
    const diff = hunks.map((hunk, i) => formatHunk(hunk, members[i] ? qualify(name, members[i]) : name)).join('\n');
    const member = kind === 'changed' && members.length === 1 && members[0] ? members[0] : undefined;
    changes.push({ report: entry.report, specifier: entry.specifier, symbol: member ? qualify(name, member) : name, kind, diff });
  }
  return changes;
}

/** `Foo (src/x.ts)` + `bar` → `Foo.bar (src/x.ts)`. */
function qualify(name: string, member: string): string {
  const at = name.indexOf(' (');
  return at === -1 ? `${name}.${member}` : `${name.slice(0, at)}.${member}${name.slice(at)}`;
}

/** A property or method line: `  readonly name?: …`, `  name(…`, `  name<T>(…`. */
const MEMBER = /^( *)(?:readonly |static |protected |public |get |set |abstract )*(['"]?[A-Za-z_$][\w$]*['"]?)\??(?:[(:<]| =)/;

/**
 * The member path a hunk's first change sits in (`users.get`), found like git's function
 * context by walking up through the lines that open each enclosing level: prettier indents every
 * level by two spaces. Parameter lines (ending in `,`) are not members.
 */
function memberOf(hunk: readonly DiffLine[], before: readonly string[], after: readonly string[]): string | undefined {
  const first = hunk.find((l) => l.op !== ' ');
  if (!first) return undefined;
  const lines = first.op === '-' ? before : after;
  const start = (first.op === '-' ? first.oldIndex : first.newIndex) ?? 0;
  const lead = (line: string): number => /^ */.exec(line)![0].length;
  const memberName = (line: string): string | undefined => (line.trimEnd().endsWith(',') ? undefined : MEMBER.exec(line)?.[2]);

  const path: string[] = [];
  let indent = lead(first.text);
  if (indent === 0) return undefined;
  // A `/** @deprecated */` marker belongs to the member on the next line.
  const own = memberName(first.text) ?? (first.text.trim().startsWith('/**') ? memberName(lines[start + 1] ?? '') : undefined);
  if (own) path.push(own);
  let levelNamed = own !== undefined;
  for (let i = start - 1; i >= 0 && indent > 0; i--) {
    const line = lines[i]!;
    const at = lead(line);
    if (line.trim() === '' || at > indent) continue;
    if (at === 0) break;
    const name = memberName(line);
    if (at < indent) {
      indent = at;
      levelNamed = false;
    }
    // A line at the current level names it only if nothing has yet: the start of a multi-line
    // signature, or the opener of the enclosing object.
    if (!levelNamed && name) {
      path.unshift(name);
      levelNamed = true;
    }
  }
  return path.length > 0 ? path.join('.') : undefined;
}

/** Unified diff of two whole report files (for `--- a/` / `+++ b/` output). */
function fileDiff(report: string, before: string | undefined, after: string): string {
  const a = before === undefined ? [] : before.replace(/\n$/, '').split('\n');
  const b = after.replace(/\n$/, '').split('\n');
  const hunks = toHunks(diffLines(a, b), 3);
  if (hunks.length === 0) return '';
  const oldName = before === undefined ? '/dev/null' : `a/${report}`;
  return [`--- ${oldName}`, `+++ b/${report}`, ...hunks.map((h) => formatHunk(h))].join('\n');
}

/** Collect the current surface and compare it with the committed reports; writes nothing (regen writes `files` in its own batch). */
export async function computeApiReports(options: ApiReportOptions): Promise<{ root: string; files: Map<string, string>; result: ApiReportResult }> {
  const root = options.root ?? repoRoot;
  const entries = readApiEntries(root);
  // The compile is skipped when nothing the declarations are built from changed (./cache.ts);
  // the compiler is loaded only when it runs.
  const key = surfaceKey(root, entries, options.overrides);
  let surfaces = readCachedSurfaces(root, key);
  if (!surfaces) {
    const { collectApiSurfaces } = await import('./surface.js');
    surfaces = await collectApiSurfaces(root, entries, options.overrides, options.project);
    writeCachedSurfaces(root, key, surfaces);
  }
  const files = new Map<string, string>();
  const symbols: ApiSymbolChange[] = [];
  const diffs: string[] = [];
  const reports: string[] = [];
  for (const surface of surfaces) {
    const rendered = renderApiReport(surface);
    const file = path.join(root, surface.entry.report);
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (before === rendered) continue;
    files.set(file, rendered);
    reports.push(surface.entry.report);
    symbols.push(...diffApiReport(surface.entry, before, rendered));
    const text = fileDiff(surface.entry.report, before, rendered);
    if (text) diffs.push(text);
  }
  const diff = diffs.length > 0 ? `${diffs.join('\n')}\n` : '';
  return { root, files, result: { changed: reports.length > 0, reports, symbols, diff, markdown: renderMarkdown(symbols) } };
}

/** The review-report section: a summary list naming each symbol, then the per-symbol diffs. */
export function renderMarkdown(symbols: readonly ApiSymbolChange[]): string {
  if (symbols.length === 0) return '';
  const out = ['## Public API changes', ''];
  const bySpecifier = new Map<string, ApiSymbolChange[]>();
  for (const s of symbols) bySpecifier.set(s.specifier, [...(bySpecifier.get(s.specifier) ?? []), s]);
  for (const [specifier, list] of bySpecifier) {
    out.push(`### \`${specifier}\` (${list[0]!.report})`, '');
    for (const s of list) out.push(`- ${s.kind}: \`${s.symbol}\``);
    out.push('', '```diff', ...list.map((s) => s.diff), '```', '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

/** Compare the committed reports with the current code; writes nothing. */
export async function checkApiReports(options: ApiReportOptions = {}): Promise<ApiReportResult> {
  return (await computeApiReports(options)).result;
}

/**
 * Rewrite the reports that differ from the current code (each through a temp file and a rename)
 * and return what changed. This is the function the regen job calls after generating: its
 * `markdown` goes into the review report, next to the spec diff.
 *
 * @example
 * const api = await updateApiReports();
 * if (api.changed) reviewReport += `\n${api.markdown}`;
 */
export async function updateApiReports(options: ApiReportOptions = {}): Promise<ApiReportResult> {
  const { files, result } = await computeApiReports(options);
  for (const [file, content] of files) {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.tmp-${process.pid}`;
    writeFileSync(temp, content);
    renameSync(temp, file);
  }
  return result;
}

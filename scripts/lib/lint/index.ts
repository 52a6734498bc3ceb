/**
 * The lint stage: Redocly CLI with the project's redocly.yaml (recommended ruleset plus the rules
 * in scripts/redocly). It runs as its own process, exactly as `npm run specs:lint` and a user at
 * the shell would run it, so the gate in regen and the gate a reviewer runs cannot disagree; the
 * APIs one run lints go to one such process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { repoRoot } from '../paths.js';

const require = createRequire(import.meta.url);

/** One problem as Redocly reports it, flattened to what a person needs. */
export interface LintProblem {
  ruleId: string;
  severity: 'error' | 'warn';
  message: string;
  file: string;
  line?: number;
  pointer?: string;
}

export interface LintResult {
  /** The API alias from redocly.yaml (the provider id). */
  api: string;
  errors: number;
  warnings: number;
  problems: LintProblem[];
}

/** The environment Redocly runs in: no telemetry, no update checks (CI has no network). */
export function redoclyEnv(): NodeJS.ProcessEnv {
  return { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };
}

export function redoclyBin(): string {
  return path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin', 'cli.js');
}

/** Redocly's JSON report of one API. */
interface RedoclyReport {
  totals: { errors: number; warnings: number };
  problems: { ruleId: string; severity: string; message: string; location?: { source?: { ref?: string }; pointer?: string; start?: { line: number } }[] }[];
}

/**
 * The JSON objects of `text` in order, each as its source text: Redocly prints one report per
 * API it linted, one after the other. Text between objects is skipped; an object cut off at
 * the end is left out.
 */
export function jsonObjects(text: string): string[] {
  const out: string[] = [];
  let start = text.indexOf('{');
  while (start !== -1) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = i + 1;
        break;
      }
    }
    if (end === -1) break;
    out.push(text.slice(start, end));
    start = text.indexOf('{', end);
  }
  return out;
}

function toResult(api: string, report: RedoclyReport, root: string): LintResult {
  const problems: LintProblem[] = report.problems
    .filter((p) => p.severity === 'error' || p.severity === 'warn')
    .map((p) => {
      const loc = p.location?.[0];
      const ref = loc?.source?.ref ?? api;
      return {
        ruleId: p.ruleId,
        severity: p.severity as 'error' | 'warn',
        message: p.message,
        file: path.relative(root, path.resolve(root, ref)).split(path.sep).join('/'),
        line: loc?.start?.line,
        pointer: loc?.pointer,
      };
    });
  return { api, errors: report.totals.errors, warnings: report.totals.warnings, problems };
}

/**
 * Run `redocly lint <apis…> --format=json` once; resolves with the report of each API it got
 * to, in order (Redocly lints them one after the other and stops at a document it cannot
 * read, so the list may be shorter than `apis`), and the first line of what it said otherwise.
 */
async function runRedocly(apis: readonly string[], root: string): Promise<{ reports: RedoclyReport[]; detail: string }> {
  // Loaded here: a run that lints nothing (an unchanged regen) never loads the process module.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [redoclyBin(), 'lint', ...apis, '--format=json', `--config=${path.join(root, 'redocly.yaml')}`],
      { cwd: root, env: redoclyEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const detail = ((stderr || error?.message || 'no output').split('\n').find((l) => l.trim() !== '') ?? 'no output').trim();
        try {
          resolve({ reports: jsonObjects(stdout).map((text) => JSON.parse(text) as RedoclyReport), detail });
        } catch (err) {
          reject(new Error(`redocly lint ${apis.join(' ')} gave unreadable output: ${(err as Error).message}`));
        }
      },
    );
  });
}

/**
 * Lint one API, named by its alias in redocly.yaml, or one file path. Resolves with the counts;
 * rejects only when Redocly itself could not run.
 */
export async function lintApi(api: string, root = repoRoot): Promise<LintResult> {
  const { reports, detail } = await runRedocly([api], root);
  if (reports.length === 0) throw new Error(`redocly lint ${api} did not run: ${detail}`);
  if (reports.length > 1) throw new Error(`redocly lint ${api} gave unreadable output: ${reports.length} reports for one API`);
  return toResult(api, reports[0]!, root);
}

/**
 * Lint several APIs in one Redocly process, so its start (most of a small spec's lint) is paid
 * once: the same rules, config and reports as {@link lintApi} on each, in the order given.
 * Where Redocly stopped before the last (a document it could not read), the APIs it did not
 * report on are linted one by one, so each gets its own verdict or its own error.
 */
export async function lintApis(apis: readonly string[], root = repoRoot): Promise<LintResult[]> {
  if (apis.length <= 1) return Promise.all(apis.map((api) => lintApi(api, root)));
  const { reports } = await runRedocly(apis, root);
  if (reports.length > apis.length) throw new Error(`redocly lint ${apis.join(' ')} gave unreadable output: ${reports.length} reports for ${apis.length} APIs`);
  const done = reports.map((report, i) => toResult(apis[i]!, report, root));
  return [...done, ...(await Promise.all(apis.slice(done.length).map((api) => lintApi(api, root))))];
}

/** Format one problem the way compilers do: `file:line rule severity message`. */
export function formatProblem(p: LintProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity} ${p.ruleId}: ${p.message}`;
}

/**
 * The lint stage: Redocly CLI with the project's redocly.yaml (recommended ruleset plus the rules
 * in scripts/redocly). It runs as its own process, exactly as `npm run specs:lint` and a user at
 * the shell would run it, so the gate in regen and the gate a reviewer runs cannot disagree.
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

/**
 * Lint one API, named by its alias in redocly.yaml, or one file path. Resolves with the counts;
 * rejects only when Redocly itself could not run.
 */
export async function lintApi(api: string, root = repoRoot): Promise<LintResult> {
  // Loaded here: a run that lints nothing (an unchanged regen) never loads the process module.
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [redoclyBin(), 'lint', api, '--format=json', `--config=${path.join(root, 'redocly.yaml')}`],
      { cwd: root, env: redoclyEnv(), maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const start = stdout.indexOf('{');
        if (start === -1) {
          const detail = (stderr || error?.message || 'no output').split('\n').find((l) => l.trim() !== '') ?? 'no output';
          reject(new Error(`redocly lint ${api} did not run: ${detail.trim()}`));
          return;
        }
        try {
          const report = JSON.parse(stdout.slice(start)) as {
            totals: { errors: number; warnings: number };
            problems: { ruleId: string; severity: string; message: string; location?: { source?: { ref?: string }; pointer?: string; start?: { line: number } }[] }[];
          };
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
          resolve({ api, errors: report.totals.errors, warnings: report.totals.warnings, problems });
        } catch (err) {
          reject(new Error(`redocly lint ${api} gave unreadable output: ${(err as Error).message}`));
        }
      },
    );
  });
}

/** Format one problem the way compilers do: `file:line rule severity message`. */
export function formatProblem(p: LintProblem): string {
  return `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity} ${p.ruleId}: ${p.message}`;
}

import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The pieces of the repository a pipeline run needs. */
const PIPELINE_ENTRIES = ['specs', 'scripts', 'generated', 'src', 'redocly.yaml', 'package.json', 'tsconfig.json'];

/**
 * A throwaway copy of the repository's pipeline files with node_modules linked in, so tests can
 * run the real commands and break things without touching the working tree.
 */
export function makeTempRepo(entries = PIPELINE_ENTRIES): { root: string; cleanup: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), 'idlc-repo-'));
  for (const entry of entries) {
    const from = path.join(repoRoot, entry);
    if (existsSync(from)) cpSync(from, path.join(root, entry), { recursive: true });
  }
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run one of the repository's commands (`scripts/<name>.ts`) in the given root the way `npm run`
 * does: through the launcher, which runs the command's built JavaScript (building it first when
 * the root has no current build). Transpiling each run with tsx cost a second or two of CPU per
 * call; a root without the launcher still runs the source with tsx.
 */
export function runScript(root: string, script: string, args: string[] = []): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...commandLine(root, script), ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

/** Node's arguments (before the command's own) that start `scripts/<script>` in `root`. */
export function commandLine(root: string, script: string): string[] {
  const launcher = path.join(root, 'scripts', 'build', 'run.mjs');
  if (existsSync(launcher)) return [launcher, script.replace(/\.ts$/, '')];
  return ['--import', 'tsx', path.join(root, 'scripts', script)];
}

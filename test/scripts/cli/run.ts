import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../helpers/temp-repo.js';

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run a command the way `npm run` does: the launcher, which runs the built JavaScript. */
export function runCommandLine(args: string[], options: { root?: string; cwd?: string; env?: NodeJS.ProcessEnv; npm?: boolean } = {}): Promise<Ran> {
  const root = options.root ?? repoRoot;
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...options.env };
  // Where the user typed the command is part of the contract of some commands; tests say it.
  delete env.INIT_CWD;
  if (options.env?.INIT_CWD) env.INIT_CWD = options.env.INIT_CWD;
  const [file, argv] = options.npm ? ['npm', ['run', '--silent', ...args]] : [process.execPath, [path.join(root, 'scripts', 'build', 'run.mjs'), ...args]];
  return new Promise((resolve) => {
    execFile(file, argv, { cwd: options.cwd ?? root, env, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

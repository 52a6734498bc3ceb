/**
 * Child processes for the package round trip, always asynchronous (the test process also serves
 * HTTP) and with an environment of our choosing: npm reads only the throwaway user config we
 * write, never the developer's `~/.npmrc` or the `npm_config_*` variables of an outer `npm run`.
 */
import { spawn } from 'node:child_process';

/** Outcome of a finished command. */
export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall time in milliseconds. */
  ms: number;
}

/** Environment for npm: PATH, HOME, the npm cache in use, and an explicit user config. */
export function npmEnv(userconfig: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    // Keep whichever cache the outer npm uses: installs of public packages stay fast and offline-friendly.
    ...(process.env.npm_config_cache ? { npm_config_cache: process.env.npm_config_cache } : {}),
    npm_config_userconfig: userconfig,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    npm_config_loglevel: 'warn',
    NO_COLOR: '1',
  };
  for (const key of ['TMPDIR', 'SystemRoot', 'APPDATA', 'LOCALAPPDATA', 'HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY', 'https_proxy', 'http_proxy', 'no_proxy']) {
    if (process.env[key] !== undefined) env[key] = process.env[key];
  }
  return env;
}

/** Run `command args` in `cwd`; resolves (never rejects) with the exit code and output. */
export function exec(command: string, args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<ExecResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      stderr += `\n(timed out after ${options.timeoutMs}ms)`;
      child.kill('SIGTERM');
    }, options.timeoutMs ?? 120_000);
    child.on('error', (err) => {
      stderr += String(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr, ms: Date.now() - start });
    });
  });
}

/** `npm` with the given user config. */
export function npm(args: readonly string[], cwd: string, userconfig: string, timeoutMs?: number): Promise<ExecResult> {
  return exec(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, { cwd, env: npmEnv(userconfig), ...(timeoutMs ? { timeoutMs } : {}) });
}

/** A readable failure message for an assertion. */
export function describeResult(label: string, result: ExecResult): string {
  return `${label} exited with ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`;
}

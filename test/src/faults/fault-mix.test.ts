/**
 * The bounded fault-mix run (see fault-mix.ts), in a child process of its own so that "the
 * process exits cleanly" is something the test observes: the child prints its counts and must
 * then end by itself, with no timer, socket or handle keeping it alive.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { FaultMixReport } from './fault-mix.js';

const SCRIPT = fileURLToPath(new URL('./fault-mix.ts', import.meta.url));
const CALLS = 2000;

function runChild(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], { env: { ...process.env, FAULT_MIX_CALLS: String(CALLS) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // Bound: a child still alive this long after starting did not exit cleanly.
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, 50_000);
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

describe('fault mix', () => {
  it(`${CALLS} calls at concurrency 50 under 429/5xx/resets/stalls/bad bodies/redirects: none hung, untyped, wrongly retried or leaking, and a clean exit`, async () => {
    const run = await runChild();
    expect(run.stderr).toBe('');
    expect(run.killed).toBe(false);
    expect(run.signal).toBeNull();
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout.trim().split('\n').pop()!) as FaultMixReport;
    expect(report.calls).toBe(CALLS);
    expect(report.resolved + report.rejected).toBe(CALLS);
    expect(report.hung).toBe(0);
    expect(report.untyped).toEqual([]);
    expect(report.wrongRetries).toBe(0);
    expect(report.sinkRequests).toBe(0);
    expect(report.secretLeaks).toEqual([]);
    expect(report.unhandled).toBe(0);
    // The mix really was mixed, and retries served many of the faulted calls.
    for (const fault of ['429', '500', '503', 'reset', 'reset-body', 'stall', 'html', 'truncated', 'redirect', '401']) expect(report.faults[fault] ?? 0).toBeGreaterThan(10);
    expect(report.resolved).toBeGreaterThan(CALLS / 2);
  }, 60_000);
});

/**
 * Exit bench: how long a script that used a client takes to exit after its last call, when it
 * never calls `close()` (idle pooled sockets must not keep the process alive).
 *
 *   npm --prefix bench run exit
 *   BENCH_EXIT_RUNS=15 npm --prefix bench run exit
 *
 * The loopback server of the facade bench (bench/facade-server.mjs, keep-alive for 60 s, so a
 * referenced idle socket would hold the script for a minute) runs in a worker thread. Each run
 * starts `node facade-exit-script.mjs` for one subject: it makes one call (Dfns: the three
 * signed requests) through the package as `npm run build` makes it, prints the time the call
 * resolved, and ends. The delay is from that time to the child's `exit` event here. Subjects
 * take turns, BENCH_EXIT_RUNS runs each (default 9); the median is printed with the range.
 * References: raw `globalThis.fetch` and `node:http` making the same kind of call, and a
 * script making no call at all (the cost of exiting itself).
 *
 * Where the time goes: undici (the one inside Node's `fetch`, and ours once a client has made
 * 1000 requests) parses HTTP with llhttp compiled to WebAssembly, and V8 keeps compiling that
 * module in the background after the first request; the process's exit waits for that work
 * (`node --liftoff-only` makes the delay vanish). `node:http`, whose parser is native, never has
 * it, and a client's first 1000 requests go through it, so a script like these never loads
 * undici at all. On a loaded machine that compilation is the bulk of raw fetch's delay.
 *
 * No pass/fail: the numbers depend on the machine.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildPackage } from './build-package.js';
import { printTargets, type Target } from './targets.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const RUNS = Number(process.env.BENCH_EXIT_RUNS ?? 9);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('BENCH_EXIT_RUNS must be a positive integer');
/** A child that has not exited this long after its call is stuck on something: stop it. */
const STUCK_MS = 10_000;
const SUBJECTS = ['none', 'http', 'fetch', 'zitadel', 'dfns', 'sailpoint'] as const;
const CRED_ID = 'cr-exit-ed25519';

for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) delete process.env[name];
process.env.NO_PROXY = process.env.no_proxy = '127.0.0.1,localhost,::1';

const pkg = await buildPackage();
const server = new Worker(new URL('./facade-server.mjs', import.meta.url), { workerData: { credId: CRED_ID } });
const port = await new Promise<number>((resolve, reject) => {
  server.once('message', (message: { port: number }) => resolve(message.port));
  server.once('error', reject);
});
const baseUrl = `http://127.0.0.1:${port}`;
const now = (): number => performance.timeOrigin + performance.now();

/** One script run: milliseconds from its last call resolving to its exit. */
function exitDelay(subject: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(benchDir, 'facade-exit-script.mjs'), pkg, subject, baseUrl, CRED_ID], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const stuck = setTimeout(() => child.kill('SIGKILL'), STUCK_MS);
    child.on('exit', (code, signal) => {
      const exitedAt = now();
      clearTimeout(stuck);
      const lastCall = Number(out.trim());
      if (code !== 0 || !Number.isFinite(lastCall)) reject(new Error(`${subject}: exit ${code ?? signal}, output ${JSON.stringify(out)} ${err.slice(0, 500)}`));
      else resolve(exitedAt - lastCall);
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
};

console.log(`exit bench: ${RUNS} runs per subject, Node ${process.version}, server ${baseUrl}, load average ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
const delays = new Map<string, number[]>(SUBJECTS.map((s) => [s, []]));
for (let run = 0; run < RUNS; run++) {
  for (const subject of run % 2 === 0 ? SUBJECTS : [...SUBJECTS].reverse()) delays.get(subject)!.push(await exitDelay(subject));
}
console.log();
for (const subject of SUBJECTS) {
  const values = delays.get(subject)!;
  console.log(`  ${subject.padEnd(10)} median ${median(values).toFixed(1)} ms  (min ${Math.min(...values).toFixed(1)}, max ${Math.max(...values).toFixed(1)})`);
}
console.log();
const targets: Target[] = (['zitadel', 'dfns', 'sailpoint'] as const).map((subject) => ({
  label: `${subject}: exit after the last call`,
  value: median(delays.get(subject)!) / 1000,
  direction: '<=',
  goal: 0.1,
  unit: 's',
}));
const ref = (subject: string): string => `${median(delays.get(subject)!).toFixed(1)} ms`;
printTargets('exit', targets, `targets (median of ${RUNS} runs; raw fetch ${ref('fetch')}, node:http ${ref('http')}, no call ${ref('none')}):`);
console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`);
server.postMessage('close');
await new Promise((resolve) => server.once('exit', resolve));

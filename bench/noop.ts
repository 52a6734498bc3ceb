/**
 * No-op regen bench: `npm run regen` on a tree where nothing changed, the run a developer or a CI
 * job makes most often, timed as a whole process. Runs in the repository itself, which must be
 * up to date (one warm-up run first builds the commands and must report that nothing was
 * written). Then, taking turns so a burst of load on the machine hits all three alike, N rounds
 * of:
 *
 * - `npm run regen` (the figure the target is about);
 * - `node scripts/build/run.mjs regen`, the same command without npm in front;
 * - `node -e 0`, Node's own start and exit.
 *
 * Prints the median of each, and the target (under 0.5 s, quiet machine); no pass/fail.
 *
 * Usage: `npm --prefix bench run noop` (`BENCH_NOOP_RUNS`, default 21).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, printTargets } from './targets.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNS = Math.max(1, Number(process.env.BENCH_NOOP_RUNS ?? 21));
/** A single run that takes longer than this is stuck, not slow. */
const RUN_TIMEOUT_MS = 60_000;
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const subjects = [
  { label: 'npm run regen', command: npm, args: ['run', 'regen'] },
  { label: 'node scripts/build/run.mjs regen', command: process.execPath, args: ['scripts/build/run.mjs', 'regen'] },
  { label: 'node -e 0', command: process.execPath, args: ['-e', '0'] },
];

function timed(command: string, args: string[]): { ms: number; stdout: string; status: number | null } {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: root, encoding: 'utf8', timeout: RUN_TIMEOUT_MS, env: { ...process.env, NO_COLOR: '1' } });
  return { ms: performance.now() - start, stdout: result.stdout ?? '', status: result.status };
}

const warm = timed(npm, ['run', 'regen']);
if (warm.status !== 0 || !/nothing was written/.test(warm.stdout)) {
  console.error(`error: the tree is not up to date (npm run regen exited ${warm.status}): run \`npm run regen\` and commit first`);
  process.exit(1);
}

const times = subjects.map(() => [] as number[]);
for (let round = 0; round < RUNS; round++) {
  subjects.forEach((s, i) => {
    const run = timed(s.command, s.args);
    if (run.status !== 0) throw new Error(`${s.label} exited ${run.status}`);
    times[i]!.push(run.ms);
  });
}

console.log(`no-op regen, ${RUNS} rounds (load average ${loadavg()[0]!.toFixed(1)} at the end):`);
subjects.forEach((s, i) => console.log(`  ${s.label.padEnd(34)} median ${median(times[i]!).toFixed(0).padStart(4)} ms   min ${Math.min(...times[i]!).toFixed(0).padStart(4)} ms`));
const [npmRun, direct, bare] = times.map(median) as [number, number, number];
console.log(`  npm's own share ${(npmRun - direct).toFixed(0)} ms; the command's work after Node's start ${(direct - bare).toFixed(0)} ms`);
printTargets('noop', [{ label: `npm run regen, unchanged tree, median of ${RUNS}`, value: npmRun / 1000, direction: '<=', goal: 0.5, unit: 's' }]);

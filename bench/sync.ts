/**
 * Sync-step bench: what a maintainer waits for when SailPoint publishes a new document. The
 * repository as it is (tracked and untracked, not ignored, files) is copied to a temporary
 * folder, the commands are built there (as `npm install` does), and then, each a whole process
 * timed one at a time:
 *
 * 1. `specs:pull --provider sailpoint --from v3=<other v3 snapshot> --from beta=… --from oauth=…
 *    --update --accept --accept-breaking`: fetch (local files from ../shared/upstream), check
 *    against the lock, normalize, and regen in memory (lint, generate, review with the compile
 *    check, the facade type-check and the contract run, API reports) and write it all;
 * 2. `regen` right after it (nothing left to do: the no-op path);
 * 3. `api:report` cold (its cache removed) and warm.
 *
 * The pinned v3 document is the newest snapshot, so the "newer" pin pulled is another dated one
 * (`BENCH_SYNC_DATES`, default `2026-03-31,2025-10-29`): for the review a change is a change
 * either way. Each date is one round on a fresh copy. Prints every figure against its target
 * (sync step ≤ 15 s, `api:report` ≤ 8 s); no pass/fail. Results also go to bench/.out/sync.json.
 *
 * Usage: `npm --prefix bench run sync`
 */
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { printTargets, type Target } from './targets.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const upstream = path.resolve(root, '../shared/upstream/sailpoint');
const DATES = (process.env.BENCH_SYNC_DATES ?? '2026-03-31,2025-10-29').split(',').map((d) => d.trim()).filter(Boolean);
/** A step that takes longer than this is stuck, not slow. */
const STEP_TIMEOUT_MS = 10 * 60 * 1000;

function run(cwd: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, timeout: STEP_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`node ${args.join(' ')} failed: ${stderr || stdout || error.message}`));
      else resolve({ ms: performance.now() - start, stdout });
    });
  });
}

/** A copy of the repository's files (not the ignored ones), with the root's node_modules linked in. */
function copyRepository(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-sync-'));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter(Boolean);
  for (const rel of files) {
    const from = path.join(root, rel);
    const to = path.join(dir, rel);
    mkdirSync(path.dirname(to), { recursive: true });
    try {
      cpSync(from, to);
    } catch {
      // Listed by git but deleted in the working tree.
    }
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  execFileSync('git', ['init', '-q'], { cwd: dir });
  return dir;
}

const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Round {
  date: string;
  pullMs: number;
  regenMs: number;
  apiColdMs: number;
  apiWarmMs: number;
  pullTail: string;
}

const rounds: Round[] = [];
console.log(`sync bench: ${DATES.length} round(s); ${availableParallelism()} core(s), load average ${loadavg()[0]!.toFixed(1)} at start\n`);
for (const date of DATES) {
  const dir = copyRepository();
  try {
    await run(dir, ['scripts/build/build.mjs']);
    const from = [
      `v3=${path.join(upstream, `sailpoint-v3-deref-${date}.yaml`)}`,
      `beta=${path.join(upstream, 'sailpoint-beta-deref-2026-08-04.yaml')}`,
      `oauth=${path.join(upstream, 'sailpoint-oauth-deref-2026-05-24.yaml')}`,
    ].flatMap((f) => ['--from', f]);
    const pull = await run(dir, ['scripts/build/run.mjs', 'pull', '--provider', 'sailpoint', ...from, '--update', '--accept', '--accept-breaking']);
    const regen = await run(dir, ['scripts/build/run.mjs', 'regen']);
    rmSync(path.join(dir, '.cache', 'api-report'), { recursive: true, force: true });
    const apiCold = await run(dir, ['scripts/build/run.mjs', 'api-report']);
    const apiWarm = await run(dir, ['scripts/build/run.mjs', 'api-report']);
    const round: Round = { date, pullMs: pull.ms, regenMs: regen.ms, apiColdMs: apiCold.ms, apiWarmMs: apiWarm.ms, pullTail: pull.stdout.trimEnd().split('\n').slice(-3).join('\n') };
    rounds.push(round);
    console.log(`SailPoint v3 pinned → ${date}`);
    console.log(`  specs:pull --accept ${s(round.pullMs)}   regen after it ${s(round.regenMs)}   sync step ${s(round.pullMs + round.regenMs)} (target ≤ 15 s)`);
    console.log(`  api:report          ${s(round.apiColdMs)} cold, ${s(round.apiWarmMs)} warm (target ≤ 8 s)`);
    console.log(`  pull said: ${round.pullTail.replace(/\n/g, "\n             ")}\n`);
    if (process.env.BENCH_VERBOSE) console.log(pull.stdout);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
mkdirSync(path.join(here, '.out'), { recursive: true });
writeFileSync(path.join(here, '.out/sync.json'), `${JSON.stringify({ cores: availableParallelism(), rounds }, null, 2)}\n`);
const targets: Target[] = [
  { label: `sync step (pull --accept + regen), median of ${rounds.length}`, value: median(rounds.map((r) => r.pullMs + r.regenMs)) / 1000, direction: '<=', goal: 15, unit: 's' },
  { label: `api:report cold, median of ${rounds.length}`, value: median(rounds.map((r) => r.apiColdMs)) / 1000, direction: '<=', goal: 8, unit: 's' },
  { label: `api:report warm, median of ${rounds.length}`, value: median(rounds.map((r) => r.apiWarmMs)) / 1000, direction: '<=', goal: 8, unit: 's' },
];
printTargets('sync', targets);
console.log(`load average ${loadavg()[0]!.toFixed(1)} at the end; results in bench/.out/sync.json`);

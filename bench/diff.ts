/**
 * Diff bench, on the three consecutive pairs of real SailPoint v3 documents
 * (../shared/upstream, read in place). Per pair, every step a whole process run one at a time:
 *
 * - ours: `specs:diff <base> <revision> --format json` (the built command, as `npm run specs:diff` runs it),
 *   cold (`--no-cache`: both documents loaded and parsed) and warm (loaded documents reused
 *   from .cache/specs-diff/, as a CI job that diffs the same upstream files again would);
 * - the peer: api-smart-diff 1.0.6 (parse with the same YAML library, compare) in bench/diff-peer.mjs;
 * - the floor: parse both files and list the operations (bench/diff-list-ops.mjs);
 * - ours with `--compile-check`.
 *
 * Plus the comparison alone, parsing excluded, measured in-process for both tools. Prints
 * medians and the ratios (targets: whole process ≥ 2.5× faster than the peer, our comparison
 * ≤ 0.5 s, --compile-check ≤ 15 s); no pass/fail. Results also go to bench/.out/diff.json.
 *
 * Usage: `npm --prefix bench run diff [-- --runs 3]`
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diffSpecs } from '../scripts/lib/diff/index.js';
import { readDiffInput } from '../scripts/lib/diff/input.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..');
const upstream = path.resolve(root, '../shared/upstream/sailpoint');
// The launcher `npm run specs:diff` runs: built JavaScript, rebuilt first if a source changed.
const specsDiff = ['scripts/build/run.mjs', 'diff'];
const runsFlag = process.argv.indexOf('--runs');
const RUNS = runsFlag === -1 ? 3 : Number(process.argv[runsFlag + 1]);
const DATES = ['2025-08-25', '2025-10-29', '2026-03-31', '2026-08-04'];
const file = (date: string) => path.join(upstream, `sailpoint-v3-deref-${date}.yaml`);

function run(cmd: string, args: string[]): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { cwd: root, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${path.basename(cmd)} ${args.join(' ')} failed: ${stderr || error.message}`));
      else resolve({ ms: performance.now() - start, stdout });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

interface PairResult {
  pair: string;
  oursWholeMs: number;
  oursWarmMs: number;
  peerWholeMs: number;
  floorWholeMs: number;
  oursCompareMs: number;
  oursCompareColdMs: number;
  peerCompareMs: number;
  compileCheckWholeMs: number;
  ours: { ERR: number; WARN: number; INFO: number; changes: number };
  peer: { diffs: number; byType: Record<string, number> };
}

const results: PairResult[] = [];
console.log(`diff bench: ${RUNS} run(s) per step, medians; ${availableParallelism()} core(s), load average ${loadavg()[0]!.toFixed(1)} at start\n`);
for (let i = 0; i < DATES.length - 1; i++) {
  const [a, b] = [file(DATES[i]!), file(DATES[i + 1]!)];
  const pair = `${DATES[i]} → ${DATES[i + 1]}`;
  const ours: number[] = [];
  const warm: number[] = [];
  const peer: number[] = [];
  const floor: number[] = [];
  let oursOut = '';
  let peerOut = '';
  await run(process.execPath, [...specsDiff, a, b, '--format', 'json']); // fills the cache for the warm runs
  for (let r = 0; r < RUNS; r++) {
    const o = await run(process.execPath, [...specsDiff, a, b, '--format', 'json', '--no-cache']);
    ours.push(o.ms);
    oursOut = o.stdout;
    const w = await run(process.execPath, [...specsDiff, a, b, '--format', 'json']);
    warm.push(w.ms);
    if (w.stdout !== o.stdout) throw new Error('cached and uncached runs disagree');
    const p = await run(process.execPath, [path.join(here, 'diff-peer.mjs'), a, b]);
    peer.push(p.ms);
    peerOut = p.stdout;
    floor.push((await run(process.execPath, [path.join(here, 'diff-list-ops.mjs'), a, b])).ms);
  }
  const peerCompare: number[] = [];
  for (let r = 0; r < RUNS; r++) peerCompare.push(JSON.parse((await run(process.execPath, [path.join(here, 'diff-peer.mjs'), a, b, '--time-compare'])).stdout).compareMs);

  // Our comparison alone: documents loaded once, then diffSpecs timed (first call and warm median).
  const [base, revision] = [await readDiffInput(a), await readDiffInput(b)];
  const compare: number[] = [];
  let cold = 0;
  for (let r = 0; r < RUNS + 2; r++) {
    const start = performance.now();
    diffSpecs(base.doc, revision.doc);
    const ms = performance.now() - start;
    if (r === 0) cold = ms;
    else compare.push(ms);
  }
  const cc = await run(process.execPath, [...specsDiff, a, b, '--format', 'json', '--compile-check', '--no-cache']);

  const parsed = JSON.parse(oursOut) as { changes: unknown[]; summary: { ERR: number; WARN: number; INFO: number } };
  const result: PairResult = {
    pair,
    oursWholeMs: median(ours),
    oursWarmMs: median(warm),
    peerWholeMs: median(peer),
    floorWholeMs: median(floor),
    oursCompareMs: median(compare),
    oursCompareColdMs: cold,
    peerCompareMs: median(peerCompare),
    compileCheckWholeMs: cc.ms,
    ours: { ...parsed.summary, changes: parsed.changes.length },
    peer: JSON.parse(peerOut),
  };
  results.push(result);
  console.log(`SailPoint v3 ${pair}`);
  console.log(`  whole process   ours ${s(result.oursWholeMs)} cold, ${s(result.oursWarmMs)} warm   api-smart-diff ${s(result.peerWholeMs)}   parse+list floor ${s(result.floorWholeMs)}`);
  console.log(`                  ratio ${(result.peerWholeMs / result.oursWholeMs).toFixed(2)}× cold, ${(result.peerWholeMs / result.oursWarmMs).toFixed(2)}× warm (target ≥ 2.5×)`);
  console.log(`  comparison only ours ${s(result.oursCompareMs)} (first call ${s(cold)})   api-smart-diff ${s(result.peerCompareMs)}   ratio ${(result.peerCompareMs / result.oursCompareMs).toFixed(1)}× (target ours ≤ 0.50 s)`);
  console.log(`  --compile-check  ${s(result.compileCheckWholeMs)} whole process, cold (target ≤ 15 s)`);
  console.log(`  found            ours ${result.ours.changes} changes (${result.ours.ERR} ERR, ${result.ours.WARN} WARN, ${result.ours.INFO} INFO); api-smart-diff ${result.peer.diffs} diffs ${JSON.stringify(result.peer.byType)}\n`);
}
mkdirSync(path.join(here, '.out'), { recursive: true });
writeFileSync(path.join(here, '.out/diff.json'), `${JSON.stringify({ runs: RUNS, cores: availableParallelism(), results }, null, 2)}\n`);
console.log(`load average ${loadavg()[0]!.toFixed(1)} at the end; results in bench/.out/diff.json`);

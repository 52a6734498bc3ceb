/**
 * Size bench: what one call costs a consumer in bundle size and type-checking time, ours against
 * each provider's official SDK.
 *
 *   npm --prefix bench run size
 *
 * For each provider there are two one-call programs in bench/size/ (`ours-<p>.ts` on our client,
 * `sdk-<p>.ts` on the official SDK, doing the same call). Ours import `@idlc/clients/<p>` as a
 * consumer would; it resolves to the package as `npm run build` makes it (built here into
 * bench/.out/pkg), so both sides are measured as published: JavaScript plus `.d.ts` files. Each
 * program is
 * - bundled with esbuild as `--bundle --minify --platform=node` would, and the output gzipped
 *   (level 9);
 * - type-checked with `tsc --noEmit` (strict, `skipLibCheck: false`, NodeNext), timed as a whole
 *   process; BENCH_TSC_RUNS runs each (default 3, ours and the SDK taking turns), the median is
 *   printed with the error count. Ours must have 0 errors. A program with no import at all
 *   (size/empty.ts) gives the baseline every program pays (lib.dom, @types/node); the time
 *   above it is printed as a second ratio. The type instantiation counts tsc reports are
 *   printed too: unlike the times, they do not move with the machine's load.
 *
 * Prints a table of sizes, times and ratios; no pass/fail.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';
import { buildPackage, packageDir, repoRoot, tscPath } from './build-package.js';
import { printTargets, type Target } from './targets.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = repoRoot;
const tsc = tscPath;
const pkg = packageDir;
const RUNS = Number(process.env.BENCH_TSC_RUNS ?? 3);
if (!Number.isInteger(RUNS) || RUNS < 1) throw new Error('BENCH_TSC_RUNS must be a positive integer');

const PROVIDERS = [
  { id: 'dfns', sdk: '@dfns/sdk' },
  { id: 'zitadel', sdk: '@zitadel/client' },
  { id: 'sailpoint', sdk: 'sailpoint-api-client' },
] as const;

/** `@idlc/clients[/<p>]` → the built entry point, as the package's `exports` map it. */
function entryOf(specifier: string, ext: '.js' | '.d.ts'): string {
  const sub = specifier.slice('@idlc/clients'.length).replace(/^\//, '');
  return path.join(pkg, 'src', sub, `index${ext}`);
}
const ourPackage: Plugin = {
  name: 'idlc-clients',
  setup(b) {
    b.onResolve({ filter: /^@idlc\/clients(\/[a-z]+)?$/ }, (args) => ({ path: entryOf(args.path, '.js') }));
  },
};

/** Minified and gzipped size of the program's bundle, in bytes. */
async function bundleSize(program: string): Promise<{ minified: number; gzip: number }> {
  // undici stays external: it is the clients' one runtime dependency (the second stage of their default pool), installed beside them.
  const result = await build({ entryPoints: [program], bundle: true, minify: true, platform: 'node', write: false, logLevel: 'silent', external: ['undici'], plugins: [ourPackage] });
  const output = result.outputFiles[0]!.contents;
  return { minified: output.byteLength, gzip: gzipSync(output, { level: 9 }).byteLength };
}

/** A tsconfig that checks exactly one program. */
function tsconfigFor(program: string): string {
  const dir = path.join(benchDir, '.out', 'size-tsc', path.basename(program, '.ts'));
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'tsconfig.json');
  const compilerOptions = {
    target: 'ES2022',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    types: ['node'],
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    incremental: false,
    // How `@idlc/clients/<p>` resolves once installed: to the built declarations.
    paths: { '@idlc/clients': [entryOf('@idlc/clients', '.d.ts')], '@idlc/clients/*': [path.join(pkg, 'src', '*', 'index.d.ts')] },
  };
  writeFileSync(file, `${JSON.stringify({ compilerOptions, files: [program] }, null, 2)}\n`);
  return file;
}

/**
 * One whole `tsc -p` process: wall time, the number of errors it printed, and the type
 * instantiations it reports (a count that does not depend on machine load).
 */
function typecheck(tsconfig: string): Promise<{ ms: number; errors: number; instantiations: number; output: string }> {
  const start = performance.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [tsc, '-p', tsconfig, '--extendedDiagnostics'], { cwd: root, maxBuffer: 64 * 1024 * 1024 }, (_error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const instantiations = Number(/^Instantiations:\s+(\d+)/m.exec(output)?.[1] ?? NaN);
      resolve({ ms: performance.now() - start, errors: (output.match(/error TS\d+/g) ?? []).length, instantiations, output });
    });
  });
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};
const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

console.log(`size bench: esbuild --bundle --minify --platform=node + gzip -9; tsc --noEmit (skipLibCheck false), median of ${RUNS} run(s); Node ${process.version}`);
await buildPackage();
const baselineRuns: number[] = [];
const baselineConfig = tsconfigFor(path.join(benchDir, 'size', 'empty.ts'));
let baselineInstantiations = 0;
for (let run = 0; run < RUNS; run++) {
  const result = await typecheck(baselineConfig);
  baselineRuns.push(result.ms);
  baselineInstantiations = result.instantiations;
}
const baseline = median(baselineRuns);
const rows: string[][] = [];
const problems: string[] = [];
const targets: Target[] = [];
for (const { id, sdk } of PROVIDERS) {
  const ours = path.join(benchDir, 'size', `ours-${id}.ts`);
  const theirs = path.join(benchDir, 'size', `sdk-${id}.ts`);
  const [oursSize, sdkSize] = [await bundleSize(ours), await bundleSize(theirs)];
  const configs = [tsconfigFor(ours), tsconfigFor(theirs)];
  const times: [number[], number[]] = [[], []];
  const errors = [0, 0];
  const instantiations = [0, 0];
  for (let run = 0; run < RUNS; run++) {
    for (const k of run % 2 === 0 ? [0, 1] : [1, 0]) {
      const result = await typecheck(configs[k]!);
      times[k as 0 | 1].push(result.ms);
      errors[k] = result.errors;
      instantiations[k] = result.instantiations;
      if (k === 0 && result.errors > 0) problems.push(`${id} (ours): ${result.output.split('\n').slice(0, 5).join('\n')}`);
    }
  }
  const [oursMs, sdkMs] = [median(times[0]), median(times[1])];
  targets.push(
    { label: `${id}: gzip of ours`, value: oursSize.gzip / 1024, direction: '<=', goal: 15, unit: 'KB' },
    { label: `${id}: tsc errors of ours`, value: errors[0]!, direction: '<=', goal: 0, unit: '' },
    { label: `${id}: tsc time ours / SDK`, value: oursMs / sdkMs, direction: '<=', goal: 1 },
  );
  rows.push([
    id,
    sdk,
    kb(oursSize.gzip),
    kb(sdkSize.gzip),
    ratio(oursSize.gzip, sdkSize.gzip),
    `${Math.round(oursMs)} ms`,
    `${Math.round(sdkMs)} ms`,
    ratio(oursMs, sdkMs),
    ratio(Math.max(1, oursMs - baseline), Math.max(1, sdkMs - baseline)),
    `${errors[0]} / ${errors[1]}`,
    `${instantiations[0]} / ${instantiations[1]}`,
    `${kb(oursSize.minified)} / ${kb(sdkSize.minified)}`,
  ]);
}

const header = ['provider', 'official SDK', 'gzip ours', 'gzip SDK', 'ours/SDK', 'tsc ours', 'tsc SDK', 'ours/SDK', 'above baseline', 'tsc errors ours / SDK', 'instantiations ours / SDK', 'minified ours / SDK'];
const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c]!.length)));
const line = (r: string[]): string => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
console.log();
console.log(line(header));
for (const row of rows) console.log(line(row));
console.log();
console.log(
  `tsc baseline (a program with no import, same options): ${Math.round(baseline)} ms, ${baselineInstantiations} instantiations; "above baseline" compares the time each program adds to it.`,
);
for (const problem of problems) console.log(`\n${problem}\n`);
printTargets('size', targets);

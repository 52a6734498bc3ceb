/**
 * Import bench: the whole import pipeline against the bare tools, on the real upstream files
 * (../shared/upstream, read in place).
 *
 * Pipeline, per provider: `specs:normalize` with the provider config (load, bundle, upgrade, cut,
 * overlay, canonical YAML, openapi-typescript types) + `redocly lint` of the result.
 * Bare tools, on every upstream document the provider is built from: `redocly lint` +
 * `openapi-typescript`. Every step is a whole process, as a user would run it; steps run one at
 * a time so they do not compete for cores. Prints per-step times and the ratio (target ≤ 1.3×),
 * then the full-document normalize (no config) time and peak RSS per upstream document (targets
 * < 5 s, < 500 MB). Results also go to bench/.out/import.json.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const upstream = path.resolve(root, '../shared/upstream');
const require = createRequire(path.join(root, 'package.json'));
const redocly = path.join(path.dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
const openapiTs = path.join(path.dirname(require.resolve('openapi-typescript/package.json')), 'bin/cli.js');
const env = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' };

const PROVIDERS: { id: string; sources: Record<string, string> }[] = [
  { id: 'dfns', sources: { api: 'dfns/dfns-openapi-1.578.2.yaml' } },
  { id: 'zitadel', sources: { apidocs: 'zitadel/zitadel-apidocs-swagger2-2025-04-06.json' } },
  {
    id: 'sailpoint',
    sources: {
      v3: 'sailpoint/sailpoint-v3-deref-2026-08-04.yaml',
      beta: 'sailpoint/sailpoint-beta-deref-2026-08-04.yaml',
      oauth: 'sailpoint/sailpoint-oauth-deref-2026-05-24.yaml',
    },
  },
];
const WHOLE = [
  'dfns/dfns-openapi-1.578.2.yaml',
  'zitadel/zitadel-apidocs-swagger2-2025-03-23.json',
  'zitadel/zitadel-apidocs-swagger2-2025-04-06.json',
  'sailpoint/sailpoint-v3-deref-2026-08-04.yaml',
  'sailpoint/sailpoint-beta-deref-2026-08-04.yaml',
  'sailpoint/sailpoint-oauth-deref-2026-05-24.yaml',
];
// The multi-file v3 source is not in WHOLE: the published tree references files under v2024/
// that the snapshot does not ship, so only a keep-list import (which never needs them) works.

/** Run a process to completion; resolve with wall time, exit code and stdout. */
function run(args: string[], allowFail = false): Promise<{ ms: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { cwd: root, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const ms = performance.now() - start;
      if (error && !allowFail) reject(new Error(`${args.slice(0, 3).join(' ')} failed: ${stderr.split('\n').find((l) => l.startsWith('error')) ?? stderr.slice(0, 300)}`));
      else resolve({ ms, stdout });
    }),
  );
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

const work = mkdtempSync(path.join(tmpdir(), 'idlc-bench-'));
try {
  const rows: Record<string, unknown>[] = [];
  let oursTotal = 0;
  let bareTotal = 0;
  for (const provider of PROVIDERS) {
    const [first, ...rest] = Object.entries(provider.sources);
    const spec = path.join(work, `${provider.id}.yaml`);
    const normalize = await run([
      // As `npm run specs:normalize` runs it: the built command.
      'scripts/build/run.mjs',
      'normalize',
      path.join(upstream, first![1]),
      '--config',
      `specs/${provider.id}/provider.yaml`,
      ...rest.flatMap(([id, file]) => ['--source', `${id}=${path.join(upstream, file)}`]),
      '--out',
      spec,
      '--types',
      path.join(work, `${provider.id}.ts`),
    ]);
    const lint = await run([redocly, 'lint', spec, `--config=${path.join(root, 'redocly.yaml')}`]);
    let bareLint = 0;
    let bareTypes = 0;
    for (const file of Object.values(provider.sources)) {
      // Upstream documents fail the recommended rules as published; the time is what counts.
      bareLint += (await run([redocly, 'lint', path.join(upstream, file), '--extends=recommended'], true)).ms;
      bareTypes += (await run([openapiTs, path.join(upstream, file), '-o', path.join(work, `bare-${path.basename(file)}.ts`)], true)).ms;
    }
    const ours = normalize.ms + lint.ms;
    const bare = bareLint + bareTypes;
    oursTotal += ours;
    bareTotal += bare;
    rows.push({ provider: provider.id, normalizeAndTypes: seconds(normalize.ms), lint: seconds(lint.ms), ours: seconds(ours), bareLint: seconds(bareLint), bareTypes: seconds(bareTypes), bare: seconds(bare), ratio: (ours / bare).toFixed(2) });
  }
  console.log('Import pipeline vs bare tools (whole processes)');
  console.table(rows);
  console.log(`total: ours ${seconds(oursTotal)}, bare ${seconds(bareTotal)}, ratio ${(oursTotal / bareTotal).toFixed(2)} (target ≤ 1.30)\n`);

  const whole: Record<string, unknown>[] = [];
  for (const file of WHOLE) {
    const { stdout } = await run(['--import', 'tsx', 'bench/normalize-one.ts', path.join(upstream, file)]);
    const m = JSON.parse(stdout.trim().split('\n').pop()!) as { ms: number; maxRssMB: number; bytes: number };
    whole.push({ document: file, normalize: seconds(m.ms), peakRssMB: m.maxRssMB, outputKB: Math.round(m.bytes / 1024), within: m.ms < 5000 && m.maxRssMB < 500 ? 'yes' : 'NO' });
  }
  console.log('Full-document normalize (no config), one fresh process each (targets < 5 s, < 500 MB)');
  console.table(whole);
  mkdirSync(path.join(root, 'bench/.out'), { recursive: true });
  writeFileSync(path.join(root, 'bench/.out/import.json'), `${JSON.stringify({ providers: rows, total: { ours: oursTotal, bare: bareTotal, ratio: oursTotal / bareTotal }, whole }, null, 2)}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}

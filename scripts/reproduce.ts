/**
 * `npm run specs:reproduce -- --upstream <folder> [--provider <id>]... [--write]`
 *
 * Rebuild every committed spec from the upstream documents pinned in its
 * specs/<p>/upstream.lock.json (found in <folder> by sha256), with provider.yaml and the overlay
 * (strict: an overlay action that matches nothing is an error). Prints `<p>: reproducible` per
 * provider; otherwise the first differing line and exit 1. `--write` replaces the committed
 * specs with the rebuilt ones instead (all of them or none). Flags and help:
 * scripts/lib/commands.ts; the work: scripts/lib/normalize/reproduce.ts.
 */
import path from 'node:path';
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';
import { warn } from './lib/errors.js';

runCommand(COMMANDS['specs:reproduce'], async (args) => {
  const { reproduce } = await import('./lib/normalize/reproduce.js');
  const { writeFilesAtomically } = await import('./lib/atomic.js');
  const { repoRoot } = await import('./lib/paths.js');
  const results = await reproduce({ upstream: args.value('upstream')!, providers: args.values('provider') });
  for (const result of results) for (const w of result.warnings) warn(w.message, w.file, w.pointer);
  if (args.has('write')) {
    writeFilesAtomically(new Map(results.filter((r) => !r.reproducible).map((r) => [path.join(repoRoot, r.spec), r.yaml])));
    for (const result of results) process.stdout.write(`${result.id}: ${result.reproducible ? 'reproducible' : `rewrote ${result.spec}`}\n`);
    return 0;
  }
  let failed = false;
  for (const result of results) {
    if (result.reproducible) {
      process.stdout.write(`${result.id}: reproducible\n`);
      continue;
    }
    failed = true;
    const d = result.firstDifference!;
    process.stdout.write(`${result.id}: differs from the pinned sources at ${result.spec}:${d.line}\n  committed: ${d.committed}\n  rebuilt:   ${d.rebuilt}\n`);
  }
  return failed ? 1 : 0;
});

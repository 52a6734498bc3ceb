/**
 * `npm run specs:reproduce -- --upstream <folder> [--provider <id>]... [--write]`
 *
 * Rebuild every committed spec from the upstream documents pinned in its
 * specs/<p>/upstream.lock.json (found in <folder> by sha256), with provider.yaml and the overlay
 * (strict: an overlay action that matches nothing is an error). Prints `<p>: reproducible` per
 * provider; otherwise the first differing line and exit 1. `--write` replaces the committed
 * specs with the rebuilt ones instead, and records in each lock the provider.yaml and overlay
 * they were built from (all of them or none). Flags and help:
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
    // The spec and the lock that records the provider.yaml and overlay it was built from go
    // together (all of them or none), so regen finds the spec current.
    const files = new Map<string, string>();
    for (const r of results) {
      if (!r.reproducible) files.set(path.join(repoRoot, r.spec), r.yaml);
      if (!r.lockCurrent) files.set(path.join(repoRoot, r.lock), r.lockText);
    }
    writeFilesAtomically(files);
    for (const r of results) {
      const wrote = [...(r.reproducible ? [] : [r.spec]), ...(r.lockCurrent ? [] : [r.lock])];
      process.stdout.write(`${r.id}: ${wrote.length === 0 ? 'reproducible' : `rewrote ${wrote.join(' and ')}`}\n`);
    }
    return 0;
  }
  let failed = false;
  for (const result of results) {
    if (result.reproducible && result.lockCurrent) {
      process.stdout.write(`${result.id}: reproducible\n`);
      continue;
    }
    failed = true;
    if (result.reproducible) {
      process.stdout.write(`${result.id}: ${result.spec} is reproducible, but ${result.lock} records another provider.yaml or overlay; --write records the current ones\n`);
      continue;
    }
    const d = result.firstDifference!;
    process.stdout.write(`${result.id}: differs from the pinned sources at ${result.spec}:${d.line}\n  committed: ${d.committed}\n  rebuilt:   ${d.rebuilt}\n`);
  }
  return failed ? 1 : 0;
});

/**
 * `npm run specs:reproduce -- --upstream <folder> [--provider <id>]... [--write]`
 *
 * Rebuild every committed spec from the upstream documents pinned in its
 * specs/<p>/upstream.lock.json (found in <folder> by sha256), with provider.yaml and the overlay
 * (strict: an overlay action that matches nothing is an error). Prints `<p>: reproducible` per
 * provider; otherwise the first differing line and exit 1. `--write` replaces the committed
 * specs with the rebuilt ones instead (all of them or none). See scripts/lib/normalize/reproduce.ts.
 */
import path from 'node:path';
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError, warn } from './lib/errors.js';
import { reproduce } from './lib/normalize/reproduce.js';
import { writeAtomically } from './lib/normalize/run.js';
import { repoRoot } from './lib/paths.js';

const USAGE = 'usage: specs:reproduce --upstream <folder> [--provider <id>]... [--write]';

runCli(async (argv) => {
  // --upstream is relative to where the user typed the command, not to the package root.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const args = parseArgs(argv, { string: ['upstream', 'provider'], boolean: ['write', 'help'] });
  if (args.flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length > 0) throw new PipelineError(`unexpected argument '${args.positionals[0]}'. ${USAGE}`, 'command line');
  const upstream = args.flags.get('upstream')?.at(-1);
  if (!upstream) throw new PipelineError(`--upstream is required. ${USAGE}`, 'command line');
  const results = await reproduce({ upstream, providers: args.flags.get('provider') ?? [] });
  for (const result of results) for (const w of result.warnings) warn(w.message, w.file, w.pointer);
  if (args.flags.has('write')) {
    writeAtomically(new Map(results.filter((r) => !r.reproducible).map((r) => [path.join(repoRoot, r.spec), r.yaml])));
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

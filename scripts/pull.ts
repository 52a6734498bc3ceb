/**
 * `npm run specs:pull -- [--provider <id>]... [--from <source>=<file|url>]... [--update]
 *   [--accept] [--accept-breaking] [--no-regen] [--allow-remote <host>]...`
 *
 * Fetch each provider's upstream documents, check them against specs/<p>/upstream.lock.json
 * (a changed source is refused without --update), normalize, and review the candidate against
 * the committed spec. With --accept the candidate goes to regen in memory, which reviews it and
 * writes spec, lock and everything built from them in one batch; breaking changes also need
 * --accept-breaking. Paths given with
 * --from are relative to where the command was typed. Flags and help: scripts/lib/commands.ts;
 * the stage: scripts/lib/pull.
 */
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';
import { warn } from './lib/errors.js';

runCommand(COMMANDS['specs:pull'], async (args) => {
  const { pull } = await import('./lib/pull/index.js');
  const result = await pull({
    providers: args.values('provider'),
    from: args.pairs('from'),
    update: args.has('update'),
    accept: args.has('accept'),
    acceptBreaking: args.has('accept-breaking'),
    // For pipelines that run regen as a step of its own, with its report flags.
    regenerate: !args.has('no-regen'),
    contract: !args.has('no-contract'),
    allowRemote: args.values('allow-remote'),
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const provider of result.providers) for (const w of provider.warnings) warn(w.message, w.file, w.pointer);
  return result.exitCode;
});

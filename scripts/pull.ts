/**
 * `npm run specs:pull -- [--provider <id>]... [--from <source>=<file|url>]... [--update]
 *   [--accept] [--accept-breaking] [--no-regen] [--no-contract] [--allow-remote <host>]...`
 *
 * Fetch each provider's upstream documents, check them against specs/<p>/upstream.lock.json
 * (a changed source is refused without --update), normalize, and review the candidate against
 * the committed spec. With --accept the candidate goes to regen, which reviews it (diff, facade
 * compile check, contract calls against a mock unless --no-contract) and writes spec, lock and
 * everything built from them in one batch; breaking changes also need --accept-breaking. See
 * scripts/lib/pull.
 */
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError, warn } from './lib/errors.js';
import { pull } from './lib/pull/index.js';

runCli(async (argv) => {
  // Paths given with --from are relative to where the user typed the command, not to the
  // package root npm runs scripts from.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const args = parseArgs(argv, { string: ['provider', 'from', 'allow-remote'], boolean: ['update', 'accept', 'accept-breaking', 'no-regen', 'no-contract'] });
  if (args.positionals.length > 0) throw new PipelineError(`unexpected argument '${args.positionals[0]}'`, 'command line');
  const from: Record<string, string> = {};
  for (const pair of args.flags.get('from') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new PipelineError(`--from takes <source>=<file|url>, got "${pair}"`, 'command line');
    from[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const result = await pull({
    providers: args.flags.get('provider') ?? [],
    from,
    update: args.flags.has('update'),
    accept: args.flags.has('accept'),
    acceptBreaking: args.flags.has('accept-breaking'),
    // For pipelines that run regen as a step of its own, with its report flags.
    regenerate: !args.flags.has('no-regen'),
    contract: !args.flags.has('no-contract'),
    allowRemote: args.flags.get('allow-remote') ?? [],
    log: (line) => process.stdout.write(`${line}\n`),
  });
  for (const provider of result.providers) for (const w of provider.warnings) warn(w.message, w.file, w.pointer);
  return result.exitCode;
});

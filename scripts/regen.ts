/**
 * `npm run regen [-- --check] [--provider <id>] [--report <file.md>] [--json <file.json>] [--accept-breaking]
 *   [--from <source>=<file>] [--no-contract]`: the main job. `--from` gives a pinned upstream document to re-import a
 * spec from when its provider.yaml or overlay changed (otherwise the cache `specs:pull` fills is
 * used). See scripts/lib/regen.
 */
import path from 'node:path';
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError } from './lib/errors.js';
import { regen } from './lib/regen/index.js';

runCli(async (argv) => {
  const args = parseArgs(argv, { boolean: ['check', 'accept-breaking', 'no-contract'], string: ['provider', 'report', 'json', 'from'] });
  if (args.positionals.length > 0) throw new PipelineError(`unexpected argument '${args.positionals[0]}'`, 'command line');
  // Paths given with --from are relative to where the user typed the command.
  const from: Record<string, string> = {};
  for (const pair of args.flags.get('from') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new PipelineError(`--from takes <source>=<file>, got "${pair}"`, 'command line');
    from[pair.slice(0, eq)] = path.resolve(process.env.INIT_CWD ?? process.cwd(), pair.slice(eq + 1));
  }
  const result = await regen({
    from,
    check: args.flags.has('check'),
    // The contract run starts a mock server per changed provider; skip it where behaviour is checked elsewhere.
    contract: !args.flags.has('no-contract'),
    providers: args.flags.get('provider'),
    acceptBreaking: args.flags.has('accept-breaking'),
    report: args.flags.get('report')?.at(-1),
    json: args.flags.get('json')?.at(-1),
  });
  if (result.stale.length > 0) {
    process.stderr.write(`error: ${result.stale[0]}: stale (${result.stale.length} file(s) in all, each listed above); run \`npm run regen\`\n`);
  }
  return result.exitCode;
});

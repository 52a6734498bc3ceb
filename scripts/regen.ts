/**
 * `npm run regen [-- --check] [--provider <id>] [--report <file.md>] [--json <file.json>] [--accept-breaking]`:
 * the main job. See scripts/lib/regen.
 */
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError } from './lib/errors.js';
import { regen } from './lib/regen/index.js';

runCli(async (argv) => {
  const args = parseArgs(argv, { boolean: ['check', 'accept-breaking'], string: ['provider', 'report', 'json'] });
  if (args.positionals.length > 0) throw new PipelineError(`unexpected argument '${args.positionals[0]}'`, 'command line');
  const result = await regen({
    check: args.flags.has('check'),
    providers: args.flags.get('provider'),
    acceptBreaking: args.flags.has('accept-breaking'),
    report: args.flags.get('report')?.at(-1),
    json: args.flags.get('json')?.at(-1),
  });
  if (result.stale.length > 0) {
    process.stderr.write(`error: ${result.stale[0]}: generated output is stale (${result.stale.length} file(s)); run \`npm run regen\`\n`);
  }
  return result.exitCode;
});

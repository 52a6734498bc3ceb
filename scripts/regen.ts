/**
 * `npm run regen [-- --check] [--provider <id>]... [--report <file.md>] [--json <file.json>] [--accept-breaking]`:
 * the main job. Flags and help: scripts/lib/commands.ts; the job: scripts/lib/regen.
 */
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';

runCommand(COMMANDS.regen, async (args) => {
  const { regen } = await import('./lib/regen/index.js');
  const result = await regen({
    check: args.has('check'),
    from: args.pairs('from'),
    contract: !args.has('no-contract'),
    providers: args.values('provider'),
    acceptBreaking: args.has('accept-breaking'),
    report: args.value('report'),
    json: args.value('json'),
  });
  if (result.stale.length > 0) {
    process.stderr.write(`error: ${result.stale[0]}: stale (${result.stale.length} file(s) in all, each listed above); run \`npm run regen\`\n`);
  }
  return result.exitCode;
});

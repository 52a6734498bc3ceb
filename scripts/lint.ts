/**
 * `npm run specs:lint [-- --provider <id>]`: lint every normalized spec with redocly.yaml and
 * print each problem and a total per provider. Exits 1 on any error or warning: the gate is
 * zero of both.
 */
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';

runCommand(COMMANDS['specs:lint'], async (args) => {
  const [{ formatProblem, lintApis }, { selectProviders }] = await Promise.all([import('./lib/lint/index.js'), import('./lib/providers.js')]);
  const providers = selectProviders(args.values('provider'));
  const results = await lintApis(providers.map((p) => p.id));
  let failed = false;
  for (const result of results) {
    for (const problem of result.problems) process.stdout.write(`${formatProblem(problem)}\n`);
    process.stdout.write(`${result.api}: ${result.errors} errors, ${result.warnings} warnings\n`);
    if (result.errors + result.warnings > 0) failed = true;
  }
  return failed ? 1 : 0;
});

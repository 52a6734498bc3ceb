/**
 * `npm run specs:lint [-- --provider <id>]`: lint every normalized spec with redocly.yaml and
 * print each problem and a total per provider. Exits 1 on any error or warning: the gate is
 * zero of both.
 */
import { parseArgs, runCli } from './lib/cli.js';
import { formatProblem, lintApi } from './lib/lint/index.js';
import { selectProviders } from './lib/providers.js';

runCli(async (argv) => {
  const args = parseArgs(argv, { string: ['provider'] });
  const providers = selectProviders(args.flags.get('provider'));
  const results = await Promise.all(providers.map((p) => lintApi(p.id)));
  let failed = false;
  for (const result of results) {
    for (const problem of result.problems) process.stdout.write(`${formatProblem(problem)}\n`);
    process.stdout.write(`${result.api}: ${result.errors} errors, ${result.warnings} warnings\n`);
    if (result.errors + result.warnings > 0) failed = true;
  }
  return failed ? 1 : 0;
});

/**
 * `npm run --silent specs:diff -- <base> <revision> [--format md|json|text] [--fail-on ERR|WARN|INFO]
 *   [--levels <file>] [--compile-check] [--src <dir>] [--no-cache]`
 * `npm run --silent specs:diff -- --provider <id> [--base <git-ref>] [...]`
 *
 * Compares two OpenAPI documents (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON) and reports
 * every change with its level. Exit 0, or 1 when a change at or above --fail-on exists; bad
 * input exits 2 with one line on stderr. With --format json, stdout holds only the JSON result.
 * Loaded documents are cached in .cache/specs-diff/ by content (--no-cache skips it). Flags and
 * help: scripts/lib/commands.ts; the comparison: scripts/lib/diff.
 */
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';
import type { DiffFormat } from './lib/diff/run.js';
import type { Level } from './lib/diff/types.js';

runCommand(COMMANDS['specs:diff'], async (args) => {
  const { runSpecsDiff } = await import('./lib/diff/run.js');
  const outcome = await runSpecsDiff({
    files: [...args.positionals],
    provider: args.value('provider'),
    baseRef: args.value('base'),
    format: (args.value('format') ?? 'text') as DiffFormat,
    failOn: args.value('fail-on') as Level | undefined,
    levels: args.value('levels'),
    compileCheck: args.has('compile-check'),
    src: args.value('src'),
    cache: !args.has('no-cache'),
  });
  process.stdout.write(outcome.output);
  return outcome.exitCode;
});

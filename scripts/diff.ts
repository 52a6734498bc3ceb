/**
 * `npm run --silent specs:diff -- <base> <revision> [--format md|json|text] [--fail-on ERR|WARN|INFO]
 *   [--levels <file>] [--compile-check] [--src <dir>] [--no-cache]`
 * `npm run --silent specs:diff -- --provider <id> [--base <git-ref>] [...]`
 *
 * Compares two OpenAPI documents (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON) and reports
 * every change with its level. Exit 0, or 1 when a change at or above --fail-on exists; bad
 * input exits 2 with one line on stderr. With --format json, stdout holds only the JSON result.
 * Loaded documents are cached in .cache/specs-diff/ by content (--no-cache skips it). See
 * scripts/lib/diff.
 */
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError } from './lib/errors.js';
import { runSpecsDiff, type DiffFormat } from './lib/diff/run.js';
import type { Level } from './lib/diff/types.js';

const FORMATS = new Set(['md', 'json', 'text']);
const LEVELS = new Set(['ERR', 'WARN', 'INFO']);

runCli(async (argv) => {
  const args = parseArgs(argv, { boolean: ['compile-check', 'no-cache'], string: ['format', 'fail-on', 'levels', 'provider', 'base', 'src'] });
  const one = (name: string): string | undefined => {
    const values = args.flags.get(name);
    if (values && values.length > 1) throw new PipelineError(`flag --${name} given more than once`, 'command line');
    return values?.[0];
  };
  const format = one('format') ?? 'text';
  if (!FORMATS.has(format)) throw new PipelineError(`--format must be md, json or text (got '${format}')`, 'command line');
  const failOn = one('fail-on')?.toUpperCase();
  if (failOn !== undefined && !LEVELS.has(failOn)) throw new PipelineError(`--fail-on must be ERR, WARN or INFO (got '${failOn}')`, 'command line');
  const outcome = await runSpecsDiff({
    files: args.positionals,
    provider: one('provider'),
    baseRef: one('base'),
    format: format as DiffFormat,
    failOn: failOn as Level | undefined,
    levels: one('levels'),
    compileCheck: args.flags.has('compile-check'),
    src: one('src'),
    cache: !args.flags.has('no-cache'),
  });
  process.stdout.write(outcome.output);
  return outcome.exitCode;
});

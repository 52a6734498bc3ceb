/**
 * `npm run --silent specs:normalize -- <input> [--config <provider.yaml>] --out <file>
 *   [--types <file.ts>] [--source <id>=<file>]... [--allow-remote <host>]... [--no-overlay] [--strict]`
 *
 * Normalizes one upstream document (Swagger 2.0, OpenAPI 3.0 or 3.1; YAML or JSON; one file or
 * a root with relative `$ref`s) into canonical OpenAPI 3.1.0. An overlay action that matches
 * nothing is a warning; `--strict` makes it an error. Without --config every operation
 * is kept; with one, the provider's keep-list, paths, ids and overlay apply. Relative paths are
 * relative to the directory the command was started from, even through `npm run`.
 *
 * Exit 0 on success (warnings go to stderr, one line each), 2 on bad input with one
 * `error: <file>[:<line>|#<pointer>]: <reason>` line and nothing written.
 */
import path from 'node:path';
import { parseArgs, runCli } from './lib/cli.js';
import { PipelineError, warn } from './lib/errors.js';
import { normalizeFiles, typesFor, writeAtomically } from './lib/normalize/run.js';

const USAGE = 'usage: specs:normalize <input> [--config <provider.yaml>] --out <file> [--types <file.ts>] [--source <id>=<file>]... [--allow-remote <host>]... [--no-overlay] [--strict]';

runCli(async (argv) => {
  // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
  if (process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
  const args = parseArgs(argv, { string: ['config', 'out', 'types', 'source', 'allow-remote'], boolean: ['no-overlay', 'strict', 'help'] });
  if (args.flags.has('help')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (args.positionals.length !== 1) throw new PipelineError(`expected exactly one input document. ${USAGE}`, 'command line');
  const out = args.flags.get('out')?.at(-1);
  if (!out) throw new PipelineError(`--out is required. ${USAGE}`, 'command line');
  const sources: Record<string, string> = {};
  for (const pair of args.flags.get('source') ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0 || eq === pair.length - 1) throw new PipelineError(`--source takes <id>=<file>, got "${pair}"`, 'command line');
    sources[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const config = args.flags.get('config')?.at(-1);
  const result = await normalizeFiles({
    input: args.positionals[0]!,
    ...(config ? { config } : {}),
    sources,
    allowRemote: args.flags.get('allow-remote') ?? [],
    noOverlay: args.flags.has('no-overlay'),
    strict: args.flags.has('strict'),
  });
  const files = new Map<string, string>([[path.resolve(out), /\.json$/i.test(out) ? `${JSON.stringify(result.doc, null, 2)}\n` : result.yaml]]);
  const types = args.flags.get('types')?.at(-1);
  if (types) files.set(path.resolve(types), await typesFor(result.doc, out));
  for (const w of result.warnings) warn(w.message, w.file, w.pointer);
  writeAtomically(files);
  return 0;
});

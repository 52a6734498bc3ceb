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
 * `error: <file>[:<line>|#<pointer>]: <reason>` line and nothing written. Flags and help:
 * scripts/lib/commands.ts.
 */
import path from 'node:path';
import { runCommand } from './lib/cli.js';
import { COMMANDS } from './lib/commands.js';
import { warn } from './lib/errors.js';

runCommand(COMMANDS['specs:normalize'], async (args) => {
  const out = args.value('out')!;
  const { normalizeFiles, typesFor } = await import('./lib/normalize/run.js');
  const { writeFilesAtomically } = await import('./lib/atomic.js');
  const config = args.value('config');
  const result = await normalizeFiles({
    input: args.positionals[0]!,
    ...(config ? { config } : {}),
    sources: args.pairs('source'),
    allowRemote: args.values('allow-remote'),
    noOverlay: args.has('no-overlay'),
    strict: args.has('strict'),
  });
  const files = new Map<string, string>([[path.resolve(out), /\.json$/i.test(out) ? `${JSON.stringify(result.doc, null, 2)}\n` : result.yaml]]);
  const types = args.value('types');
  if (types) files.set(path.resolve(types), await typesFor(result.doc, out));
  for (const w of result.warnings) warn(w.message, w.file, w.pointer);
  writeFilesAtomically(files);
  return 0;
});

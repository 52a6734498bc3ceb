/**
 * `tsc --noEmit -p tsconfig.json --skipLibCheck` for one copy of the repository, kept alive
 * between the replay's steps: `node typecheck-server.mjs <root>` reads one line per check on
 * stdin and answers each with one JSON line `{ "errors": n, "output": "..." }`.
 *
 * Each check is a new program over the files as they are on disk at that moment (tsconfig.json
 * is parsed again, every file is read again), built the way `tsc --watch` builds its next
 * program: a source file whose text did not change is the same parsed file as before, and the
 * semantic diagnostics of files no change can reach are reused. A step changes only specs/ and
 * generated/, so the later checks skip parsing and binding the ~800 files again and checking
 * what the step did not touch. The diagnostics are the ones `tsc` reports, in its order.
 *
 * Plain JavaScript, run by node as it is; TypeScript comes from the copy's own node_modules.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { createInterface } from 'node:readline';

const root = path.resolve(process.argv[2] ?? '.');
const ts = createRequire(path.join(root, 'package.json'))('typescript');
const configFile = path.join(root, 'tsconfig.json');

/** The parsed files of the last check, by file name and parse options, with the text each was parsed from. */
let parsed = new Map();
/** The last check's program, whose unaffected diagnostics the next one reuses. */
let previous;

const formatHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' };

/** One check, as `tsc --noEmit -p tsconfig.json --skipLibCheck` run in `root` would report it. */
function check() {
  const configDiagnostics = [];
  const config = ts.getParsedCommandLineOfConfigFile(configFile, { skipLibCheck: true, noEmit: true }, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => configDiagnostics.push(d) });
  if (!config) return { errors: configDiagnostics.length, output: ts.formatDiagnostics(configDiagnostics, formatHost) };
  const host = ts.createIncrementalCompilerHost(config.options);
  const getSourceFile = host.getSourceFile.bind(host);
  const next = new Map();
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile) => {
    const key = `${fileName}\0${JSON.stringify(languageVersionOrOptions)}`;
    const text = host.readFile(fileName);
    const known = parsed.get(key);
    if (!shouldCreateNewSourceFile && text !== undefined && known?.text === text) {
      next.set(key, known);
      return known.file;
    }
    const file = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreateNewSourceFile);
    if (file && text !== undefined) next.set(key, { text, file });
    return file;
  };
  const program = ts.createSemanticDiagnosticsBuilderProgram(config.fileNames, config.options, host, previous, [...configDiagnostics, ...ts.getConfigFileParsingDiagnostics(config)], config.projectReferences);
  parsed = next;
  previous = program;
  // The order and the early stops of tsc's own report (emitFilesAndReportErrors).
  const all = [...program.getConfigFileParsingDiagnostics()];
  const base = all.length;
  all.push(...program.getSyntacticDiagnostics());
  if (all.length === base) {
    all.push(...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics());
    if (all.length === base) all.push(...program.getSemanticDiagnostics());
  }
  const diagnostics = ts.sortAndDeduplicateDiagnostics(all);
  return { errors: diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).length, output: ts.formatDiagnostics(diagnostics, formatHost) };
}

const lines = createInterface({ input: process.stdin });
lines.on('line', () => {
  let answer;
  try {
    answer = check();
  } catch (err) {
    answer = { errors: 1, output: `typecheck-server: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n` };
  }
  process.stdout.write(`${JSON.stringify(answer)}\n`);
});
// The replay closes stdin when its copy is removed.
lines.on('close', () => process.exit(0));

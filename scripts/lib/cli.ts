/**
 * The argument layer every stage command shares. A command is described once, as data
 * ({@link CommandSpec}: its flags with their value kind, help text, conflicts and requirements);
 * the usage text and the validation are both derived from that description, so `--help` can never
 * document a flag the parser rejects or miss one it accepts.
 *
 * Contract, for every command: `--help` / `-h` print the usage on stdout and exit 0; any bad flag,
 * value or path is one `error: …` line on stderr and exit 2, before the command does any work.
 *
 * One concept, the argument layer (the spec types, the usage text and the parser derived from
 * them, and the two entry points that turn their errors into the contract above), which is why
 * the file runs past 300 lines.
 */
import { existsSync, statSync } from 'node:fs';
import { parseArgs as parseTokens } from 'node:util';
import { PipelineError, oneLine } from './errors.js';

/** What a path-valued flag or positional must point at; checked before the command runs. */
export type PathKind =
  /** An existing file (or, with `url`, an http(s) URL). */
  | 'file'
  /** An existing directory. */
  | 'dir'
  /** A file to write: anything but an existing directory (missing folders are created). */
  | 'output';

/** One flag of a command. */
export interface FlagSpec {
  /** The long name, without the leading dashes. */
  name: string;
  /** Placeholder of the value in the usage (`<id>`); a flag without one is a boolean switch. */
  value?: string;
  /** One line for `--help`. */
  help: string;
  /** The command cannot run without it. @default false */
  required?: boolean;
  /** May be given several times; the values collect in order. @default false */
  repeat?: boolean;
  /** The only accepted values (compared case-insensitively; the canonical spelling is returned). */
  choices?: readonly string[];
  /** The value is a path and must satisfy this kind. */
  path?: PathKind;
  /** The value is `<key>=<value>`; with `path`, the part after `=` is the path. */
  pair?: boolean;
  /** With `path: 'file'`: an http(s) URL is accepted as well. */
  url?: boolean;
  /** Flags that make no sense together with this one. */
  conflicts?: readonly string[];
  /** Flags this one needs (it does nothing without them). */
  requires?: readonly string[];
}

/** The positional arguments of a command. */
export interface PositionalSpec {
  /** Usage text, e.g. `<base> <revision>`. */
  label: string;
  /** One line for `--help`. */
  help: string;
  min: number;
  max: number;
  /** Each positional is a path of this kind. */
  path?: PathKind;
  /** With `path: 'file'`: an http(s) URL is accepted as well. */
  url?: boolean;
}

/** One stage command, as `npm run <name>` knows it. */
export interface CommandSpec {
  /** The npm script name (`regen`, `specs:diff`). */
  name: string;
  /** The entry file under `scripts/`, without `.ts`. */
  entry: string;
  /** What the command does, in one or two sentences. */
  summary: string;
  flags: readonly FlagSpec[];
  /** Omitted: the command takes no positional arguments. */
  positionals?: PositionalSpec;
  /**
   * Relative paths are relative to the directory the user typed the command in, not to the
   * package root `npm run` starts scripts from. @default false
   */
  userCwd?: boolean;
  /** Lines after the options: exit codes, notes. */
  notes?: readonly string[];
}

/** The parsed command line of a command, read through typed accessors. */
export interface Args {
  readonly positionals: readonly string[];
  /** Whether a boolean flag (or any flag) was given. */
  has(name: string): boolean;
  /** The value of a single-valued flag. */
  value(name: string): string | undefined;
  /** Every value of a repeatable flag, in order. */
  values(name: string): string[];
  /** A repeatable `<key>=<value>` flag as a record. */
  pairs(name: string): Record<string, string>;
}

const WHERE = 'command line';
const HELP: FlagSpec = { name: 'help', help: 'print this help and exit' };

/** Break prose into lines of at most `width` characters, for a readable `--help`. */
function wrap(text: string, width = 100): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * The flags `name` cannot be combined with. A conflict is declared on one side of the pair and
 * holds both ways, so help and checks stay symmetric.
 */
function conflictsOf(spec: CommandSpec, name: string): string[] {
  const own = spec.flags.find((f) => f.name === name)?.conflicts ?? [];
  const theirs = spec.flags.filter((f) => f.conflicts?.includes(name)).map((f) => f.name);
  return [...new Set([...own, ...theirs])];
}

function flagLabel(flag: FlagSpec): string {
  return `--${flag.name}${flag.value ? ` ${flag.value}` : ''}`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

/** The one-line synopsis: `usage: npm run regen -- [--check] [--provider <id>]...`. */
export function synopsis(spec: CommandSpec): string {
  const parts = spec.flags.map((f) => `${f.required ? flagLabel(f) : `[${flagLabel(f)}]`}${f.repeat ? '...' : ''}`);
  if (spec.positionals) parts.push(spec.positionals.min === 0 ? `[${spec.positionals.label}]` : spec.positionals.label);
  return `usage: npm run ${spec.name} --${parts.length ? ` ${parts.join(' ')}` : ''}`;
}

/** The full `--help` text, derived from the spec alone. */
export function usage(spec: CommandSpec): string {
  const rows: [string, string][] = [];
  if (spec.positionals) rows.push([spec.positionals.label, spec.positionals.help]);
  for (const flag of spec.flags) {
    const extras = [
      flag.choices ? `one of ${flag.choices.join(', ')}` : '',
      flag.repeat ? 'repeatable' : '',
      flag.requires?.length ? `needs ${flag.requires.map((n) => `--${n}`).join(', ')}` : '',
      conflictsOf(spec, flag.name).length ? `not with ${conflictsOf(spec, flag.name).map((n) => `--${n}`).join(', ')}` : '',
    ].filter(Boolean);
    rows.push([flagLabel(flag), `${flag.help}${extras.length ? ` (${extras.join('; ')})` : ''}`]);
  }
  rows.push(['-h, --help', HELP.help]);
  const width = Math.min(28, Math.max(...rows.map(([left]) => left.length)) + 2);
  const table = rows.map(([left, right]) => `  ${left.padEnd(width)}${left.length >= width ? `\n  ${' '.repeat(width)}` : ''}${right}`);
  return [synopsis(spec), '', ...wrap(spec.summary), '', 'options:', ...table, ...(spec.notes?.length ? ['', ...spec.notes] : []), ''].join('\n');
}

function checkPath(value: string, kind: PathKind, url: boolean | undefined): void {
  if (url && /^https?:\/\//i.test(value)) return;
  const stat = existsSync(value) ? statSync(value) : undefined;
  if (kind === 'file') {
    if (!stat) throw new PipelineError('file not found', value);
    if (!stat.isFile()) throw new PipelineError('not a file', value);
  } else if (kind === 'dir') {
    if (!stat) throw new PipelineError('directory not found', value);
    if (!stat.isDirectory()) throw new PipelineError('not a directory', value);
  } else if (stat?.isDirectory()) {
    throw new PipelineError('is a directory, expected a file to write', value);
  }
}

function splitPair(flag: FlagSpec, raw: string): [string, string] {
  const eq = raw.indexOf('=');
  if (eq <= 0 || eq === raw.length - 1) throw new PipelineError(`--${flag.name} takes ${flag.value ?? '<key>=<value>'}, got "${raw}"`, WHERE);
  return [raw.slice(0, eq), raw.slice(eq + 1)];
}

/**
 * Parse and validate a command line against its spec. Resolves to `'help'` when `--help`/`-h`
 * was given (anywhere before `--`, whatever else is wrong); throws a {@link PipelineError}
 * (exit 2) for anything the spec does not allow.
 */
export function parseCommand(spec: CommandSpec, argv: readonly string[]): Args | 'help' {
  const byName = new Map(spec.flags.map((f) => [f.name, f] as const));
  const options = Object.fromEntries([
    ['help', { type: 'boolean', short: 'h' }],
    ...spec.flags.map((f) => [f.name, { type: f.value ? 'string' : 'boolean', multiple: true }]),
  ]) as Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;
  // Non-strict with tokens: the checks below word every error themselves, as one line.
  const { tokens } = parseTokens({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  const terminator = argv.indexOf('--');
  if ((terminator === -1 ? argv : argv.slice(0, terminator)).some((a) => a === '--help' || a === '-h')) return 'help';

  const given = new Map<string, string[]>();
  const positionals: string[] = [];
  for (const token of tokens) {
    if (token.kind === 'option-terminator') continue;
    if (token.kind === 'positional') {
      positionals.push(token.value);
      continue;
    }
    const flag = byName.get(token.name);
    // Short options are not part of the contract (only -h): `-check` is one unknown flag.
    if (!flag || token.rawName !== `--${flag.name}`) throw new PipelineError(`unknown flag ${argv[token.index]!.split('=')[0]}`, WHERE);
    const values = given.get(flag.name) ?? [];
    if (values.length > 0 && !flag.repeat) throw new PipelineError(`flag --${flag.name} given more than once`, WHERE);
    if (!flag.value) {
      if (token.inlineValue) throw new PipelineError(`flag --${flag.name} takes no value`, WHERE);
      values.push('true');
    } else {
      // Like util.parseArgs in strict mode: a separate value may not look like a flag, so
      // `--provider --check` is a missing value rather than a provider named "--check".
      if (token.value === undefined || (!token.inlineValue && token.value.startsWith('-')) || token.value === '') {
        throw new PipelineError(`flag --${flag.name} needs a value ${flag.value}`, WHERE);
      }
      values.push(token.value);
    }
    given.set(flag.name, values);
  }

  const p = spec.positionals;
  if (!p && positionals.length > 0) throw new PipelineError(`unexpected argument '${positionals[0]}'`, WHERE);
  if (p && positionals.length > p.max) throw new PipelineError(`unexpected argument '${positionals[p.max]}' (expected ${p.label})`, WHERE);
  if (p && positionals.length < p.min) throw new PipelineError(`missing ${p.label}`, WHERE);

  for (const flag of spec.flags) {
    if (flag.required && !given.has(flag.name)) throw new PipelineError(`--${flag.name} is required (see --help)`, WHERE);
  }
  for (const name of given.keys()) {
    const flag = byName.get(name)!;
    for (const other of conflictsOf(spec, name)) {
      if (given.has(other)) throw new PipelineError(`--${name} and --${other} cannot be used together`, WHERE);
    }
    for (const other of flag.requires ?? []) {
      if (!given.has(other)) throw new PipelineError(`--${name} needs --${other}`, WHERE);
    }
  }

  for (const [name, values] of given) {
    const flag = byName.get(name)!;
    values.forEach((raw, i) => {
      if (flag.choices) {
        const match = flag.choices.find((c) => c.toLowerCase() === raw.toLowerCase());
        if (!match) throw new PipelineError(`--${name} must be ${orList(flag.choices)} (got '${raw}')`, WHERE);
        values[i] = match;
      }
      const target = flag.pair ? splitPair(flag, raw)[1] : raw;
      if (flag.path) checkPath(target, flag.path, flag.url);
    });
  }
  if (p?.path) for (const value of positionals) checkPath(value, p.path, p.url);

  const declared = (name: string): FlagSpec => {
    const flag = byName.get(name);
    if (!flag) throw new Error(`${spec.name}: flag --${name} is not declared`);
    return flag;
  };
  return {
    positionals,
    has: (name) => (declared(name), given.has(name)),
    value: (name) => (declared(name), given.get(name)?.[0]),
    values: (name) => (declared(name), [...(given.get(name) ?? [])]),
    pairs: (name) => {
      const flag = declared(name);
      return Object.fromEntries((given.get(name) ?? []).map((raw) => splitPair(flag, raw)));
    },
  };
}

/** Print an error as the one line the contract promises and return its exit code. */
function report(err: unknown): number {
  if (err instanceof PipelineError) {
    process.stderr.write(`${err.toLine()}\n`);
    return err.exitCode;
  }
  // A path the user named that is missing deep inside a stage is still their mistake.
  const sys = err as NodeJS.ErrnoException;
  if (sys && sys.code === 'ENOENT' && typeof sys.path === 'string') {
    process.stderr.write(`${new PipelineError('file not found', sys.path).toLine()}\n`);
    return 2;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`error: ${oneLine(message)}\n`);
  if (process.env.DEBUG && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return 1;
}

/**
 * Run a CLI entry point: resolve to an exit code, print a PipelineError as one line, and turn
 * anything unexpected into one line too (the full stack only with DEBUG set).
 */
export function runCli(main: (argv: string[]) => Promise<number | void>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code ?? 0;
    },
    (err: unknown) => {
      process.exitCode = report(err);
    },
  );
}

/**
 * Run a stage command: `--help` prints its usage, a bad command line is one error line and exit 2,
 * and only a valid one reaches `main`. Heavy modules belong in `main` (imported there), so help
 * and argument errors answer at once.
 */
export function runCommand(spec: CommandSpec, main: (args: Args) => Promise<number | void>): void {
  runCli(async (argv) => {
    // npm runs scripts from the package root; INIT_CWD is where the user typed the command.
    if (spec.userCwd && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
    const args = parseCommand(spec, argv);
    if (args === 'help') {
      process.stdout.write(usage(spec));
      return 0;
    }
    return main(args);
  });
}

/**
 * The command contract, on the real commands as child processes: every stage answers `--help`
 * and `-h` with its usage and exit 0, and every bad flag, value or path (contradictory flags
 * included) is one `error:` line on stderr, nothing on stdout, and exit 2. The cases are built from
 * the command table, so a flag added to it is tested here without a new line of test code; what
 * each case expects is written out below, not taken from the parser under test.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCommand, type CommandSpec, type FlagSpec } from '../../../scripts/lib/cli.js';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { COMMANDS } from '../../../scripts/lib/commands.js';
import { repoRoot } from '../../helpers/temp-repo.js';
import { runCommandLine } from './run.js';

const commands: CommandSpec[] = Object.values(COMMANDS);
const dir = mkdtempSync(path.join(tmpdir(), 'idlc-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const existing = path.join(repoRoot, 'specs', 'dfns', 'openapi.yaml');
const report = path.join(dir, 'report-dfns.json');
writeFileSync(report, '{}');
const missing = path.join(dir, 'no', 'such', 'file.yaml');

/** Arguments that satisfy each command's required parts, so a case fails only on what it adds. */
const BASE: Record<string, string[]> = {
  'specs:normalize': [existing, '--out', path.join(dir, 'out.yaml')],
  'reports:merge': [report],
  'specs:reproduce': ['--upstream', dir],
};
const base = (c: CommandSpec) => BASE[c.name] ?? [];

/** A well-formed value for a flag, when the case is about something else. */
function goodValue(flag: FlagSpec): string {
  const value = flag.path === 'dir' ? dir : flag.path === 'output' ? path.join(dir, 'out.txt') : flag.path === 'file' ? existing : flag.choices ? flag.choices[0]! : 'x';
  return flag.pair ? `id=${value}` : value;
}
const withValue = (flag: FlagSpec) => (flag.value ? [`--${flag.name}`, goodValue(flag)] : [`--${flag.name}`]);

interface Case {
  /** What the case is about; the child-process run takes the first case of each kind. */
  kind: 'unknown' | 'positional' | 'value' | 'repeat' | 'choice' | 'pair' | 'path' | 'requires' | 'conflict' | 'required';
  name: string;
  argv: string[];
  /** The exact error line, or a pattern for it. */
  error: string | RegExp;
}

/** The base arguments without a flag (and its value), for cases that give that flag themselves. */
function baseWithout(c: CommandSpec, name: string): string[] {
  const argv = base(c);
  const at = argv.indexOf(`--${name}`);
  return at === -1 ? argv : [...argv.slice(0, at), ...argv.slice(at + 2)];
}

/** Every way to get each command's line wrong, with the one error line it must give. */
function casesFor(c: CommandSpec): Case[] {
  const flagNamed = (n: string) => c.flags.find((f) => f.name === n)!;
  const cases: Case[] = [
    { kind: 'unknown', name: 'an unknown flag', argv: [...base(c), '--no-such-flag'], error: 'error: command line: unknown flag --no-such-flag' },
    { kind: 'unknown', name: 'an unknown short flag', argv: [...base(c), '-x'], error: 'error: command line: unknown flag -x' },
  ];
  const p = c.positionals;
  if (!p) cases.push({ kind: 'positional', name: 'a stray argument', argv: ['stray'], error: "error: command line: unexpected argument 'stray'" });
  else {
    const given = p.min > 0 ? 1 : 0;
    const rest = base(c).slice(given);
    if (p.max < 10) cases.push({ kind: 'positional', name: 'too many arguments', argv: [...Array(p.max + 1).fill(existing), ...rest], error: `error: command line: unexpected argument '${existing}' (expected ${p.label})` });
    if (p.min > 0) cases.push({ kind: 'positional', name: 'no argument', argv: rest, error: `error: command line: missing ${p.label}` });
    if (p.path === 'file') cases.push({ kind: 'path', name: 'a missing input file', argv: [missing, ...rest], error: `error: ${missing}: file not found` });
  }
  for (const flag of c.flags) {
    const others = baseWithout(c, flag.name);
    const needs = (flag.requires ?? []).flatMap((n) => withValue(flagNamed(n)));
    if (flag.value) {
      cases.push({ kind: 'value', name: `--${flag.name} without its value`, argv: [...others, `--${flag.name}`], error: `error: command line: flag --${flag.name} needs a value ${flag.value}` });
      cases.push({ kind: 'value', name: `--${flag.name} followed by a flag`, argv: [...others, `--${flag.name}`, '--help-me'], error: `error: command line: flag --${flag.name} needs a value ${flag.value}` });
    } else {
      cases.push({ kind: 'value', name: `--${flag.name}=value`, argv: [...others, `--${flag.name}=yes`], error: `error: command line: flag --${flag.name} takes no value` });
    }
    if (!flag.repeat) cases.push({ kind: 'repeat', name: `--${flag.name} twice`, argv: [...others, ...withValue(flag), ...withValue(flag), ...needs], error: `error: command line: flag --${flag.name} given more than once` });
    if (flag.choices) {
      const list = `${flag.choices.slice(0, -1).join(', ')} or ${flag.choices.at(-1)}`;
      cases.push({ kind: 'choice', name: `--${flag.name} outside its choices`, argv: [...others, `--${flag.name}`, 'bogus'], error: `error: command line: --${flag.name} must be ${list} (got 'bogus')` });
    }
    if (flag.pair) cases.push({ kind: 'pair', name: `--${flag.name} without key=value`, argv: [...others, `--${flag.name}`, 'novalue', ...needs], error: `error: command line: --${flag.name} takes ${flag.value}, got "novalue"` });
    const bad = (v: string) => [`--${flag.name}`, flag.pair ? `id=${v}` : v];
    if (flag.path === 'file') {
      cases.push({ kind: 'path', name: `--${flag.name} naming a missing file`, argv: [...others, ...bad(missing), ...needs], error: `error: ${missing}: file not found` });
      cases.push({ kind: 'path', name: `--${flag.name} naming a directory`, argv: [...others, ...bad(dir), ...needs], error: `error: ${dir}: not a file` });
    }
    if (flag.path === 'dir') {
      cases.push({ kind: 'path', name: `--${flag.name} naming a missing directory`, argv: [...others, ...bad(missing), ...needs], error: `error: ${missing}: directory not found` });
      cases.push({ kind: 'path', name: `--${flag.name} naming a file`, argv: [...others, ...bad(existing), ...needs], error: `error: ${existing}: not a directory` });
    }
    if (flag.path === 'output') cases.push({ kind: 'path', name: `--${flag.name} naming a directory`, argv: [...others, ...bad(dir), ...needs], error: `error: ${dir}: is a directory, expected a file to write` });
    for (const other of flag.requires ?? []) {
      cases.push({ kind: 'requires', name: `--${flag.name} without --${other}`, argv: [...baseWithout(c, other), ...withValue(flag)], error: `error: command line: --${flag.name} needs --${other}` });
    }
    for (const other of flag.conflicts ?? []) {
      const o = flagNamed(other);
      cases.push({ kind: 'conflict', name: `--${flag.name} with --${other}`, argv: [...others, ...withValue(flag), ...withValue(o)], error: `error: command line: --${flag.name} and --${other} cannot be used together` });
      cases.push({ kind: 'conflict', name: `--${other} with --${flag.name}`, argv: [...others, ...withValue(o), ...withValue(flag)], error: `error: command line: --${other} and --${flag.name} cannot be used together` });
    }
    if (flag.required) cases.push({ kind: 'required', name: `without the required --${flag.name}`, argv: others, error: `error: command line: --${flag.name} is required (see --help)` });
  }
  return cases;
}

/**
 * The cases worth a process of their own: one of each kind, and every contradictory pair. The
 * rest run in-process below, through the same parser the entry files call.
 */
function processCases(c: CommandSpec): Case[] {
  const seen = new Set<string>();
  return casesFor(c).filter((k) => {
    if (k.kind === 'conflict') return true;
    if (seen.has(k.kind)) return false;
    seen.add(k.kind);
    return true;
  });
}

describe('the command table', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const entries = readdirSync(path.join(repoRoot, 'scripts')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).map((f) => f.slice(0, -3));

  it('has a row for every command entry under scripts/, and each row names an existing entry', () => {
    expect(new Set(commands.map((c) => c.entry))).toEqual(new Set(entries));
  });

  it('every row is an npm script running its built entry through the launcher', () => {
    for (const c of commands) expect(pkg.scripts[c.name], c.name).toMatch(new RegExp(`^node scripts/build/run\\.mjs ${c.entry}( |$)`));
  });

  it('no stage script transpiles on the fly', () => {
    const stages = Object.entries(pkg.scripts).filter(([, cmd]) => cmd.includes('scripts/'));
    expect(stages.length).toBeGreaterThanOrEqual(commands.length);
    for (const [name, cmd] of stages) expect(cmd, name).not.toMatch(/\btsx\b/);
  });
});

describe.concurrent.each(commands.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it.each(['--help', '-h'])('answers %s with its usage and exit 0', async (flag) => {
    const ran = await runCommandLine([c.entry, ...base(c), flag, '--no-such-flag']);
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    expect(ran.stdout.startsWith(`usage: npm run ${c.name} --`)).toBe(true);
    for (const f of c.flags) expect(ran.stdout).toContain(`  --${f.name}${f.value ? ` ${f.value}` : ''}`);
    expect(ran.stdout).toContain('  -h, --help');
  });

  it.each(processCases(c).map((k) => [k.name, k] as const))('rejects %s with one error line and exit 2', async (_case, k) => {
    const ran = await runCommandLine([c.entry, ...k.argv]);
    expect(ran.stdout).toBe('');
    expect(ran.stderr.endsWith('\n')).toBe(true);
    const lines = ran.stderr.trimEnd().split('\n');
    expect(lines, ran.stderr).toHaveLength(1);
    if (typeof k.error === 'string') expect(lines[0]).toBe(k.error);
    else expect(lines[0]).toMatch(k.error);
    expect(ran.code).toBe(2);
  });
});

describe.each(commands.map((c) => [c.name, c] as const))('%s, in-process', (_name, c) => {
  it.each(casesFor(c).map((k) => [k.name, k] as const))('rejects %s', (_case, k) => {
    let line: string | undefined;
    try {
      parseCommand(c, k.argv);
    } catch (err) {
      line = err instanceof PipelineError ? err.toLine() : String(err);
    }
    if (typeof k.error === 'string') expect(line).toBe(k.error);
    else expect(line).toMatch(k.error);
  });
});

describe.concurrent('through npm run', () => {
  const pkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const scripts = Object.keys(pkg.scripts).filter((name) => pkg.scripts[name]!.startsWith('node scripts/build/run.mjs '));

  it.each(scripts)('npm run %s -- --help exits 0 with its usage', async (name) => {
    const ran = await runCommandLine([name, '--', '--help'], { npm: true });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^usage: npm run \S+ --/);
  });

  it('a mistyped --config is the same one line as every other missing file', async () => {
    const ran = await runCommandLine(['specs:normalize', '--', existing, '--config', 'specs/dfns/provider.yml', '--out', path.join(dir, 'x.yaml')], { npm: true, env: { INIT_CWD: repoRoot } });
    expect(ran.stderr).toBe('error: specs/dfns/provider.yml: file not found\n');
    expect(ran.code).toBe(2);
  });

  it('relative paths of specs:normalize are relative to where the command was typed', async () => {
    const ran = await runCommandLine(['specs:normalize', '--', 'openapi.yaml', '--out', path.join(dir, 'y.yaml'), '--config', 'nope.yaml'], { npm: true, env: { INIT_CWD: path.join(repoRoot, 'specs', 'dfns') } });
    expect(ran.stderr).toBe('error: nope.yaml: file not found\n');
    expect(ran.code).toBe(2);
  });
});

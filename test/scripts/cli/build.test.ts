/**
 * The stage commands run built JavaScript, and a build whose sources changed never runs: the
 * launcher recomputes the build's fingerprint from the files on disk and rebuilds first. All of
 * it on a throwaway copy of the repository, with the real launcher and esbuild.
 */
import { readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempRepo } from '../../helpers/temp-repo.js';
import { runCommandLine } from './run.js';

/** The npm packages only the heavy paths of the commands need; the no-op regen loads none. */
const HEAVY = ['openapi-typescript', '@redocly/cli', '@redocly/openapi-core', 'ts-morph', 'typescript', 'prettier', '@scalar/openapi-upgrader'];
/** The YAML parsers: once the provider configs' parse is cached, the no-op regen loads neither. */
const YAML_PARSERS = ['js-yaml', 'yaml'];

let repo: { root: string; cleanup: () => void };
beforeAll(() => {
  repo = makeTempRepo();
});
afterAll(() => repo?.cleanup());

const builds = () => path.join(repo.root, '.cache', 'commands');
const manifest = () => JSON.parse(readFileSync(path.join(builds(), 'manifest.json'), 'utf8')) as { key: string; entries: string[]; inputs: string[] };
const buildDirs = () => readdirSync(builds()).filter((name) => /^[0-9a-f]{20}$/.test(name)).sort();
const edit = (rel: string, change: (text: string) => string) => {
  const file = path.join(repo.root, rel);
  writeFileSync(file, change(readFileSync(file, 'utf8')));
};

describe('the command launcher', () => {
  it('builds on first use, then runs the same build without rebuilding', async () => {
    const first = await runCommandLine(['regen', '--help'], { root: repo.root });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^usage: npm run regen --/);
    const { key, entries, inputs } = manifest();
    expect(entries).toEqual(expect.arrayContaining(['regen', 'diff', 'normalize', 'pull', 'lint', 'generate', 'api-report', 'merge-reports']));
    expect(inputs).toEqual(expect.arrayContaining(['scripts/regen.ts', 'scripts/lib/cli.ts', 'scripts/lib/regen/index.ts']));
    expect(buildDirs()).toEqual([key]);
    const stamp = statSync(path.join(builds(), 'manifest.json')).mtimeMs;

    const second = await runCommandLine(['regen', '--help'], { root: repo.root });
    expect(second.stdout).toBe(first.stdout);
    expect(statSync(path.join(builds(), 'manifest.json')).mtimeMs).toBe(stamp);
  });

  it('rebuilds before running when a source the command is built from changed', async () => {
    const before = manifest().key;
    edit('scripts/lib/commands.ts', (text) => text.replace("'The main job: ", "'The edited main job: "));
    const ran = await runCommandLine(['regen', '--help'], { root: repo.root });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain('The edited main job:');
    expect(manifest().key).not.toBe(before);
  });

  it('rebuilds when a module only loaded on demand changed, too', async () => {
    const before = manifest().key;
    edit('scripts/lib/regen/changeset.ts', (text) => `${text}\nexport const editedForTheTest = 1;\n`);
    expect((await runCommandLine(['regen', '--help'], { root: repo.root })).code).toBe(0);
    expect(manifest().key).not.toBe(before);
  });

  it('builds a command added under scripts/ and passes it exactly its own arguments', async () => {
    writeFileSync(path.join(repo.root, 'scripts', 'echo-args.ts'), "const args: string[] = process.argv.slice(2);\nprocess.stdout.write(`${JSON.stringify(args)}\\n`);\n");
    const ran = await runCommandLine(['echo-args', 'a', '--b', 'c d'], { root: repo.root });
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe('["a","--b","c d"]\n');
  });

  it('refuses to run anything when the sources do not build, naming the file and line', async () => {
    writeFileSync(path.join(repo.root, 'scripts', 'echo-args.ts'), 'const args: string[] = ;\n');
    const ran = await runCommandLine(['echo-args'], { root: repo.root });
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe('');
    expect(ran.stderr).toMatch(/^error: scripts\/echo-args\.ts:1: .+\(building the commands\)\n$/);
    // Fixed, the next run builds and runs again.
    rmSync(path.join(repo.root, 'scripts', 'echo-args.ts'));
    expect((await runCommandLine(['regen', '--help'], { root: repo.root })).code).toBe(0);
  });

  it('skips the byte check while no source was touched, and still catches an edit of the same size', async () => {
    // Files written in the last two seconds are never vouched for by their stat: let the edits above settle.
    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect((await runCommandLine(['regen', '--help'], { root: repo.root })).code).toBe(0);
    const stampFile = path.join(builds(), 'stamp.json');
    const stamp = JSON.parse(readFileSync(stampFile, 'utf8')) as { key: string; files: Record<string, string> };
    expect(stamp.key).toBe(manifest().key);
    expect(Object.keys(stamp.files)).toEqual(expect.arrayContaining(['scripts/lib/commands.ts', 'tsconfig.json', ...manifest().inputs]));
    const built = statSync(path.join(builds(), 'manifest.json')).mtimeMs;
    expect((await runCommandLine(['regen', '--help'], { root: repo.root })).code).toBe(0);
    expect(statSync(path.join(builds(), 'manifest.json')).mtimeMs).toBe(built);

    const file = path.join(repo.root, 'scripts/lib/commands.ts');
    const size = statSync(file).size;
    edit('scripts/lib/commands.ts', (text) => text.replace("'The edited main job: ", "'The Edited main job: "));
    expect(statSync(file).size).toBe(size);
    const ran = await runCommandLine(['regen', '--help'], { root: repo.root });
    expect(ran.stdout).toContain('The Edited main job:');
    expect(manifest().key).not.toBe(stamp.key);
  });

  it('names a command that does not exist in one line, exit 2', async () => {
    const ran = await runCommandLine(['no-such-command'], { root: repo.root });
    expect(ran).toEqual({ code: 2, stdout: '', stderr: 'error: command line: no command scripts/no-such-command.ts\n' });
  });
});

describe('the no-op regen', () => {
  it('never loads the code generator, the linter or the TypeScript tooling', async () => {
    // A resolve hook records every specifier the process imports, and at exit every file the
    // CommonJS loader holds (what `require` loaded), as the package it belongs to.
    const log = path.join(repo.root, 'imports.log');
    const hook = [
      "import { appendFileSync } from 'node:fs';",
      'export async function resolve(specifier, context, next) {',
      "  appendFileSync(process.env.IMPORT_LOG, specifier + '\\n');",
      '  return next(specifier, context);',
      '}',
    ].join('\n');
    const register = [
      "import { appendFileSync } from 'node:fs';",
      "import { createRequire, register } from 'node:module';",
      `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
      'const required = createRequire(import.meta.url).cache;',
      "process.on('exit', () => { for (const file of Object.keys(required)) { const pkg = /node_modules\\/((?:@[^/]+\\/)?[^/]+)/.exec(file); if (pkg) appendFileSync(process.env.IMPORT_LOG, pkg[1] + '\\n'); } });",
    ].join('\n');
    writeFileSync(path.join(repo.root, 'record-imports.mjs'), register);
    const recorded = async (): Promise<string[]> => {
      writeFileSync(log, '');
      const ran = await runCommandLine(['regen'], {
        root: repo.root,
        env: { IMPORT_LOG: log, NODE_OPTIONS: `--import ${path.join(repo.root, 'record-imports.mjs')}` },
      });
      expect(ran.stderr).toBe('');
      expect(ran.code).toBe(0);
      expect(ran.stdout.split('\n').filter((line) => / spec +unchanged /.test(line))).toHaveLength(3);
      const imported = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
      // The hook saw the command itself load (so it was active for the whole run).
      expect(imported.some((s) => /regen-[A-Z0-9]+\.mjs$/.test(s))).toBe(true);
      return imported;
    };
    const loaded = (imported: string[], names: string[]) => imported.filter((s) => names.some((name) => s === name || s.startsWith(`${name}/`)));
    // The first run parses the provider configs; the next finds them in the cache.
    expect(loaded(await recorded(), HEAVY)).toEqual([]);
    expect(loaded(await recorded(), [...HEAVY, ...YAML_PARSERS])).toEqual([]);
  });
});

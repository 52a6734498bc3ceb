/**
 * The code cache of large CommonJS files (scripts/build/compile-cache.cjs), in real processes
 * over real files: a throwaway `node_modules` with packages big enough to be cached, loaded by a
 * script that installs the cache first. What it must hold: the modules behave exactly as Node
 * loads them; an entry is used when it exists and only for the bytes it was made from; data V8
 * refuses is replaced; files with a dynamic `import()` are left to Node; the folder stays bounded.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../../helpers/temp-repo.js';

const { MIN_BYTES, KEEP } = createRequire(import.meta.url)('../../../scripts/build/compile-cache.cjs') as { MIN_BYTES: number; KEEP: number };
const CACHE = path.join(repoRoot, 'scripts/build/compile-cache.cjs');

let dir: string;
let cacheDir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'idlc-compile-cache-'));
  cacheDir = path.join(dir, 'node_modules', '.cache', 'idlc-compile-cache');
  writeFileSync(path.join(dir, 'main.cjs'), `if (process.argv[3] !== 'node') require(${JSON.stringify(CACHE)}).installCompileCache();\nconst out = require(process.argv[2]);\nPromise.resolve(typeof out === 'function' ? out() : out).then((v) => process.stdout.write(JSON.stringify(v)));\n`);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A package `name` whose index.js is `code`, padded past the size the cache starts at. */
function writePackage(name: string, code: string, padTo = MIN_BYTES + 1024): string {
  const file = path.join(dir, 'node_modules', name, 'index.js');
  mkdirSync(path.dirname(file), { recursive: true });
  const text = `${code}\n`;
  writeFileSync(file, `${text}/*${'x'.repeat(Math.max(0, padTo - text.length - 4))}*/`);
  return file;
}

/** Load package `name` in a new process, with the cache, or as Node alone loads it (`node`). */
function load(name: string, how: 'cache' | 'node' = 'cache'): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync(process.execPath, [path.join(dir, 'main.cjs'), name, how], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const entries = (): string[] => {
  try {
    return readdirSync(cacheDir).sort();
  } catch {
    return [];
  }
};

describe('compile cache', () => {
  it('gives a module what Node gives it (require, resolve, paths, module, exports), cached or not', () => {
    writePackage('dep', 'module.exports = 41;', 100);
    writePackage('big', "const dep = require('dep');\nmodule.exports = () => ({ dep: dep + 1, file: __filename, dir: __dirname, resolved: require.resolve('dep'), paths: require.resolve.paths('dep').length > 0, main: require.main === process.mainModule, cached: require.cache[__filename] === module, self: module.filename });");
    const first = load('big');
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    const file = path.join(dir, 'node_modules/big/index.js');
    expect(JSON.parse(first.stdout)).toEqual({ dep: 42, file, dir: path.dirname(file), resolved: path.join(dir, 'node_modules/dep/index.js'), paths: true, main: true, cached: true, self: file });
    // One entry, for the big file only; the small one is left to Node.
    expect(entries()).toHaveLength(1);
    expect(statSync(path.join(cacheDir, entries()[0]!)).size).toBeGreaterThan(0);
    const second = load('big');
    expect(second).toEqual(first);
    expect(entries()).toHaveLength(1);
    expect(load('big', 'node')).toEqual(first);
  });

  it('uses an entry when it exists, and only for the bytes it was made from', () => {
    // Two files of one length: V8 itself checks a cache against the source's length, not its
    // bytes, so an entry put in the other's place is taken, and shows the cache is read.
    writePackage('a', "module.exports = 'from a';");
    writePackage('b', "module.exports = 'from b';");
    expect(load('a').stdout).toBe('"from a"');
    const [entryA] = entries();
    expect(load('b').stdout).toBe('"from b"');
    const entryB = entries().find((name) => name !== entryA)!;
    writeFileSync(path.join(cacheDir, entryB), readFileSync(path.join(cacheDir, entryA!)));
    expect(load('b').stdout).toBe('"from a"');
    // An edit of the same length is other bytes, so another entry: the new code runs.
    writePackage('b', "module.exports = 'from B';");
    expect(load('b').stdout).toBe('"from B"');
    expect(entries()).toHaveLength(3);
  });

  it('compiles as usual when V8 refuses the data, and writes it anew', () => {
    writePackage('big', "module.exports = 'ok';");
    expect(load('big').stdout).toBe('"ok"');
    const entry = path.join(cacheDir, entries()[0]!);
    writeFileSync(entry, Buffer.from('not a code cache at all, just bytes'));
    const run = load('big');
    expect(run).toEqual({ status: 0, stdout: '"ok"', stderr: '' });
    expect(statSync(entry).size).toBeGreaterThan(100);
    expect(readFileSync(entry).toString('latin1')).not.toContain('not a code cache');
  });

  it('leaves a file with a dynamic import() to Node (a cached script would lose it), and records that', () => {
    writePackage('dyn', "module.exports = () => import('node:path').then((m) => typeof m.join);");
    for (let i = 0; i < 2; i++) expect(load('dyn')).toEqual({ status: 0, stdout: '"function"', stderr: '' });
    expect(entries()).toHaveLength(1);
    expect(statSync(path.join(cacheDir, entries()[0]!)).size).toBe(0);
    // `import(` inside strings and comments is not one.
    writePackage('text', "// import('x')\nmodule.exports = \"import('y')\" + `import(${'z'})`;");
    expect(load('text').stdout).toBe(JSON.stringify("import('y')import(z)"));
    expect(entries().map((name) => statSync(path.join(cacheDir, name)).size).filter((size) => size > 0)).toHaveLength(1);
  });

  it('reports errors as Node does: the place, the message and the first frame', () => {
    // The `file:line` line, the message and the first stack frame (the frames below it name the
    // loader, which is this module). The source excerpt between them is not compared: on a
    // file's first line it shows the module wrapper's text.
    const head = (stderr: string): string[] => {
      const lines = stderr.split('\n');
      const frame = lines.findIndex((l) => l.trim().startsWith('at '));
      return [lines[0]!, ...lines.slice(0, frame).filter((l) => /^\w*(Error|Exception)\b/.test(l)), lines[frame]!];
    };
    writePackage('broken', 'module.exports = {;');
    writePackage('throws', "\n\nthrow new Error('boom at load');");
    // On the first line, where a wrapper's text would shift the column.
    writePackage('column', 'const o = null; module.exports = o.x;');
    for (const name of ['broken', 'throws', 'column']) {
      for (let i = 0; i < 2; i++) {
        const cached = load(name);
        expect(cached.status).not.toBe(0);
        expect(head(cached.stderr)).toEqual(head(load(name, 'node').stderr));
      }
    }
    expect(load('column').stderr).toContain(`${path.join(dir, 'node_modules/column/index.js')}:1:36`);
  });

  it('leaves code that builds code (eval, Function) to Node: an import() in it would be lost', () => {
    writePackage('fn', "module.exports = () => new Function('s', 'return import(s)')('node:path').then((m) => typeof m.join);");
    writePackage('ev', "module.exports = () => eval(\"import('node:path')\").then((m) => typeof m.join);");
    for (const name of ['fn', 'ev']) for (let i = 0; i < 2; i++) expect(load(name)).toEqual({ status: 0, stdout: '"function"', stderr: '' });
    expect(entries().map((name) => statSync(path.join(cacheDir, name)).size)).toEqual([0, 0]);
  });

  it('is no cache where its folder cannot be written: the module loads as usual and nothing is printed', () => {
    // A file where the folder would go: every write fails.
    mkdirSync(path.dirname(cacheDir), { recursive: true });
    writeFileSync(cacheDir, 'in the way');
    writePackage('big', "module.exports = 'ok';");
    for (let i = 0; i < 2; i++) expect(load('big')).toEqual({ status: 0, stdout: '"ok"', stderr: '' });
    expect(readFileSync(cacheDir, 'utf8')).toBe('in the way');
  });

  it(`keeps at most ${KEEP} entries per folder, removing the least recently used, and removes temp files a killed writer left`, () => {
    mkdirSync(cacheDir, { recursive: true });
    const old = Date.now() / 1000 - 3600;
    for (let i = 0; i < KEEP + 5; i++) {
      const file = path.join(cacheDir, `old-${String(i).padStart(4, '0')}`);
      writeFileSync(file, 'x');
      utimesSync(file, old + i, old + i);
    }
    // And a temp file a killed writer left, long ago (a fresh one may be another's write).
    const leftTemp = path.join(cacheDir, `entry.tmp-${process.pid}`);
    writeFileSync(leftTemp, 'half');
    utimesSync(leftTemp, old, old);
    const freshTemp = path.join(cacheDir, 'entry.tmp-1');
    writeFileSync(freshTemp, 'half');
    // An entry in use is kept however old it is: using it marks it.
    writePackage('used', "module.exports = 'used';");
    expect(load('used').stdout).toBe('"used"');
    const used = entries().find((name) => !name.startsWith('old-') && !name.includes('.tmp-'))!;
    utimesSync(path.join(cacheDir, used), old - 1, old - 1);
    expect(load('used').stdout).toBe('"used"');
    writePackage('big', "module.exports = 'ok';");
    expect(load('big').stdout).toBe('"ok"');
    expect(entries()).toContain(used);
    const left = entries().filter((name) => name !== 'entry.tmp-1' && name !== used);
    expect(entries()).not.toContain(path.basename(leftTemp));
    expect(entries()).toContain('entry.tmp-1');
    expect(left).toHaveLength(KEEP - 1);
    expect(left.filter((name) => name.startsWith('old-'))).toEqual(Array.from({ length: KEEP - 2 }, (_, i) => `old-${String(i + 7).padStart(4, '0')}`));
  });
});

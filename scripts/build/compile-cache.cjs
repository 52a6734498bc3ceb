/**
 * A V8 code cache for the large CommonJS files of node_modules, for the pipeline's processes on
 * Node 20.
 *
 * A command that reviews a change loads TypeScript's compiler twice (`typescript`, which
 * openapi-typescript prints with, and the copy inside ts-morph, which the facade check and the
 * API report use): 9 MB of JavaScript each, about 110 ms of compiling before the first line of
 * it runs, and more for every function compiled lazily as it is first called. Node >= 22.1 keeps
 * such code in a cache of its own (`module.enableCompileCache`); Node 20 has none. This module
 * gives a process one: each eligible file is compiled with the bytecode V8 made for the same
 * bytes the last time, and a file that had none gets it written once it has loaded and again
 * when the process exits (then it includes every function that ran). A ZITADEL regen with a
 * change went from 5.71 to 5.35 s of user CPU time with it (means of three runs, alternating).
 *
 * - **Which files**: CommonJS files under a `node_modules` folder, of at least
 *   {@link MIN_BYTES} characters, with no dynamic `import()` (found by es-module-lexer, which
 *   knows strings, comments, templates and regular expressions from code) and no `eval(` or
 *   `Function(` anywhere in their text (code built at run time could hold one). Node 20 loses
 *   a script's dynamic import callback when the script comes from a code cache, so such files
 *   are left to Node (an empty entry records that, so a file is looked at once).
 * - **Never stale**: an entry is named by the sha256 of the file's bytes and of what V8 checks a
 *   cache against (Node's version, the process's V8 flags); V8 itself still refuses data that
 *   does not fit (then the file compiles as usual and the entry is written anew).
 * - **Where**: `node_modules/.cache/idlc-compile-cache/` of the `node_modules` the file is in,
 *   so it goes with the code it was made from (`npm ci` starts it afresh), and copies of the
 *   tree that link their `node_modules` share it. At most {@link KEEP} entries per folder, the
 *   least recently used removed first.
 * - **What differs from Node's own compile**, for cached files only: stack traces show this
 *   module's `compile` frame under `Module._compile`, and the source excerpt of an error on a
 *   file's first line shows the module wrapper; `require.resolve` does not validate its
 *   argument's type; Node's guard against a `require(esm)` cycle back into the file is not set.
 *   Source maps, coverage, policies and `--inspect-brk` turn the cache off.
 * - **Never in the way**: a cache that cannot be read or written is no cache; the file is
 *   compiled as usual. Nothing is printed.
 *
 * `installCompileCache()` is called by the launcher (./run.mjs) after it sets V8's tiering
 * (those flags are part of the key); `./compile-cache-preload.cjs` installs it with `--require`
 * in the processes the pipeline starts (the contract run's vitest, its workers and Prism) and in
 * the test runner's workers. (Redocly is ES modules: nothing of it would be cached.) Measured on Node 20 alone, so on a Node that has its own cache this
 * does nothing. Plain CommonJS: it must load before anything else and without a compiler.
 */
'use strict';

const Module = require('node:module');
const vm = require('node:vm');
const fs = require('node:fs');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { threadId } = require('node:worker_threads');

/** Smaller files cost less to compile than to look up. */
const MIN_BYTES = 32 * 1024;

/** Entries kept per cache folder. */
const KEEP = 128;

/** Bump when what an entry holds changes. */
const FORMAT = 'idlc-compile-cache 1';

const INSTALLED = Symbol.for('idlc.compileCache.installed');
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** The cache folder for a file of a `node_modules` tree (the outermost one), or undefined. */
function cacheDirOf(filename) {
  const at = filename.indexOf(NODE_MODULES);
  return at === -1 ? undefined : path.join(filename.slice(0, at + NODE_MODULES.length), '.cache', 'idlc-compile-cache');
}

/**
 * Code that builds code at run time (`eval`, `Function`): an `import()` in it is invisible to a
 * lexer and would lose its callback too. Matched in the raw text, strings and comments
 * included, so a file that only mentions them is left to Node as well.
 */
const BUILDS_CODE = /\beval\s*\(|\bFunction\s*\(/;

/**
 * Whether the source has no dynamic `import()` and builds no code at run time: false when it
 * does or cannot be lexed, undefined when the lexer is not installed (then nothing is recorded
 * about the file).
 */
function withoutDynamicImport(content) {
  if (BUILDS_CODE.test(content)) return false;
  let lexer;
  try {
    lexer = require('es-module-lexer');
    lexer.initSync();
  } catch {
    return undefined;
  }
  try {
    const [imports] = lexer.parse(content);
    return !imports.some((entry) => entry.d > -1);
  } catch {
    return false;
  }
}

/** Write through a temp file and a rename, so a reader never sees half an entry. */
function writeEntry(file, data) {
  const temp = `${file}.tmp-${process.pid}-${threadId}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, data);
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing to clean
    }
  }
}

/** A temp file this old was left by a process killed while writing it. */
const STALE_TEMP_MS = 10 * 60_000;

/**
 * Remove the entries of a folder used least recently beyond {@link KEEP} (an entry's mtime is
 * set each time it is used), and temp files left behind.
 */
function prune(dir) {
  try {
    const entries = [];
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      let mtime;
      try {
        mtime = fs.statSync(file).mtimeMs;
      } catch {
        continue; // renamed or removed by another process meanwhile
      }
      if (!name.includes('.tmp-')) entries.push({ file, mtime });
      else if (Date.now() - mtime > STALE_TEMP_MS) fs.rmSync(file, { force: true });
    }
    if (entries.length <= KEEP) return;
    entries.sort((a, b) => a.mtime - b.mtime);
    for (const { file } of entries.slice(0, entries.length - KEEP)) fs.rmSync(file, { force: true });
  } catch {
    // another process pruned it, or it is not ours to change
  }
}

/**
 * The options of a command line that can change how V8 compiles: all but the modules to preload,
 * whose paths differ between copies of the tree and which V8 never sees.
 */
function v8Options(args) {
  const out = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '') continue;
    if (/^(?:--require|-r|--import|--loader|--experimental-loader)$/.test(args[i])) i++;
    else if (!/^(?:--require|--import|--loader|--experimental-loader)=/.test(args[i])) out.push(args[i]);
  }
  return out;
}

/** Mark an entry as used now, so the least recently used go first. */
function touch(file) {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // removed meanwhile; it is written anew next time
  }
}

/** `require` for a module, as Node builds it for the files it compiles itself. */
function makeRequire(mod) {
  const require = (id) => mod.require(id);
  const resolve = (request, options) => Module._resolveFilename(request, mod, false, options);
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

/**
 * Install the cache in this process (once; later calls do nothing). `flags` are V8 flags the
 * process set at run time (`v8.setFlagsFromString`), which V8 checks a cache against as it does
 * those the process started with. Returns whether it was installed.
 */
function installCompileCache(options = {}) {
  if (typeof Module.enableCompileCache === 'function' || globalThis[INSTALLED]) return false;
  const args = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  // Where Node does more than compile (source maps, coverage, policy integrity, a debugger
  // pausing at the first line), it is left to do so.
  if (process.sourceMapsEnabled || process.env.NODE_V8_COVERAGE || args.some((arg) => /^--(?:enable-source-maps|experimental-policy|inspect-brk|inspect-wait)\b/.test(arg))) return false;
  globalThis[INSTALLED] = true;
  const variant = [FORMAT, process.version, process.arch, ...v8Options(args), ...(options.flags ?? [])].join('\0');
  /** Scripts compiled without usable data: their entries are written as they load, and at exit. */
  const pending = [];
  const original = Module.prototype._compile;

  /** Write the given entries. */
  const write = (entries) => {
    const dirs = new Set();
    for (const { script, file, dir } of entries) {
      let data;
      try {
        data = script.createCachedData();
      } catch {
        continue;
      }
      if (data.length === 0) continue;
      writeEntry(file, data);
      dirs.add(dir);
    }
    for (const dir of dirs) prune(dir);
  };

  Module.prototype._compile = function compile(content, filename, format) {
    const dir = format !== 'module' && content.length >= MIN_BYTES ? cacheDirOf(filename) : undefined;
    if (dir === undefined) return Reflect.apply(original, this, arguments);
    const file = path.join(dir, createHash('sha256').update(variant).update('\0').update(content).digest('hex').slice(0, 32));
    let data;
    try {
      data = fs.readFileSync(file);
    } catch {
      data = undefined;
    }
    if (data !== undefined && data.length === 0) return Reflect.apply(original, this, arguments);
    if (data !== undefined) touch(file);
    if (data === undefined) {
      const safe = withoutDynamicImport(content);
      if (safe !== true) {
        if (safe === false) writeEntry(file, Buffer.alloc(0));
        return Reflect.apply(original, this, arguments);
      }
    }
    let script;
    try {
      // `//` in place of a `#!` line keeps every line and column where it was, and the column
      // offset takes the wrapper's text off the first line's columns.
      const source = content.startsWith('#!') ? `//${content.slice(2)}` : content;
      script = new vm.Script(Module.wrap(source), { filename, cachedData: data, columnOffset: -Module.wrapper[0].length });
    } catch {
      // A syntax error (or ES module syntax in a .js file): recorded, and Node's own compile
      // reports or loads it as it would without the cache.
      if (data === undefined) writeEntry(file, Buffer.alloc(0));
      return Reflect.apply(original, this, arguments);
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    const result = Reflect.apply(wrapper, this.exports, [this.exports, makeRequire(this), this, filename, path.dirname(filename)]);
    if (data === undefined || script.cachedDataRejected) {
      // Written now, as the module has loaded (a server stopped by a signal never reaches
      // 'exit'), and again at exit with every function that ran since.
      const entry = { script, file, dir };
      write([entry]);
      pending.push(entry);
    }
    return result;
  };

  process.once('exit', () => write(pending));
  return true;
}

module.exports = { installCompileCache, MIN_BYTES, KEEP };

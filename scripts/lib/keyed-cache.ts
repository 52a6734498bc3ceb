/**
 * A folder of JSON values stored by key, for the caches of results that are pure functions of
 * their inputs (the API surfaces, the regen reviews and stages): the caller names every input
 * and {@link cacheKey} turns their bytes into the key; this module stores and finds the value. Each value is written to a temp file
 * and renamed, so a reader never sees half of one; only the newest `keep` keys stay. A cache
 * that cannot be read or written only costs the next run its work, so failures are ignored.
 */
import { createHash, type Hash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The value stored under `key` in `dir`, or undefined. */
export function readKeyed<T>(dir: string, key: string): T | undefined {
  try {
    const stored = JSON.parse(readFileSync(path.join(dir, `${key}.json`), 'utf8')) as { key?: string; value?: T };
    return stored.key === key ? stored.value : undefined;
  } catch {
    return undefined;
  }
}

/** Store `value` under `key` in `dir`, then drop all but the newest `keep` keys. */
export function writeKeyed(dir: string, key: string, value: unknown, keep: number): void {
  try {
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${key}.json`);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, value }));
    renameSync(tmp, file);
    const stored = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, mtime: statSync(path.join(dir, name)).mtimeMs }))
      .sort((a, b) => b.mtime - a.mtime);
    for (const old of stored.slice(keep)) rmSync(path.join(dir, old.name), { force: true });
  } catch {
    // See the module comment: the cache is an optimisation only.
  }
}

/** Every file below `dir` whose name `accept` takes, sorted, into `out` (node_modules skipped). */
export function listFiles(dir: string, out: string[], accept: (name: string) => boolean = () => true): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names.sort()) {
    if (name === 'node_modules') continue;
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) listFiles(file, out, accept);
    else if (accept(name)) out.push(file);
  }
}

/**
 * Feed each file into `hash`: its path relative to `root`, its length and its bytes (`read`
 * may give a file's content instead of the disk). A missing file hashes as missing.
 */
export function hashFiles(hash: Hash, root: string, files: readonly string[], read: (file: string) => string | undefined = () => undefined): void {
  for (const file of files) {
    let bytes: Buffer | string;
    try {
      bytes = read(file) ?? readFileSync(file);
    } catch {
      bytes = '\0missing';
    }
    hash.update(`${path.relative(root, file)}\0${Buffer.byteLength(bytes)}\0`).update(bytes);
  }
}

/**
 * The version of package `name` installed for `root` (the `node_modules/<name>/package.json`
 * nearest above it, as Node's resolution finds it), or `missing`. Read directly rather than
 * through `require`, which would start the CommonJS loader for a run that needs nothing else of it.
 */
export function toolVersion(root: string, name: string): string {
  for (let dir = path.resolve(root); ; dir = path.dirname(dir)) {
    try {
      const { version } = JSON.parse(readFileSync(path.join(dir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
      return typeof version === 'string' ? version : 'missing';
    } catch {
      // Not installed at this level: look one folder up.
    }
    if (path.dirname(dir) === dir) return 'missing';
  }
}

/** What a cache key is computed from. */
export interface KeyInputs {
  /** Labels of what is computed and how (cache format, stage, Node version, switches). */
  parts: readonly (string | number | boolean)[];
  /** Packages whose installed version is an input. */
  tools?: readonly string[];
  /** Files whose bytes are inputs (absolute paths), in a stable order; see {@link hashFiles}. */
  files?: readonly string[];
  /** Content to use instead of a file's bytes on disk (regen's in-memory outputs). */
  read?: (file: string) => string | undefined;
  /** Further inputs held in memory, fed into the hash after the files. */
  feed?: (hash: Hash) => void;
}

/** The key of a value computed from `inputs` (installed for `root`): 32 hex digits of sha256. */
export function cacheKey(root: string, inputs: KeyInputs): string {
  const hash = createHash('sha256').update(`${inputs.parts.join('\0')}\0`);
  for (const tool of inputs.tools ?? []) hash.update(`${tool}@${toolVersion(root, tool)}\0`);
  hashFiles(hash, root, inputs.files ?? [], inputs.read);
  inputs.feed?.(hash);
  return hash.digest('hex').slice(0, 32);
}

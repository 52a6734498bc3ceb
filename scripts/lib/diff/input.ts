/**
 * Reading specs for the diff: any of Swagger 2.0, OpenAPI 3.0 or 3.1, YAML or JSON, in and
 * OpenAPI 3.1 out, through the shared loader (scripts/lib/openapi/load.ts) so the diff accepts
 * and refuses exactly what every other stage does.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PipelineError } from '../errors.js';
import { detectFormat, loadSpec } from '../openapi/load.js';
import { upgradeTo31 } from '../openapi/upgrade.js';

/** A document ready for comparison. */
export interface DiffInput {
  /** The file as the user named it. */
  file: string;
  /** The OpenAPI 3.1 document. */
  doc: Record<string, any>;
}

/**
 * Bring an in-memory document to OpenAPI 3.1 for callers of `diffSpecs` that did not use the
 * loader, with the loader's own format detection and upgrade so both roads agree. 3.1
 * documents are returned as they are (the diff never modifies its inputs); older ones are
 * upgraded on a copy.
 */
export function toOpenApi31(doc: Record<string, any>, file: string): Record<string, any> {
  const format = detectFormat(doc, file);
  if (format === 'openapi-3.1') return doc;
  try {
    return upgradeTo31(structuredClone(doc), format);
  } catch (err) {
    if (err instanceof PipelineError) throw err;
    throw new PipelineError(`cannot convert to OpenAPI 3.1: ${err instanceof Error ? err.message : String(err)}`, file);
  }
}

/** Options of {@link readDiffInput}. */
export interface ReadOptions {
  /**
   * Keep loaded documents in a content-addressed cache folder and reuse them while the file,
   * every file it references and the loader itself are byte-identical. Parsing a multi-megabyte
   * YAML document is most of a diff's time; a CI job that diffs the same upstream files again
   * skips it.
   * @default undefined (no cache)
   * @example path.join(repoRoot, '.cache/specs-diff')
   */
  cacheDir?: string;
}

/** Read one spec file through the shared loader. Bad input throws a one-line PipelineError. */
export async function readDiffInput(file: string, options: ReadOptions = {}): Promise<DiffInput> {
  if (options.cacheDir && !/^https?:\/\//i.test(file)) {
    const cached = readCache(file, options.cacheDir);
    if (cached) return { file, doc: cached };
  }
  const loaded = await loadSpec(file);
  if (options.cacheDir && !/^https?:\/\//i.test(file)) writeCache(file, options.cacheDir, loaded);
  return { file, doc: loaded.doc };
}

/** What a cache entry holds: the loaded document and the exact inputs it was built from. */
interface CacheEntry {
  inputs: { path: string; sha256: string }[];
  doc: Record<string, any>;
}

let loaderHash: string | undefined;

/**
 * A fingerprint of the loader: its source files and the versions of the libraries it parses
 * and upgrades with. A changed loader never serves documents an older one produced.
 */
function loaderFingerprint(): string {
  if (loaderHash) return loaderHash;
  const hash = createHash('sha256');
  const dir = fileURLToPath(new URL('../openapi/', import.meta.url));
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(path.join(dir, name)));
  const require = createRequire(import.meta.url);
  for (const pkg of ['yaml', 'js-yaml', '@scalar/openapi-upgrader']) {
    // Walk up from the entry point: not every package exports its package.json.
    let dir = path.dirname(require.resolve(pkg));
    while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
    hash.update(readFileSync(path.join(dir, 'package.json')));
  }
  loaderHash = hash.digest('hex').slice(0, 16);
  return loaderHash;
}

function sha256File(file: string): string | undefined {
  try {
    return createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex');
  } catch {
    return undefined;
  }
}

function cachePath(cacheDir: string, rootSha: string): string {
  return path.join(cacheDir, `${rootSha}-${loaderFingerprint()}.json`);
}

function readCache(file: string, cacheDir: string): Record<string, any> | undefined {
  const rootSha = sha256File(file);
  if (!rootSha) return undefined;
  const entryFile = cachePath(cacheDir, rootSha);
  if (!existsSync(entryFile)) return undefined;
  try {
    const entry = JSON.parse(readFileSync(entryFile, 'utf8')) as CacheEntry;
    // A referenced file changed since: the entry no longer describes this document.
    if (!entry.inputs.every((input) => sha256File(input.path) === input.sha256)) return undefined;
    return entry.doc;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, cacheDir: string, loaded: { doc: Record<string, any>; inputs: { file: string; sha256: string }[] }): void {
  const root = loaded.inputs[0];
  if (!root || loaded.inputs.some((input) => /^https?:\/\//i.test(input.file))) return;
  try {
    mkdirSync(cacheDir, { recursive: true });
    const entry: CacheEntry = { inputs: loaded.inputs.map((input) => ({ path: path.resolve(input.file), sha256: input.sha256 })), doc: loaded.doc };
    const target = cachePath(cacheDir, root.sha256);
    const temp = `${target}.tmp-${process.pid}`;
    writeFileSync(temp, JSON.stringify(entry));
    renameSync(temp, target);
  } catch {
    // A cache that cannot be written is only a slower run, never a failed one.
  }
}

/**
 * Load a spec held in memory (a `git show` of a committed spec) through the same loader, via a
 * private temporary file. `label` is what messages call it (`specs/x/openapi.yaml@HEAD`).
 */
export async function loadDiffText(text: string, label: string, name = 'openapi.yaml'): Promise<DiffInput> {
  const dir = mkdtempSync(path.join(tmpdir(), 'specs-diff-'));
  try {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    try {
      return { file: label, doc: (await loadSpec(file)).doc };
    } catch (err) {
      if (err instanceof PipelineError) throw new PipelineError(err.message, label, err.location, err.exitCode);
      throw err;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Load two spec files, one after the other. (Loading them in two worker threads was tried: on
 * a two-core machine the per-thread start-up of the TypeScript loader cost more than the
 * parallel parse saved.)
 */
export async function readDiffPair(baseFile: string, revisionFile: string, options: ReadOptions = {}): Promise<[DiffInput, DiffInput]> {
  return [await readDiffInput(baseFile, options), await readDiffInput(revisionFile, options)];
}

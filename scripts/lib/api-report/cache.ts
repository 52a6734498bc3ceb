/**
 * A cache of collected API surfaces, keyed by everything the declaration surface is built from:
 * the bytes of every `.ts` file under `src/` and `generated/` (with regen's in-memory overrides
 * applied), the tsconfig files, package.json (the entry points), the versions of the tools that
 * compile and print the declarations and of the packages they resolve types from, and the code
 * of the collector itself. When the key matches a stored surface the compile (seconds) is
 * skipped; any byte of any input moving gives a new key, so a stale surface is never reused.
 *
 * Lives under `.cache/api-report/` (ignored by git); only the newest few keys are kept.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheKey, listFiles, readKeyed, writeKeyed } from '../keyed-cache.js';
import type { ApiEntry } from './entries.js';
import type { ApiSurface } from './surface.js';

/** Bump when the stored layout or what a surface holds changes. */
const CACHE_FORMAT = 'api-surface-cache 3';

/** Stored surfaces kept at most; older ones are removed when a new one is written. */
const KEEP = 8;

/** Folders whose TypeScript files make up the declaration surface. */
const SOURCE_DIRS = ['src', 'generated'];

/** Files besides the sources that shape the surface, repository-relative. */
const CONFIG_FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Packages whose version changes what is compiled, printed or resolved. */
const TOOLS = ['typescript', 'ts-morph', 'prettier', 'openapi-fetch', '@types/node'];

/** The collector's own code: a change to how surfaces are printed must miss the cache. */
const COLLECTOR = ['./surface.ts', './entries.ts', '../ts-project.ts'];

const here = path.dirname(fileURLToPath(import.meta.url));

/** The key of the surface the given tree (plus overrides) compiles to. */
export function surfaceKey(root: string, entries: readonly ApiEntry[], overrides?: ReadonlyMap<string, string>): string {
  const files = COLLECTOR.map((rel) => path.join(here, rel));
  for (const dir of SOURCE_DIRS) listFiles(path.join(root, dir), files, (name) => name.endsWith('.ts'));
  for (const file of overrides?.keys() ?? []) if (file.endsWith('.ts') && !files.includes(file)) files.push(file);
  for (const rel of CONFIG_FILES) files.push(path.join(root, rel));
  return cacheKey(root, { parts: [CACHE_FORMAT, root, JSON.stringify(entries)], tools: TOOLS, files, read: (file) => overrides?.get(file) });
}

function cacheDir(root: string): string {
  return path.join(root, '.cache', 'api-report');
}

/** The stored surfaces for a key, or undefined. */
export function readCachedSurfaces(root: string, key: string): ApiSurface[] | undefined {
  const surfaces = readKeyed<ApiSurface[]>(cacheDir(root), key);
  return Array.isArray(surfaces) ? surfaces : undefined;
}

/** Store the surfaces for a key (../keyed-cache.ts). */
export function writeCachedSurfaces(root: string, key: string, surfaces: readonly ApiSurface[]): void {
  writeKeyed(cacheDir(root), key, surfaces, KEEP);
}

/**
 * Rebuild each committed spec from the sources its `specs/<p>/upstream.lock.json` pins, and say
 * whether the result is byte for byte the committed file. The committed spec is the importer's
 * output and nothing else: this is the check that keeps it so.
 *
 * The pinned documents are looked up by content, not by name: every file under the given folder
 * is hashed, and each lock entry takes the file whose sha256 it records. Overlays run strict, so
 * an action that matches nothing in the pinned documents fails the rebuild.
 *
 * The lock also records which provider.yaml and overlay the spec was built from (its `inputs`),
 * so that regen can tell a spec that no longer reflects them. A rebuild is from the files as they
 * are now, so each result carries the lock with those inputs: writing the rebuilt spec without
 * it would leave regen asking for a re-import of a spec that is already current.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { repoRelative, repoRoot } from '../paths.js';
import { selectProviders } from '../providers.js';
import { formatLock, inputHashes, readLock } from '../pull/lock.js';
import { readNormalizeConfig } from './config.js';
import { normalizeFiles } from './run.js';
import type { NormalizeWarning } from './warnings.js';

/** Inputs of {@link reproduce}. */
export interface ReproduceOptions {
  /** Folder holding the pinned upstream documents (searched recursively). */
  upstream: string;
  /** Providers to rebuild; all when empty. */
  providers?: string[];
  /** Repository root. @default the repository this file is in */
  root?: string;
}

/** The outcome for one provider. */
export interface ReproducedProvider {
  id: string;
  /** The spec file, relative to the root. */
  spec: string;
  reproducible: boolean;
  /** The rebuilt spec. */
  yaml: string;
  /** The first line where the committed spec and the rebuilt one differ (1-based). */
  firstDifference?: { line: number; committed: string; rebuilt: string };
  /** The pinned file used for each source id. */
  sources: Record<string, string>;
  /** The lock file, relative to the root. */
  lock: string;
  /** The lock's text with the provider.yaml and overlay hashes of this rebuild. */
  lockText: string;
  /** Whether the committed lock already records those hashes (and so is `lockText`). */
  lockCurrent: boolean;
  warnings: NormalizeWarning[];
}

/** Bounds of the folder scan: the snapshots are a few dozen files of a few MB. */
const MAX_FILES = 5_000;
const MAX_FILE_BYTES = 256 * 1024 * 1024;

/** sha256 → file for every regular file under `dir` (symlinks to files are followed once). */
function indexByHash(dir: string): Map<string, string> {
  const index = new Map<string, string>();
  let seen = 0;
  const walk = (current: string, depth: number): void => {
    if (depth > 16) return;
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch {
      throw new PipelineError('upstream folder not found or not readable', current);
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = path.join(current, entry.name);
      if (entry.isDirectory()) {
        walk(file, depth + 1);
        continue;
      }
      const stat = entry.isSymbolicLink() ? lstatSync(file) : undefined;
      if (!entry.isFile() && !stat) continue;
      if (++seen > MAX_FILES) throw new PipelineError(`more than ${MAX_FILES} files; point --upstream at the snapshot folder`, dir);
      let bytes: Buffer;
      try {
        bytes = readFileSync(file);
      } catch {
        continue;
      }
      if (bytes.byteLength > MAX_FILE_BYTES) continue;
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (!index.has(digest)) index.set(digest, file);
    }
  };
  walk(dir, 0);
  return index;
}

/** The first differing line of two texts, or undefined when they are equal. */
export function firstDifference(committed: string, rebuilt: string): ReproducedProvider['firstDifference'] {
  if (committed === rebuilt) return undefined;
  const a = committed.split('\n');
  const b = rebuilt.split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (a[i] !== b[i]) return { line: i + 1, committed: a[i] ?? '(end of file)', rebuilt: b[i] ?? '(end of file)' };
  }
  return { line: a.length, committed: '(line endings differ)', rebuilt: '(line endings differ)' };
}

/** Rebuild every selected provider's spec from its pins (see the module comment). */
export async function reproduce(options: ReproduceOptions): Promise<ReproducedProvider[]> {
  const root = options.root ?? repoRoot;
  const upstream = path.resolve(options.upstream);
  const byHash = indexByHash(upstream);
  const out: ReproducedProvider[] = [];
  for (const provider of selectProviders(options.providers, root)) {
    const configDisplay = repoRelative(provider.configFile, root);
    const config = readNormalizeConfig(provider.configFile, configDisplay);
    const lockFile = path.join(provider.dir, 'upstream.lock.json');
    const lockDisplay = repoRelative(lockFile, root);
    const lock = readLock(lockFile, lockDisplay, provider.id);
    const needed = [...new Set(config.operations.map((o) => o.source))].filter((id) => config.sources.some((s) => s.id === id));
    const files: Record<string, string> = {};
    for (const id of needed) {
      const entry = lock.sources[id];
      if (!entry) throw new PipelineError(`source "${id}" is not pinned`, lockDisplay, '#/sources');
      if (entry.treeSha256 !== undefined) throw new PipelineError(`source "${id}" is a multi-file source; pin its bundled file instead`, lockDisplay, `#/sources/${id}`);
      const file = byHash.get(entry.sha256);
      if (!file) throw new PipelineError(`no file under ${options.upstream} has the pinned sha256 ${entry.sha256.slice(0, 12)}… (version ${entry.version})`, lockDisplay, `#/sources/${id}/sha256`);
      files[id] = file;
    }
    const [first, ...rest] = config.sources.filter((s) => needed.includes(s.id));
    if (!first) throw new PipelineError('the keep-list names no upstream source', configDisplay, '#/operations');
    const result = await normalizeFiles({
      input: files[first.id]!,
      config: provider.configFile,
      sources: Object.fromEntries(rest.map((s) => [s.id, files[s.id]!])),
      strict: true,
    });
    const lockText = formatLock({ ...lock, inputs: inputHashes({ configFile: provider.configFile, ...(config.overlay ? { overlayFile: config.overlay } : {}) }) });
    let committedLock = '';
    try {
      committedLock = readFileSync(lockFile, 'utf8');
    } catch {
      committedLock = '';
    }
    let committed = '';
    try {
      committed = readFileSync(provider.specFile, 'utf8');
    } catch {
      committed = '';
    }
    const difference = firstDifference(committed, result.yaml);
    out.push({
      id: provider.id,
      spec: repoRelative(provider.specFile, root),
      reproducible: difference === undefined,
      yaml: result.yaml,
      ...(difference ? { firstDifference: difference } : {}),
      sources: Object.fromEntries(Object.entries(files).map(([id, file]) => [id, path.relative(upstream, file).split(path.sep).join('/')])),
      lock: lockDisplay,
      lockText,
      lockCurrent: committedLock === lockText,
      warnings: result.warnings,
    });
  }
  return out;
}

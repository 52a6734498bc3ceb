/**
 * `specs/<p>/upstream.lock.json`: what the committed spec was built from. Per upstream source,
 * what it looked like when it was last accepted (pull compares a fresh download with it and
 * refuses a changed source unless the user passes `--update`, so an upstream change never slips
 * into a regeneration unnoticed); and under `inputs`, the sha256 of the provider's own files the
 * importer read (provider.yaml, the overlay), so regen can tell a config edited since the spec
 * was built from one the spec already reflects.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { isObject } from '../openapi/pointer.js';
import { parseText } from '../openapi/parse.js';

/** One pinned source. */
export interface LockedSource {
  /** Where the provider publishes it (from provider.yaml). */
  url: string;
  /** The format the document is written in. */
  format: string;
  /** `info.version` of the document (may not change between releases: SailPoint keeps 3.0.0). */
  version: string;
  /** sha256 of the root document's bytes. */
  sha256: string;
  bytes: number;
  /** For a multi-file source: number of files and a sha256 over all of them. */
  files?: number;
  treeSha256?: string;
}

/** The whole lock file. */
export interface UpstreamLock {
  provider: string;
  sources: Record<string, LockedSource>;
  /**
   * sha256 of each provider file the importer read, by path relative to `specs/<p>/`
   * (`provider.yaml`, `overlay.yaml`). Absent in a lock written before it was recorded.
   */
  inputs?: Record<string, string>;
}

/** The provider files that shape the imported spec besides the upstream documents. */
export interface ImportInputs {
  /** Absolute path of provider.yaml. */
  configFile: string;
  /** Absolute path of the overlay, when the config names one. */
  overlayFile?: string;
}

/**
 * sha256 of the provider's own import inputs, keyed as the lock's `inputs`. A missing overlay
 * file hashes as `missing`, so deleting it is a change too.
 */
export function inputHashes(inputs: ImportInputs): Record<string, string> {
  const dir = path.dirname(inputs.configFile);
  const out: Record<string, string> = {};
  for (const file of [inputs.configFile, inputs.overlayFile].filter((f): f is string => f !== undefined)) {
    const key = path.relative(dir, file).split(path.sep).join('/');
    out[key] = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : 'missing';
  }
  return out;
}

/** Read a lock file; a missing file is an empty lock. */
export function readLock(file: string, display: string, provider: string): UpstreamLock {
  if (!existsSync(file)) return { provider, sources: {} };
  const value = parseText(readFileSync(file, 'utf8'), display);
  if (!isObject(value) || !isObject(value.sources)) throw new PipelineError('a lock file needs a "sources" mapping', display, '#/sources');
  for (const [id, entry] of Object.entries(value.sources)) {
    if (!isObject(entry) || typeof entry.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sha256)) {
      throw new PipelineError(`source "${id}" needs a sha256 of 64 hex digits`, display, `#/sources/${id}/sha256`);
    }
  }
  if (value.inputs !== undefined) {
    if (!isObject(value.inputs)) throw new PipelineError('"inputs" must map file names to sha256 digests', display, '#/inputs');
    for (const [name, digest] of Object.entries(value.inputs)) {
      if (typeof digest !== 'string' || !/^([0-9a-f]{64}|missing)$/.test(digest)) throw new PipelineError(`input "${name}" needs a sha256 of 64 hex digits`, display, `#/inputs/${name}`);
    }
  }
  return value as unknown as UpstreamLock;
}

/**
 * Serialize with sorted source ids, sorted input names and a fixed key order, so rewriting an
 * unchanged lock is a no-op (byte-identical to what earlier versions wrote when `inputs` is absent).
 */
export function formatLock(lock: UpstreamLock): string {
  const sources: Record<string, LockedSource> = {};
  for (const id of Object.keys(lock.sources).sort()) {
    const s = lock.sources[id]!;
    sources[id] = {
      url: s.url,
      format: s.format,
      version: s.version,
      sha256: s.sha256,
      bytes: s.bytes,
      ...(s.files !== undefined ? { files: s.files } : {}),
      ...(s.treeSha256 !== undefined ? { treeSha256: s.treeSha256 } : {}),
    };
  }
  const inputs = lock.inputs ? Object.fromEntries(Object.keys(lock.inputs).sort().map((k) => [k, lock.inputs![k]!])) : undefined;
  return `${JSON.stringify({ provider: lock.provider, sources, ...(inputs ? { inputs } : {}) }, null, 2)}\n`;
}

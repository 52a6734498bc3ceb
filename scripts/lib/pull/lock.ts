/**
 * `specs/<p>/upstream.lock.json`: what each upstream source looked like when it was last
 * accepted. Pull compares a fresh download with it and refuses a changed source unless the user
 * passes `--update`, so an upstream change never slips into a regeneration unnoticed.
 */
import { existsSync, readFileSync } from 'node:fs';
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
  return value as unknown as UpstreamLock;
}

/** Serialize with sorted source ids and a fixed key order, so rewriting an unchanged lock is a no-op. */
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
  return `${JSON.stringify({ provider: lock.provider, sources }, null, 2)}\n`;
}

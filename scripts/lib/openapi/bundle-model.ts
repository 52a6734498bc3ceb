/** What the bundler's two passes share: its options, the set of files pass 1 collects, and how a reference is keyed. */
import path from 'node:path';

/** Limits and permissions for {@link collectSources}. */
export interface BundleOptions {
  /** Hosts (exact, case-insensitive) whose `https:` documents may be fetched. @default [] */
  allowRemote?: string[];
  /** Largest size of one file and of all files together, in bytes. @default 67108864 */
  maxBytes?: number;
  /** Alias bound passed to the YAML parser. @default 10000 */
  maxAliases?: number;
  /** Most files one bundle may read. @default 5000 */
  maxFiles?: number;
  /**
   * Leave a reference to a missing local file in place (recorded in `unresolved`) instead of
   * failing. A caller that cuts the document afterwards (the normalizer with a keep-list) then
   * fails only if a kept operation needs the missing file; published multi-file sources do
   * reference files their snapshot does not ship.
   * @default false
   */
  deferMissing?: boolean;
}

/** A reference left unresolved under {@link BundleOptions.deferMissing}. */
export interface UnresolvedRef {
  /** The `$ref` value written into the bundled document. */
  ref: string;
  /** The file and pointer where the reference was written. */
  file: string;
  pointer: string;
  reason: string;
}

/** Prefix of the `$ref` values written for unresolved references. */
export const UNRESOLVED_PREFIX = 'unresolved:';

/** Default size bound: 64 MiB, twenty times the largest real upstream document. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** One parsed file of a bundle. */
export interface SourceFile {
  /** Absolute path, or an `https:` URL. */
  id: string;
  /** How messages name it: relative to the working directory, or the URL. */
  display: string;
  doc: unknown;
  /** sha256 of the file's text (UTF-8), for pinning. */
  sha256: string;
  bytes: number;
}

/** Every file a root document reaches through `$ref`s, parsed and checked. */
export interface SourceSet {
  root: SourceFile;
  files: Map<string, SourceFile>;
  /** True when any reference leaves the root file (bundling is needed). */
  external: boolean;
  /** How each reference was resolved, keyed by {@link refKey}. */
  resolved: Map<string, Target>;
  /** References to missing files left in place, keyed by {@link refKey}. */
  unresolved: Map<string, UnresolvedRef>;
}

/** Key of one reference written in one file. */
export function refKey(fileId: string, ref: string): string {
  return `${fileId}\0${ref}`;
}

/** Where a reference lands: a file id and a pointer into it. */
export interface Target {
  id: string;
  segments: string[];
  pointer: string;
}

/** True for an `http:`/`https:` document id. */
export const isRemote = (id: string): boolean => /^https?:\/\//i.test(id);

/** Name a local file for messages: relative to the working directory, or absolute when outside. */
export function displayName(id: string): string {
  if (isRemote(id)) return id;
  const rel = path.relative(process.cwd(), id);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : id;
}

/** Keys that may stand beside `$ref` without making it more than a reference. */
const ANNOTATIONS = new Set(['$ref', 'description', 'summary', 'title', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);

/** True when every key of `node` is `$ref`, an annotation or an extension (a reference and nothing more). */
export function isPureRef(node: Record<string, unknown>): boolean {
  return Object.keys(node).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
}

/** Every `$ref` object under `node` (not inside example values or extensions), with its kind. */

/**
 * The shared OpenAPI loader. Every stage that reads a spec (normalize, pull, diff, lint helpers)
 * goes through it, so all of them accept the same inputs and refuse the same bad ones.
 *
 * API
 * - `loadSpec(file, options?)` → `{ file, format, doc, unresolved, inputs }`. Reads YAML or JSON
 *   (BOM and CRLF fine; a `.json` file must be strict JSON),
 *   bundles relative external `$ref`s (only inside the input's folder tree; remote only for hosts
 *   in `allowRemote`), checks every reference, detects the source format and upgrades the
 *   document to OpenAPI 3.1.0. Internal `$ref`s are kept. `format` is the format the file was
 *   written in, `doc` is always 3.1.0 and shares nothing with any cache. `inputs` lists every
 *   file read with its sha256 (for pinning); `unresolved` is empty unless `deferMissing` is set.
 *   Bounds: `maxBytes` per file and in total, `maxAliases` per YAML file, nesting depth 256.
 * - `parseDocument(text, file)` → plain JSON value; YAML/JSON syntax errors throw a
 *   PipelineError naming `file` and the line.
 * - `detectFormat(doc, file)` → SourceFormat, or a PipelineError for a non-OpenAPI document.
 *
 * Every failure is a PipelineError carrying the file and a line or `#/json/pointer`, which the
 * CLI wrapper prints as `error: <file>[:<line>|#<pointer>]: <reason>` with exit code 2.
 */
import { PipelineError } from '../errors.js';
import { bundleSources, collectSources, DEFAULT_MAX_BYTES, type UnresolvedRef } from './bundle.js';
import { DEFAULT_MAX_ALIASES, parseText } from './parse.js';
import { isObject } from './pointer.js';
import { upgradeTo31 } from './upgrade.js';

/** The format a source document was written in. */
export type SourceFormat = 'swagger-2.0' | 'openapi-3.0' | 'openapi-3.1';

/** Bounds and permissions for {@link loadSpec}. */
export interface LoadOptions {
  /**
   * Hosts whose `https:` documents a `$ref` may reach (exact host names). Everything remote is
   * refused by default so a spec cannot make the pipeline fetch arbitrary URLs.
   * @default []
   * @example ['raw.githubusercontent.com']
   */
  allowRemote?: string[];
  /**
   * Largest size in bytes of one file and of all referenced files together.
   * @default 67108864 (64 MiB)
   */
  maxBytes?: number;
  /**
   * Largest YAML alias expansion count per file (guards against alias bombs).
   * @default 10000
   */
  maxAliases?: number;
  /**
   * Keep references to missing local files as `$ref: "unresolved:<n>:<ref>"` and list them in
   * {@link LoadedSpec.unresolved} instead of failing (safety refusals still fail). For callers
   * that cut the document and then check that nothing kept is unresolved.
   * @default false
   */
  deferMissing?: boolean;
}

/** A loaded spec. */
export interface LoadedSpec {
  /** The file as the caller named it. */
  file: string;
  /** The format the file was written in. */
  format: SourceFormat;
  /** OpenAPI 3.1.0, external `$ref`s bundled in, internal `$ref`s kept. */
  doc: Record<string, any>;
  /** References left unresolved under {@link LoadOptions.deferMissing}; empty otherwise. */
  unresolved: UnresolvedRef[];
  /** Every file read (the root first), with its sha256 and size, for pinning. */
  inputs: { file: string; sha256: string; bytes: number }[];
}

export type { UnresolvedRef } from './bundle.js';

/** Defaults, exported so CLIs can print them in `--help`. */
export const LOAD_DEFAULTS = { maxBytes: DEFAULT_MAX_BYTES, maxAliases: DEFAULT_MAX_ALIASES } as const;

/**
 * Load, bundle, check and upgrade one spec (see the module comment).
 * @param file a path (relative to the working directory) or an `https:` URL whose host is allowed
 */
export async function loadSpec(file: string, options: LoadOptions = {}): Promise<LoadedSpec> {
  if (/^https?:\/\//i.test(file)) {
    const host = new URL(file).hostname.toLowerCase();
    if (!(options.allowRemote ?? []).map((h) => h.toLowerCase()).includes(host)) {
      throw new PipelineError(`remote input refused: host ${host} is not allowed`, file);
    }
  }
  const set = await collectSources(file, file, options);
  const root = set.root.doc;
  if (root === null || root === undefined) throw new PipelineError('the document is empty', file, 1);
  const format = detectFormat(root, file);
  const bundled = bundleSources(set, format === 'swagger-2.0');
  const doc = upgradeTo31(bundled, format);
  const inputs = [...set.files.values()].map((f) => ({ file: f.display, sha256: f.sha256, bytes: f.bytes }));
  return { file, format, doc, unresolved: [...set.unresolved.values()], inputs };
}

/**
 * Parse YAML or JSON text (see {@link parseText}); syntax errors throw a PipelineError with the
 * file and 1-based line.
 */
export function parseDocument(text: string, file: string): unknown {
  return parseText(text, file);
}

/** Which OpenAPI format `doc` is written in; anything else is a PipelineError. */
export function detectFormat(doc: unknown, file: string): SourceFormat {
  if (!isObject(doc)) throw new PipelineError('not an OpenAPI document: the top level is not a mapping', file, '#');
  const swagger = doc.swagger;
  const openapi = doc.openapi;
  if (swagger !== undefined) {
    if (String(swagger) === '2.0') return 'swagger-2.0';
    throw new PipelineError(`unsupported swagger version ${JSON.stringify(swagger)} (only 2.0)`, file, '#/swagger');
  }
  if (openapi === undefined) throw new PipelineError('not an OpenAPI document: no "openapi" or "swagger" field', file, '#');
  if (typeof openapi !== 'string') throw new PipelineError('"openapi" must be a string such as "3.1.0"', file, '#/openapi');
  if (/^3\.0\.\d+$/.test(openapi)) return 'openapi-3.0';
  if (/^3\.1\.\d+$/.test(openapi)) return 'openapi-3.1';
  throw new PipelineError(`unsupported OpenAPI version ${openapi} (3.0.x and 3.1.x are supported)`, file, '#/openapi');
}

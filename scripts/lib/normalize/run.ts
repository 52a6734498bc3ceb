/**
 * The normalizer with its inputs and outputs on disk: what `specs:normalize` and `specs:pull`
 * call. Reading happens here, writing only through `writeFilesAtomically` (../atomic.ts) once everything
 * succeeded, so a failure leaves no file half-written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { loadSpec, type LoadedSpec } from '../openapi/load.js';
import { parseText } from '../openapi/parse.js';
import { validateImport } from '../openapi/validate.js';
import { readOverlay, type Overlay } from '../overlay/index.js';
import { readNormalizeConfig, type NormalizeConfig } from './config.js';
import { normalize, type NormalizeResult } from './index.js';

/** Inputs of {@link normalizeFiles}. Relative paths resolve against the working directory. */
export interface NormalizeFilesOptions {
  /** The document to normalize; with a config, the document of the config's first source. */
  input: string;
  /** provider.yaml; without it the whole document is kept. */
  config?: string;
  /** Documents for further sources, by source id (`--source beta=beta.yaml`). */
  sources?: Record<string, string>;
  /** Hosts remote `$ref`s may reach. @default [] */
  allowRemote?: string[];
  /** Skip the overlay the config names (to see upstream as it is). @default false */
  noOverlay?: boolean;
  /** An overlay action that matches nothing is an error, not a warning. @default false */
  strict?: boolean;
}

/** A normalize run's result plus what was read. */
export interface NormalizeFilesResult extends NormalizeResult {
  config?: NormalizeConfig;
  loaded: Map<string, LoadedSpec>;
}

/** Load everything the options name and normalize it. */
export async function normalizeFiles(options: NormalizeFilesOptions): Promise<NormalizeFilesResult> {
  const loadOptions = { allowRemote: options.allowRemote ?? [], deferMissing: options.config !== undefined };
  const loaded = new Map<string, LoadedSpec>();
  if (!options.config) {
    if (options.sources && Object.keys(options.sources).length > 0) throw new PipelineError('--source needs --config', 'command line');
    loaded.set('input', checked(await loadSpec(options.input, loadOptions)));
    return { ...normalize({ sources: loaded }), loaded };
  }
  const config = readNormalizeConfig(options.config, options.config);
  const files: Record<string, string> = { [config.sources[0]!.id]: options.input, ...(options.sources ?? {}) };
  for (const id of Object.keys(files)) {
    if (!config.sources.some((s) => s.id === id)) throw new PipelineError(`--source names unknown source "${id}" (known: ${config.sources.map((s) => s.id).join(', ')})`, 'command line');
  }
  const needed = new Set(config.operations.map((o) => o.source));
  for (const source of config.sources) {
    if (!needed.has(source.id)) continue;
    const file = files[source.id];
    if (!file) throw new PipelineError(`no document given for source "${source.id}" (pass --source ${source.id}=<file>)`, 'command line');
    loaded.set(source.id, checked(await loadSpec(file, loadOptions)));
  }
  const overlay = options.noOverlay ? undefined : loadOverlay(config);
  return { ...normalize({ sources: loaded, config, ...(overlay ? { overlay } : {}), strict: options.strict ?? false }), config, loaded };
}

/** A loaded document that passed the import checks JSON Schema cannot express. */
function checked(spec: LoadedSpec): LoadedSpec {
  validateImport(spec.doc, spec.format, spec.file);
  return spec;
}

/** The overlay a config names, read and checked; undefined when it names none. */
export function loadOverlay(config: NormalizeConfig): { overlay: Overlay; file: string } | undefined {
  if (!config.overlay) return undefined;
  const display = path.relative(process.cwd(), config.overlay) || config.overlay;
  let text: string;
  try {
    text = readFileSync(config.overlay, 'utf8');
  } catch {
    throw new PipelineError('overlay file not found', display);
  }
  return { overlay: readOverlay(parseText(text, display), display), file: display };
}

/** openapi-typescript output for a normalized document, with a do-not-edit header. */
export async function typesFor(doc: Record<string, any>, from: string): Promise<string> {
  let body: string;
  // Loaded on demand: openapi-typescript pulls in a large dependency tree that a plain
  // normalize (or a refused input) never needs.
  const { default: openapiTS, astToString } = await import('openapi-typescript');
  try {
    // A copy: openapi-typescript annotates the document it is given.
    body = astToString(await openapiTS(structuredClone(doc) as never, { silent: true, alphabetize: false }));
  } catch (err) {
    throw new PipelineError(`openapi-typescript failed: ${err instanceof Error ? err.message : String(err)}`, from);
  }
  return `/**\n * Types for ${path.basename(from)}, written by specs:normalize. Do not edit.\n */\n\n${body}`;
}


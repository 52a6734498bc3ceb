/**
 * The normalizer: loaded upstream documents in, one canonical OpenAPI 3.1.0 document out.
 *
 * Without a provider config (one source): every operation is kept; each gets a valid, unique
 * camelCase operationId; schema names become PascalCase identifiers. Nothing else changes, so
 * the output is the upstream API, only spelled so generated code compiles.
 *
 * With a provider config: cut to the keep-list (our operationIds, paths, tags, retry flags;
 * only the components the kept operations reach), drop upstream prose, give components our
 * names (the naming map, then PascalCase for the rest), apply the overlay, put in our words,
 * drop components and OAuth scopes nothing uses any more, and write in canonical order.
 *
 * Everything here is pure: no files, no environment, no clock. The CLI (scripts/normalize.ts)
 * and pull (scripts/pull.ts) do the reading and writing.
 */
import { isDeepStrictEqual } from 'node:util';
import { PipelineError } from '../errors.js';
import { canonicalize, toYaml } from '../openapi/canonical.js';
import type { LoadedSpec } from '../openapi/load.js';
import { UNRESOLVED_PREFIX } from '../openapi/bundle.js';
import { applyOverlay, type Overlay } from '../overlay/index.js';
import { HAND_WRITTEN_SOURCE, type NormalizeConfig } from './config.js';
import { cutToKeepList } from './cut.js';
import { keepMediaTypes } from './media-types.js';
import { assignOperationIds } from './operation-ids.js';
import { forEachRef, pruneComponents } from './refs.js';
import { dropMalformed } from './repair.js';
import { sanitizeSchemaNames } from './schema-names.js';
import { inspectDocument, type NormalizeWarning } from './warnings.js';
import { dropProse } from './prose.js';
import { applyNames } from './component-map.js';
import { applyWords } from './words.js';
import { isObject, unescapeToken } from '../openapi/pointer.js';
import { isHttpMethod } from '../openapi/kinds.js';

export type { NormalizeWarning, NormalizeWarningKind } from './warnings.js';
export { readNormalizeConfig, type NormalizeConfig } from './config.js';

/** What to normalize. */
export interface NormalizeInput {
  /** Loaded documents by source id (any id when there is no config). */
  sources: ReadonlyMap<string, LoadedSpec>;
  /** The provider config; without one the whole (single) document is kept. */
  config?: NormalizeConfig;
  /** The overlay to apply after the cut, with the file name messages use. */
  overlay?: { overlay: Overlay; file: string };
  /**
   * An overlay action that matches nothing stops the import instead of becoming a warning of
   * kind `overlay-unmatched`. @default false
   */
  strict?: boolean;
}

/** The normalized document. */
export interface NormalizeResult {
  /** Canonical OpenAPI 3.1.0. */
  doc: Record<string, any>;
  /** `doc` as YAML, byte-stable. */
  yaml: string;
  /**
   * Things worth a reviewer's look, each with a `kind` (see {@link NormalizeWarning}); the CLI
   * prints one line each. Overlay actions that matched nothing are kind `overlay-unmatched`.
   */
  warnings: NormalizeWarning[];
}

/** Normalize (see the module comment). Throws PipelineError for bad input. */
export function normalize(input: NormalizeInput): NormalizeResult {
  const result = input.config ? normalizeWithConfig(input, input.config) : normalizeWhole(input);
  const doc = canonicalize(result.doc);
  return { doc, yaml: toYaml(doc), warnings: result.warnings };
}

function normalizeWhole(input: NormalizeInput): { doc: Record<string, any>; warnings: NormalizeWarning[] } {
  if (input.sources.size !== 1) throw new PipelineError(`without a provider config exactly one input is normalized (got ${input.sources.size})`, 'command line');
  const spec = [...input.sources.values()][0]!;
  const first = spec.unresolved[0];
  if (first) throw new PipelineError(first.reason, first.file, first.pointer);
  const doc = structuredClone(spec.doc);
  const warnings = inspectDocument(doc, spec.file);
  warnings.push(...dropMalformed(doc, spec.file));
  warnings.push(...assignOperationIds(doc, spec.file));
  return { doc: sanitizeSchemaNames(doc).doc, warnings };
}

function normalizeWithConfig(input: NormalizeInput, config: NormalizeConfig): { doc: Record<string, any>; warnings: NormalizeWarning[] } {
  // A copy: the cut shares component objects with the loaded sources, and the steps below edit
  // in place (a loaded document may be normalized again, e.g. by pull and then by a test).
  let doc = structuredClone(cutToKeepList(input.sources, config));
  const repaired = dropMalformed(doc, config.file);
  keepMediaTypes(doc, config.mediaTypes);
  dropProse(doc, { keepExtensions: config.keepExtensions, ourServers: config.servers !== undefined });
  doc = applyNames(doc, config.names, config.file);
  doc = sanitizeSchemaNames(doc).doc;
  const misses: NormalizeWarning[] = [];
  if (input.overlay) {
    const applied = applyOverlay(doc, input.overlay.overlay, input.overlay.file, { strict: input.strict ?? false });
    doc = applied.doc;
    for (const miss of applied.misses) {
      misses.push({
        kind: 'overlay-unmatched',
        level: 'WARN',
        message: miss.message,
        file: miss.file,
        pointer: miss.pointer,
        action: { index: miss.index, target: miss.target, ...(miss.description !== undefined ? { description: miss.description } : {}) },
      });
    }
  }
  applyWords(doc, config);
  checkHandWritten(doc, config, input.overlay?.file);
  pruneComponents(doc);
  pruneScopes(doc);
  checkRefs(doc, input.overlay?.file ?? config.file);
  return { doc, warnings: [...keptWarnings(input, config), ...repaired, ...misses] };
}

/**
 * Keep only the OAuth scopes some operation asks for: upstream schemes list every scope of the
 * whole API (hundreds for SailPoint), and the cut keeps a handful of operations.
 */
function pruneScopes(doc: Record<string, any>): void {
  const schemes = doc.components?.securitySchemes;
  if (!isObject(schemes)) return;
  const used = new Map<string, Set<string>>();
  const note = (requirements: unknown): void => {
    if (!Array.isArray(requirements)) return;
    for (const req of requirements) {
      if (!isObject(req)) continue;
      for (const [name, scopes] of Object.entries(req)) {
        const set = used.get(name) ?? new Set<string>();
        used.set(name, set);
        if (Array.isArray(scopes)) for (const scope of scopes) set.add(String(scope));
      }
    }
  };
  note(doc.security);
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) if (isHttpMethod(method) && isObject(op)) note(op.security);
  }
  for (const [name, scheme] of Object.entries(schemes)) {
    if (!isObject(scheme) || scheme.type !== 'oauth2' || !isObject(scheme.flows)) continue;
    const keep = used.get(name) ?? new Set<string>();
    for (const flow of Object.values(scheme.flows)) {
      if (!isObject(flow) || !isObject(flow.scopes)) continue;
      for (const scope of Object.keys(flow.scopes)) if (!keep.has(scope)) delete flow.scopes[scope];
    }
  }
}

/**
 * Hand-written operations (`source: ours`) come from the overlay: after it, each must be at its
 * route with the operationId, tag and retry flag the keep-list gives it.
 */
function checkHandWritten(doc: Record<string, any>, config: NormalizeConfig, overlayFile: string | undefined): void {
  for (const ours of config.operations) {
    if (ours.source !== HAND_WRITTEN_SOURCE || ours.select.kind !== 'route') continue;
    const route = `${ours.select.method.toUpperCase()} ${ours.path}`;
    const at = `#/operations/${ours.id}`;
    const op = doc.paths?.[ours.path]?.[ours.select.method];
    if (!isObject(op)) throw new PipelineError(`hand-written operation "${ours.id}" (${route}) is not added by ${overlayFile ? `the overlay ${overlayFile}` : 'an overlay'}`, config.file, at);
    const got = { operationId: op.operationId, tags: op.tags, idempotent: op['x-idempotent'] };
    const want = { operationId: ours.id, tags: [ours.tag], idempotent: ours.idempotent };
    if (!isDeepStrictEqual(got, want)) {
      throw new PipelineError(`the overlay's ${route} must have operationId "${ours.id}", tags [${ours.tag}] and x-idempotent ${ours.idempotent}`, config.file, at);
    }
  }
}

/** After the overlay, every local reference must still land somewhere. */
function checkRefs(doc: Record<string, any>, file: string): void {
  forEachRef(doc, 'root', (holder) => {
    const ref = holder.$ref as string;
    if (ref.startsWith(UNRESOLVED_PREFIX)) return;
    if (!ref.startsWith('#/components/')) throw new PipelineError(`the result holds a $ref outside components: "${ref}"`, file);
    const [, , section, name] = ref.split('/');
    if (doc.components?.[unescapeToken(section!)]?.[unescapeToken(decodeURIComponent(name!))] === undefined) {
      throw new PipelineError(`the result refers to a component that does not exist: "${ref}"`, file);
    }
  });
}

/** Warnings about the kept operations, located in their upstream documents. */
function keptWarnings(input: NormalizeInput, config: NormalizeConfig): NormalizeWarning[] {
  const out: NormalizeWarning[] = [];
  for (const source of config.sources) {
    const spec = input.sources.get(source.id);
    if (!spec) continue;
    const view: Record<string, any> = { servers: config.servers ? [] : spec.doc.servers, paths: {} };
    for (const ours of config.operations.filter((o) => o.source === source.id)) {
      for (const [route, item] of Object.entries(isObject(spec.doc.paths) ? spec.doc.paths : {})) {
        if (!isObject(item)) continue;
        for (const [method, op] of Object.entries(item)) {
          if (!isHttpMethod(method) || !isObject(op)) continue;
          const hit = ours.select.kind === 'route' ? ours.select.path === route && ours.select.method === method : op.operationId === ours.select.operationId;
          if (!hit) continue;
          view.paths[route] ??= { parameters: item.parameters };
          view.paths[route][method] = op;
        }
      }
    }
    out.push(...inspectDocument(view, spec.file));
  }
  // Servers from the config are reported against the config file (pointer #/servers/<n>/url).
  if (config.servers) out.push(...inspectDocument({ servers: config.servers }, config.file));
  return out;
}

/**
 * The normalizer's view of `specs/<p>/provider.yaml`: the shared keys (sources, keep-list) plus
 * the keys only the importer reads, all optional:
 *
 * - `sources[].rebase`: rules that move a source's paths to their real prefix, first match wins:
 *   `{ operationIdPrefix: AdminService_, prefix: /admin/v1 }` or `{ pathPrefix: /v2/, prefix: "" }`.
 * - `basePaths`: `{ <sourceId>: <prefix> }`, one prefix for every path of that source.
 * - `servers`: the normalized spec's `servers` (OpenAPI Server Objects), replacing upstream's.
 * - `tags`: `{ <tag name>: <description> }` for the top-level tag list.
 * - `operations.<id>.select`: `METHOD /path` as written in the source, or an upstream operationId.
 * - `operations.<id>.source: ours` with `handWritten: { <id>: <note> }`: an operation no upstream
 *   document holds. The cut skips it; the overlay must add it (with our operationId, tag and
 *   `x-idempotent`), and the note says where its facts come from. Its `select` is our own
 *   `METHOD /path`.
 * - `operations.<id>.summary` (required) and `.description`: our words for the operation.
 * - `description`: our words for `info.description`.
 * - `schemaDescriptions`: `{ <schema>: <text> }`, our words for named schemas.
 * - `names`: the naming map (see `component-map.ts`).
 * - `keepExtensions`: upstream `x-` keys that state facts and survive the prose drop.
 */
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { isObject } from '../openapi/pointer.js';
import { readProviderConfig } from '../providers.js';
import { repoRoot } from '../paths.js';
import { HTTP_METHODS, type HttpMethod } from '../openapi/kinds.js';
import { readNameRules, type NameRule } from './component-map.js';

/** The `source` of an operation that is written by hand instead of selected from a source. */
export const HAND_WRITTEN_SOURCE = 'ours';

/** One rebase rule; see the module comment. */
export interface RebaseRule {
  operationIdPrefix?: string;
  pathPrefix?: string;
  prefix: string;
}

/** One upstream source of a provider. */
export interface NormalizeSource {
  id: string;
  url: string;
  format: string;
  rebase: RebaseRule[];
  /** Prefix for every path of this source (from `basePaths`), if any. */
  basePath?: string;
}

/** How an operation is found in its source. */
export type Selector = { kind: 'route'; method: HttpMethod; path: string } | { kind: 'operationId'; operationId: string };

/** One kept operation. */
export interface NormalizeOperation {
  /** Our operationId. */
  id: string;
  source: string;
  select: Selector;
  /** The selector as written, for messages. */
  selectText: string;
  path: string;
  tag: string;
  idempotent: boolean;
  /** Our one-line summary. */
  summary?: string;
  /** Our description. */
  description?: string;
}

/** Everything the normalizer needs from a provider config. */
export interface NormalizeConfig {
  id: string;
  title: string;
  /** The config file as messages name it. */
  file: string;
  sources: NormalizeSource[];
  operations: NormalizeOperation[];
  servers?: Record<string, unknown>[];
  tags: Record<string, string>;
  /** Absolute path of the overlay, when the config names one. */
  overlay?: string;
  /** Our `info.description`. */
  description?: string;
  /** Our descriptions of named schemas. */
  schemaDescriptions: Record<string, string>;
  /** The naming map. */
  names: NameRule[];
  /** Upstream extensions that stay. */
  keepExtensions: string[];
  /** Media types kept in request bodies and responses (`mediaTypes`); undefined keeps all. */
  mediaTypes?: string[];
}

/** Parse a selector: `POST /users/{id}` or an upstream operationId. */
export function parseSelector(text: string): Selector | undefined {
  const route = /^([A-Za-z]+)\s+(\/\S*)$/.exec(text.trim());
  if (route) {
    const method = route[1]!.toLowerCase();
    if (!(HTTP_METHODS as readonly string[]).includes(method)) return undefined;
    return { kind: 'route', method: method as HttpMethod, path: route[2]! };
  }
  if (/^[^\s/]+$/.test(text.trim())) return { kind: 'operationId', operationId: text.trim() };
  return undefined;
}

/**
 * Read and check a provider config for the normalizer. `display` is how messages name the file
 * (as the user typed it).
 */
export function readNormalizeConfig(file: string, display = file): NormalizeConfig {
  let raw;
  try {
    raw = readProviderConfig(path.resolve(file), repoRoot);
  } catch (err) {
    // Re-home the error on the file name the user gave.
    if (err instanceof PipelineError) throw new PipelineError(err.message, display, err.location);
    throw err;
  }
  const fail = (message: string, pointer: string): never => {
    throw new PipelineError(message, display, pointer);
  };
  const basePaths = raw.basePaths;
  if (basePaths !== undefined && !isObject(basePaths)) fail('"basePaths" must map source ids to path prefixes', '#/basePaths');
  const sources: NormalizeSource[] = raw.sources.map((source, index) => {
    const at = `#/sources/${index}`;
    if (!isObject(source) || typeof source.id !== 'string') return fail('a source needs a string "id"', at);
    const rebase = source.rebase ?? [];
    if (!Array.isArray(rebase)) return fail('"rebase" must be a list of rules', `${at}/rebase`);
    const rules = rebase.map((rule: unknown, r: number): RebaseRule => {
      const ruleAt = `${at}/rebase/${r}`;
      if (!isObject(rule) || typeof rule.prefix !== 'string') return fail('a rebase rule needs a string "prefix"', ruleAt);
      const hasOp = typeof rule.operationIdPrefix === 'string';
      const hasPath = typeof rule.pathPrefix === 'string';
      if (hasOp === hasPath) return fail('a rebase rule needs exactly one of "operationIdPrefix" and "pathPrefix"', ruleAt);
      checkPrefix(rule.prefix, display, `${ruleAt}/prefix`);
      return hasOp ? { operationIdPrefix: rule.operationIdPrefix as string, prefix: rule.prefix } : { pathPrefix: rule.pathPrefix as string, prefix: rule.prefix };
    });
    const basePath = isObject(basePaths) ? basePaths[source.id] : undefined;
    if (basePath !== undefined) {
      if (typeof basePath !== 'string') return fail('a base path must be a string', `#/basePaths/${source.id}`);
      checkPrefix(basePath, display, `#/basePaths/${source.id}`);
    }
    return { id: source.id, url: String(source.url ?? ''), format: String(source.format ?? ''), rebase: rules, ...(basePath !== undefined ? { basePath } : {}) };
  });
  if (isObject(basePaths)) {
    for (const id of Object.keys(basePaths)) if (!sources.some((s) => s.id === id)) fail(`"basePaths" names unknown source "${id}"`, `#/basePaths/${id}`);
  }
  const ids = new Set<string>();
  for (const [index, source] of sources.entries()) {
    if (source.id === HAND_WRITTEN_SOURCE) fail(`source id "${HAND_WRITTEN_SOURCE}" is reserved for hand-written operations`, `#/sources/${index}/id`);
    if (ids.has(source.id)) fail(`duplicate source id "${source.id}"`, '#/sources');
    ids.add(source.id);
  }
  const notes = raw.handWritten ?? {};
  if (!isObject(notes)) fail('"handWritten" must map operationIds to notes', '#/handWritten');
  const operations: NormalizeOperation[] = Object.entries(raw.operations).map(([id, op]) => {
    const at = `#/operations/${id}`;
    if (!/^[a-z][a-zA-Z0-9]*$/.test(id)) fail(`operationId "${id}" must be lower camelCase`, at);
    const handWritten = op.source === HAND_WRITTEN_SOURCE;
    if (!handWritten && !ids.has(op.source)) fail(`unknown source "${op.source}"`, `${at}/source`);
    const select = parseSelector(op.select);
    if (!select) fail(`selector "${op.select}" is neither "METHOD /path" nor an operationId`, `${at}/select`);
    if (!op.path.startsWith('/')) fail('"path" must start with /', `${at}/path`);
    if (handWritten) {
      const note = (notes as Record<string, unknown>)[id];
      if (typeof note !== 'string' || note.trim() === '') fail(`hand-written operation "${id}" needs a note in "handWritten" saying where its facts come from`, `#/handWritten`);
      if (select!.kind !== 'route' || select!.path !== op.path) fail(`hand-written operation "${id}" must select its own "METHOD ${op.path}"`, `${at}/select`);
    }
    for (const key of ['summary', 'description'] as const) {
      const text = op[key];
      if (text !== undefined && (typeof text !== 'string' || text.trim() === '')) fail(`"${key}" must be a non-empty string`, `${at}/${key}`);
    }
    return {
      id,
      source: op.source,
      select: select!,
      selectText: op.select,
      path: op.path,
      tag: op.tag,
      idempotent: op.idempotent,
      ...(typeof op.summary === 'string' ? { summary: op.summary.trim() } : {}),
      ...(typeof op.description === 'string' ? { description: op.description.trim() } : {}),
    };
  });
  for (const id of Object.keys(notes as Record<string, unknown>)) {
    if (raw.operations[id]?.source !== HAND_WRITTEN_SOURCE) fail(`"handWritten" names "${id}", which is not an operation with source "${HAND_WRITTEN_SOURCE}"`, `#/handWritten/${id}`);
  }
  let servers: Record<string, unknown>[] | undefined;
  if (raw.servers !== undefined) {
    if (!Array.isArray(raw.servers) || raw.servers.some((s) => !isObject(s) || typeof s.url !== 'string')) {
      fail('"servers" must be a list of server objects with a "url"', '#/servers');
    }
    servers = raw.servers as Record<string, unknown>[];
  }
  const tags: Record<string, string> = {};
  if (raw.tags !== undefined) {
    if (!isObject(raw.tags)) fail('"tags" must map tag names to descriptions', '#/tags');
    for (const [name, description] of Object.entries(raw.tags as Record<string, unknown>)) {
      if (typeof description !== 'string') fail('a tag description must be a string', `#/tags/${name}`);
      tags[name] = description as string;
    }
  }
  const overlay = typeof raw.overlay === 'string' ? path.resolve(path.dirname(path.resolve(file)), raw.overlay) : undefined;
  if (raw.description !== undefined && (typeof raw.description !== 'string' || raw.description.trim() === '')) fail('"description" must be a non-empty string', '#/description');
  const schemaDescriptions: Record<string, string> = {};
  if (raw.schemaDescriptions !== undefined) {
    if (!isObject(raw.schemaDescriptions)) fail('"schemaDescriptions" must map schema names to texts', '#/schemaDescriptions');
    for (const [name, text] of Object.entries(raw.schemaDescriptions as Record<string, unknown>)) {
      if (typeof text !== 'string' || text.trim() === '') fail('a schema description must be a non-empty string', `#/schemaDescriptions/${name}`);
      schemaDescriptions[name] = (text as string).trim();
    }
  }
  const mediaTypes = raw.mediaTypes;
  if (mediaTypes !== undefined && (!Array.isArray(mediaTypes) || mediaTypes.length === 0 || mediaTypes.some((t) => typeof t !== 'string' || !/^[a-z]+\/[a-z0-9.+-]+$/i.test(t)))) {
    fail('"mediaTypes" must be a non-empty list of media types such as application/json', '#/mediaTypes');
  }
  const keep = raw.keepExtensions ?? [];
  if (!Array.isArray(keep) || keep.some((k) => typeof k !== 'string' || !k.startsWith('x-'))) fail('"keepExtensions" must be a list of x- keys', '#/keepExtensions');
  return {
    id: raw.id,
    title: raw.title,
    file: display,
    sources,
    operations,
    ...(servers ? { servers } : {}),
    tags,
    ...(overlay ? { overlay } : {}),
    ...(typeof raw.description === 'string' ? { description: raw.description.trim() } : {}),
    schemaDescriptions,
    names: readNameRules(raw.names, display),
    keepExtensions: keep as string[],
    ...(mediaTypes !== undefined ? { mediaTypes: mediaTypes as string[] } : {}),
  };
}

function checkPrefix(prefix: string, file: string, pointer: string): void {
  if (prefix !== '' && (!prefix.startsWith('/') || prefix.endsWith('/'))) {
    throw new PipelineError(`prefix "${prefix}" must be empty or start with / and not end with /`, file, pointer);
  }
}

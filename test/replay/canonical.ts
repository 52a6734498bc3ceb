/**
 * The replay test's own view of an upstream operation, written without the project's diff,
 * normalize or OpenAPI code so it can serve as an independent ground truth: the operation as
 * the raw document states it, with every internal `$ref` resolved, prose dropped and order made
 * irrelevant, printed as canonical JSON. Two dated documents changed an operation exactly when
 * its two canonical texts differ.
 *
 * What counts as prose, and what else a consumer of our spec never sees, is the table
 * {@link DROPPED_KEYS}: upstream wording, examples and doc-only extensions (the importer drops
 * them), and upstream's operationId and tags (ours replace them). Keys of maps whose keys are
 * names (properties, status codes, media types, …) are never dropped, so a property called
 * `description` still counts.
 */

/** Keys that carry no API fact a generated client depends on, with why. */
export const DROPPED_KEYS: Readonly<Record<string, string>> = {
  description: 'prose',
  summary: 'prose',
  title: 'prose (a schema title names nothing in the generated types)',
  example: 'sample data, not a constraint',
  examples: 'sample data, not a constraint',
  externalDocs: 'links to prose',
  'x-codeSamples': 'doc-only extension',
  'x-code-samples': 'doc-only extension',
  'x-mint': 'doc-only extension (Dfns docs markdown)',
  'x-sailpoint-resource-operation-id': 'doc-only extension (a docs cross-link)',
  operationId: "upstream's id; the keep-list gives ours",
  tags: "upstream's grouping; the keep-list gives ours",
};

/** Maps whose keys are names chosen by the API (a property may be called `description`). */
const NAMED_MAPS = new Set(['properties', 'patternProperties', 'responses', 'content', 'headers', 'encoding', 'links', 'callbacks', 'mapping', 'definitions', 'schemas', 'scopes']);

/** Arrays whose order carries no meaning. */
const SET_ARRAYS = new Set(['required', 'enum', 'type', 'consumes', 'produces', 'schemes']);

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Resolve an internal JSON pointer (`#/components/schemas/X`) in `doc`. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) throw new Error(`external $ref ${ref} is outside what the replay comparison reads`);
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (!isObject(node) && !Array.isArray(node)) throw new Error(`$ref ${ref} does not resolve`);
    node = (node as Record<string, unknown>)[key];
    if (node === undefined) throw new Error(`$ref ${ref} does not resolve`);
  }
  return node;
}

/** Order-free sort key of a canonical value. */
const sortKey = (value: Json): string => JSON.stringify(value);

function canonical(doc: unknown, node: unknown, stack: string[], parentKey: string | undefined): Json {
  if (Array.isArray(node)) {
    const items = node.map((item) => canonical(doc, item, stack, undefined));
    if (parentKey !== undefined && SET_ARRAYS.has(parentKey)) items.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    return items;
  }
  if (!isObject(node)) return node as Json;
  const named = parentKey !== undefined && NAMED_MAPS.has(parentKey);
  if (!named && typeof node.$ref === 'string') {
    const ref = node.$ref;
    // A schema that contains itself is written as how many levels up it recurs: names are
    // upstream's and may change without the API changing.
    const depth = stack.indexOf(ref);
    if (depth >= 0) return { $recursive: stack.length - depth };
    const target = canonical(doc, resolvePointer(doc, ref), [...stack, ref], undefined);
    const siblings: Record<string, unknown> = { ...node };
    delete siblings.$ref;
    const rest = canonical(doc, siblings, stack, undefined) as Record<string, Json>;
    if (Object.keys(rest).length === 0) return target;
    const merged: Record<string, Json> = isObject(target) ? { ...(target as Record<string, Json>), ...rest } : { allOf: [target], ...rest };
    return Object.fromEntries(Object.keys(merged).sort().map((k) => [k, merged[k]!]));
  }
  const out: Record<string, Json> = {};
  for (const key of Object.keys(node).sort()) {
    if (!named && key in DROPPED_KEYS) continue;
    out[key] = canonical(doc, node[key], stack, named ? undefined : key);
  }
  return out;
}

/** Where an operation sits in a raw document. */
export interface RawOperation {
  method: string;
  path: string;
}

/**
 * Find the operation a keep-list `select` names: `"METHOD /path"` as written upstream, or an
 * upstream operationId (which must then be unique).
 */
export function findOperation(doc: Record<string, any>, select: string): RawOperation | undefined {
  const match = /^([A-Za-z]+)\s+(\/.*)$/.exec(select.trim());
  if (match) {
    const method = match[1]!.toLowerCase();
    const pathKey = match[2]!;
    return isObject(doc.paths?.[pathKey]?.[method]) ? { method, path: pathKey } : undefined;
  }
  const found: RawOperation[] = [];
  for (const [pathKey, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) if (item?.[method]?.operationId === select) found.push({ method, path: pathKey });
  }
  if (found.length > 1) throw new Error(`operationId ${select} is not unique upstream`);
  return found[0];
}

/**
 * The canonical JSON of one operation of a raw document: the operation object with the path
 * item's parameters merged in (the operation's own win), its effective security and, for
 * Swagger 2.0, its effective media types, every `$ref` resolved, {@link DROPPED_KEYS} dropped,
 * keys sorted, parameters ordered by location and name, and order-free arrays sorted. Its
 * `JSON.stringify` is the canonical text: key order is already fixed.
 */
export function canonicalOperation(doc: Record<string, any>, where: RawOperation): Record<string, any> {
  const item = doc.paths[where.path] as Record<string, any>;
  const op = { ...(item[where.method] as Record<string, any>) };
  const resolveParam = (p: unknown): Record<string, any> => (isObject(p) && typeof p.$ref === 'string' ? (resolvePointer(doc, p.$ref) as Record<string, any>) : (p as Record<string, any>));
  const params = new Map<string, unknown>();
  for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
    const resolved = resolveParam(p);
    params.set(`${resolved.in} ${resolved.name}`, p);
  }
  if (params.size > 0) op.parameters = [...params.keys()].sort().map((k) => params.get(k));
  else delete op.parameters;
  op.security = op.security ?? doc.security ?? [];
  if (doc.swagger !== undefined) {
    op.consumes = op.consumes ?? doc.consumes ?? [];
    op.produces = op.produces ?? doc.produces ?? [];
  }
  const value = canonical(doc, op, [], undefined) as Record<string, Json>;
  // Security alternatives are a set; so are the scopes of one requirement.
  const security = (value.security as Json[]).map((alt) => {
    const sorted: Record<string, Json> = {};
    for (const name of Object.keys(alt as object).sort()) sorted[name] = [...((alt as Record<string, Json[]>)[name] ?? [])].sort();
    return sorted;
  });
  value.security = security.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
  return value;
}

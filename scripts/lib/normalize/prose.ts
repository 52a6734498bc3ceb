/**
 * Dropping upstream prose. The normalized spec keeps upstream's structure (paths, parameters,
 * schemas, constraints, enums, defaults) and none of its words: descriptions, summaries, titles,
 * examples, `externalDocs` and extensions that only feed documentation sites (`x-mint`,
 * `x-codeSamples`, …). Our own words come from provider.yaml afterwards (see `words.ts`).
 *
 * Why: upstream rewords its documentation far more often than it changes its API, and every
 * rewording would otherwise reach the review as a change; and upstream prose is not ours to
 * republish.
 *
 * What stays, and why:
 *
 * | kept | because |
 * | --- | --- |
 * | `enum`, `default`, `const`, `format`, `pattern`, bounds, `required`, `nullable` types | facts a client depends on |
 * | `deprecated` | a fact, and the diff reports it |
 * | `x-idempotent` and the extensions a provider config lists in `keepExtensions` | read by the facade or stated facts |
 * | response `description` | required by OpenAPI; replaced by the status's reason phrase |
 * | OAuth scope names | required; their texts become empty until the overlay gives ours |
 *
 * The walk knows which key holds what (see `../openapi/kinds.ts`), so a schema property called
 * `description` or `example` is a property, not prose, and stays.
 */
import { childKind, type Kind } from '../openapi/kinds.js';
import { isObject } from '../openapi/pointer.js';

/** Keys that are prose in every object where OpenAPI defines them. */
const PROSE_KEYS = ['description', 'summary', 'externalDocs'] as const;

/** Objects whose `example`/`examples` are sample data (schema, parameter, header, media type). */
const EXAMPLE_HOLDERS = new Set<Kind>(['schema', 'parameter', 'header', 'mediaType']);

/** Extensions ours by definition: the normalizer writes them. */
const OUR_EXTENSIONS = new Set(['x-idempotent']);

/** Reason phrases for the response descriptions OpenAPI requires. */
const REASONS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '203': 'Non-Authoritative Information',
  '204': 'No Content',
  '301': 'Moved Permanently',
  '302': 'Found',
  '304': 'Not Modified',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '403': 'Forbidden',
  '404': 'Not Found',
  '405': 'Method Not Allowed',
  '409': 'Conflict',
  '412': 'Precondition Failed',
  '415': 'Unsupported Media Type',
  '422': 'Unprocessable Content',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '502': 'Bad Gateway',
  '503': 'Service Unavailable',
  '504': 'Gateway Timeout',
  default: 'Error',
};

/** The description a response gets once upstream's text is gone. */
export function reasonPhrase(status: string): string {
  return REASONS[status] ?? (/^[1-5]XX$/i.test(status) ? `Any ${status.toUpperCase()} status` : `Status ${status}`);
}

/** Options of {@link dropProse}. */
export interface DropProseOptions {
  /** Upstream `x-` keys that carry facts and stay. @default [] */
  keepExtensions?: readonly string[];
  /** The top-level servers are ours (from provider.yaml) and keep their words. @default false */
  ourServers?: boolean;
}

/**
 * Remove upstream prose from `doc` in place (see the module comment). The top-level tags are
 * always ours (the cut builds them from provider.yaml) and are left alone.
 */
export function dropProse(doc: Record<string, any>, options: DropProseOptions = {}): void {
  const keepExtensions = options.keepExtensions ?? [];
  const keep = new Set([...OUR_EXTENSIONS, ...keepExtensions]);
  const strip = (obj: Record<string, any>, kind: Kind): void => {
    for (const key of PROSE_KEYS) delete obj[key];
    if (kind === 'schema') delete obj.title;
    if (EXAMPLE_HOLDERS.has(kind)) {
      delete obj.example;
      delete obj.examples;
    }
    for (const key of Object.keys(obj)) if (key.startsWith('x-') && !keep.has(key)) delete obj[key];
  };
  const walk = (node: unknown, kind: Kind, key?: string): void => {
    if (kind === 'opaque' || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => walk(item, kind === 'parameters' || kind === 'schemaList' ? childKind(kind, String(index), item) : kind));
      return;
    }
    const obj = node as Record<string, any>;
    if (typeof obj.$ref === 'string') {
      // A reference carries no prose of its own in our output (3.1 allows summary/description
      // beside $ref; they would be upstream words).
      for (const k of PROSE_KEYS) delete obj[k];
    }
    switch (kind) {
      case 'operation':
      case 'parameter':
      case 'header':
      case 'mediaType':
      case 'requestBody':
      case 'schema':
      case 'link':
      case 'example':
      case 'encodingItem':
        strip(obj, kind);
        break;
      case 'pathItem':
        strip(obj, kind);
        break;
      case 'response':
        strip(obj, kind);
        delete obj.examples;
        if (typeof obj.$ref !== 'string') obj.description = reasonPhrase(key ?? '');
        break;
      case 'securityScheme':
        strip(obj, kind);
        if (isObject(obj.flows)) {
          for (const flow of Object.values(obj.flows)) {
            if (!isObject(flow)) continue;
            for (const k of Object.keys(flow)) if (k.startsWith('x-')) delete flow[k];
            if (isObject(flow.scopes)) for (const scope of Object.keys(flow.scopes)) flow.scopes[scope] = '';
          }
        }
        return;
      case 'responses':
      case 'paths':
      case 'content':
      case 'headers':
      case 'schemas':
      case 'examples':
      case 'parameterMap':
      case 'requestBodies':
      case 'links':
      case 'callbacks':
      case 'callback':
      case 'securitySchemes':
      case 'encoding':
        for (const k of Object.keys(obj)) if (k.startsWith('x-') && kind !== 'schemas' && kind !== 'content' && !keep.has(k)) delete obj[k];
        break;
      case 'components':
        for (const k of Object.keys(obj)) if (k.startsWith('x-') && !keep.has(k)) delete obj[k];
        // Shared examples are prose-like sample data; nothing keeps referring to them.
        delete obj.examples;
        break;
      default:
        break;
    }
    for (const [k, value] of Object.entries(obj)) {
      if (value !== null && typeof value === 'object') walk(value, childKind(kind, k, value), k);
    }
    // `allOf: [{ $ref }, { description }]` is how 3.0 documents describe a reference; without
    // the words the second member is `{}`, which adds nothing to an allOf.
    if (kind === 'schema' && Array.isArray(obj.allOf)) {
      obj.allOf = obj.allOf.filter((member: unknown) => !(isObject(member) && Object.keys(member).length === 0));
      if (obj.allOf.length === 0) delete obj.allOf;
      else if (obj.allOf.length === 1 && Object.keys(obj).length === 1 && isObject(obj.allOf[0])) {
        // What is left is the reference itself.
        const [only] = obj.allOf;
        delete obj.allOf;
        Object.assign(obj, only);
      }
    }
  };
  // The document's own prose: info, tags, servers, top-level docs links and extensions.
  if (isObject(doc.info)) {
    for (const k of ['description', 'summary', 'termsOfService', 'contact']) delete doc.info[k];
    for (const k of Object.keys(doc.info)) if (k.startsWith('x-')) delete doc.info[k];
  }
  delete doc.externalDocs;
  for (const k of Object.keys(doc)) if (k.startsWith('x-') && !keep.has(k)) delete doc[k];
  if (!options.ourServers) stripServers(doc.servers);
  walk(doc.paths, 'paths');
  walk(doc.webhooks, 'paths');
  walk(doc.components, 'components');
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    stripServers(item.servers);
    for (const op of Object.values(item)) if (isObject(op)) stripServers(op.servers);
  }
}

function stripServers(servers: unknown): void {
  if (!Array.isArray(servers)) return;
  for (const server of servers) {
    if (!isObject(server)) continue;
    delete server.description;
    for (const k of Object.keys(server)) if (k.startsWith('x-')) delete server[k];
    if (isObject(server.variables)) for (const variable of Object.values(server.variables)) if (isObject(variable)) delete variable.description;
  }
}

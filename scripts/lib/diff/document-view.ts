/**
 * The document view: what the comparison sees of one OpenAPI 3.1 document (`*View` types, built
 * by {@link viewDocument}): its operations with path-level and
 * operation-level parameters merged, `$ref`s of parameters, bodies, responses and headers
 * followed, security made effective (operation or document level), and everything keyed so that
 * spelling does not matter (path variable names, header case, key order).
 *
 * One concept, the document view (its `*View` types and the one function that builds them),
 * which is why the file runs past 300 lines.
 */
import { HTTP_METHODS } from '../openapi/kinds.js';
import { escapeToken, isObject } from '../openapi/pointer.js';
import { DocIndex } from './doc-index.js';
import { SchemaViews } from './schema.js';

/** One parameter after `$ref` resolution and path/operation merging. */
export interface ParameterView {
  in: string;
  name: string;
  required: boolean;
  style: string;
  explode: boolean;
  description?: string;
  deprecated: boolean;
  /** The schema node (raw), or the schema of the single `content` entry. */
  schema?: unknown;
  pointer: string;
}

/** One media type entry of a body. */
export interface MediaView {
  schema?: unknown;
  pointer: string;
}

/** A request body. */
export interface BodyView {
  required: boolean;
  description?: string;
  content: Map<string, MediaView>;
  pointer: string;
}

/** A response header. */
export interface HeaderView {
  name: string;
  required: boolean;
  description?: string;
  schema?: unknown;
  pointer: string;
}

/** A response for one status code. */
export interface ResponseView {
  /** Normalized status (`200`, `2XX`, `default`). */
  status: string;
  /** The key as written in the document (what generated types index by). */
  rawStatus: string;
  description?: string;
  headers: Map<string, HeaderView>;
  content: Map<string, MediaView>;
  pointer: string;
}

/** One alternative of a security requirement list: scheme name → sorted scopes. */
export interface RequirementView {
  /** Sorted scheme names joined by `+` (`''` for the anonymous `{}` alternative). */
  key: string;
  schemes: Map<string, string[]>;
}

/** One operation. */
export interface OperationView {
  /** `METHOD /path/{}/x`: the match key with variable names erased. */
  shape: string;
  method: string;
  path: string;
  pointer: string;
  operationId?: string;
  deprecated: boolean;
  summary?: string;
  description?: string;
  tags: string[];
  idempotent?: boolean;
  /** Path template variable names in order of appearance. */
  pathVars: string[];
  /** Keyed `path#<position>`, `query:<name>`, `header:<lowercase name>`, `cookie:<name>`. */
  params: Map<string, ParameterView>;
  body?: BodyView;
  responses: Map<string, ResponseView>;
  /** Effective security; undefined means none declared anywhere. */
  security?: RequirementView[];
}

/** A server entry. */
export interface ServerView {
  url: string;
  variables: Map<string, { default?: string; enum?: string[] }>;
  pointer: string;
}

/** Everything the comparator needs from one document. */
export interface DocumentView {
  index: DocIndex;
  views: SchemaViews;
  operations: OperationView[];
  servers: ServerView[];
  securitySchemes: Map<string, Record<string, any>>;
  info: { title?: string; version?: string; description?: string };
}

/** `/users/{id}/keys/{keyId}` → `/users/{}/keys/{}`. */
export function pathShape(path: string): string {
  return path.replace(/\{[^}/]*\}/g, '{}');
}

/** The template variable names of a path, in order. */
export function pathVariables(path: string): string[] {
  return [...path.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]!);
}

/** `/paths/~1users~1{id}/get`: a JSON pointer without the leading `#`. */
export function operationPointer(path: string, method: string): string {
  return `/paths/${escapeToken(path)}/${method}`;
}

/** Media types compare case-insensitively and without spaces around parameters. */
function mediaKey(type: string): string {
  return type.toLowerCase().replace(/\s*;\s*/g, ';');
}

/** `2xx` and `2XX` are the same range. */
function statusKey(status: string): string {
  return status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase();
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function contentOf(index: DocIndex, content: unknown, pointer: string): Map<string, MediaView> {
  const out = new Map<string, MediaView>();
  if (!isObject(content)) return out;
  for (const type of Object.keys(content).sort()) {
    const media = index.deref<Record<string, any>>(content[type]);
    out.set(mediaKey(type), { schema: media?.schema, pointer: `${pointer}/content/${escapeToken(type)}` });
  }
  return out;
}

function defaultStyle(location: string): string {
  return location === 'query' || location === 'cookie' ? 'form' : 'simple';
}

function normParam(index: DocIndex, raw: unknown, pointer: string): ParameterView | undefined {
  const p = index.deref<Record<string, any>>(raw);
  if (!p || typeof p.name !== 'string' || typeof p.in !== 'string') return undefined;
  const style = str(p.style) ?? defaultStyle(p.in);
  let schema: unknown = p.schema;
  if (schema === undefined && isObject(p.content)) {
    const first = Object.keys(p.content).sort()[0];
    schema = first === undefined ? undefined : index.deref<Record<string, any>>(p.content[first])?.schema;
  }
  return {
    in: p.in,
    name: p.name,
    required: p.required === true || p.in === 'path',
    style,
    explode: typeof p.explode === 'boolean' ? p.explode : style === 'form',
    description: str(p.description),
    deprecated: p.deprecated === true,
    schema,
    pointer,
  };
}

function normSecurity(list: unknown): RequirementView[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const out: RequirementView[] = [];
  for (const req of list) {
    if (!isObject(req)) continue;
    const schemes = new Map<string, string[]>();
    for (const name of Object.keys(req).sort()) {
      const scopes = Array.isArray(req[name]) ? [...new Set(req[name].filter((s: unknown): s is string => typeof s === 'string'))].sort() : [];
      schemes.set(name, scopes);
    }
    out.push({ key: [...schemes.keys()].join('+'), schemes });
  }
  return out;
}

/** Build the comparison model of an OpenAPI 3.1 document. */
export function viewDocument(doc: Record<string, any>): DocumentView {
  const index = new DocIndex(doc);
  const views = new SchemaViews(index);
  const operations: OperationView[] = [];
  const globalSecurity = normSecurity(doc.security);
  const paths = isObject(doc.paths) ? doc.paths : {};

  for (const path of Object.keys(paths)) {
    const item = index.deref<Record<string, any>>(paths[path]);
    if (!item) continue;
    const itemPointer = `/paths/${escapeToken(path)}`;
    const vars = pathVariables(path);
    const itemParams = Array.isArray(item.parameters) ? item.parameters : [];
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const pointer = `${itemPointer}/${method}`;
      const params = new Map<string, ParameterView>();
      const add = (raw: unknown, ptr: string): void => {
        const p = normParam(index, raw, ptr);
        if (!p) return;
        params.set(paramKey(p, vars), p);
      };
      // Operation-level parameters override path-level ones with the same name and location.
      itemParams.forEach((raw: unknown, i: number) => add(raw, `${itemPointer}/parameters/${i}`));
      if (Array.isArray(op.parameters)) op.parameters.forEach((raw: unknown, i: number) => add(raw, `${pointer}/parameters/${i}`));

      let body: BodyView | undefined;
      const rawBody = index.deref<Record<string, any>>(op.requestBody);
      if (rawBody) {
        body = {
          required: rawBody.required === true,
          description: str(rawBody.description),
          content: contentOf(index, rawBody.content, `${pointer}/requestBody`),
          pointer: `${pointer}/requestBody`,
        };
      }

      const responses = new Map<string, ResponseView>();
      if (isObject(op.responses)) {
        for (const status of Object.keys(op.responses)) {
          const r = index.deref<Record<string, any>>(op.responses[status]);
          if (!r) continue;
          const rPointer = `${pointer}/responses/${escapeToken(status)}`;
          const headers = new Map<string, HeaderView>();
          if (isObject(r.headers)) {
            for (const name of Object.keys(r.headers)) {
              const h = index.deref<Record<string, any>>(r.headers[name]);
              if (!h) continue;
              headers.set(name.toLowerCase(), {
                name,
                required: h.required === true,
                description: str(h.description),
                schema: h.schema,
                pointer: `${rPointer}/headers/${escapeToken(name)}`,
              });
            }
          }
          responses.set(statusKey(status), {
            status: statusKey(status),
            rawStatus: status,
            description: str(r.description),
            headers,
            content: contentOf(index, r.content, rPointer),
            pointer: rPointer,
          });
        }
      }

      operations.push({
        shape: `${method.toUpperCase()} ${pathShape(path)}`,
        method,
        path,
        pointer,
        operationId: str(op.operationId),
        deprecated: op.deprecated === true,
        summary: str(op.summary),
        description: str(op.description),
        tags: Array.isArray(op.tags) ? op.tags.filter((t: unknown): t is string => typeof t === 'string') : [],
        idempotent: typeof op['x-idempotent'] === 'boolean' ? op['x-idempotent'] : undefined,
        pathVars: vars,
        params,
        body,
        responses,
        security: normSecurity(op.security) ?? globalSecurity,
      });
    }
  }

  const servers: ServerView[] = [];
  if (Array.isArray(doc.servers)) {
    doc.servers.forEach((s: unknown, i: number) => {
      if (!isObject(s) || typeof s.url !== 'string') return;
      const variables = new Map<string, { default?: string; enum?: string[] }>();
      if (isObject(s.variables)) {
        for (const name of Object.keys(s.variables)) {
          const v = s.variables[name];
          if (!isObject(v)) continue;
          variables.set(name, {
            default: v.default === undefined ? undefined : String(v.default),
            enum: Array.isArray(v.enum) ? v.enum.map(String) : undefined,
          });
        }
      }
      // A trailing slash does not change where requests go.
      servers.push({ url: s.url.length > 1 ? s.url.replace(/\/+$/, '') : s.url, variables, pointer: `/servers/${i}` });
    });
  }

  const securitySchemes = new Map<string, Record<string, any>>();
  const schemes = doc.components?.securitySchemes;
  if (isObject(schemes)) {
    for (const name of Object.keys(schemes)) {
      const s = index.deref<Record<string, any>>(schemes[name]);
      if (s) securitySchemes.set(name, s);
    }
  }

  const info = isObject(doc.info) ? doc.info : {};
  return {
    index,
    views,
    operations,
    servers,
    securitySchemes,
    info: { title: str(info.title), version: str(info.version), description: str(info.description) },
  };
}

/** Parameters match by location and name; path parameters by their place in the template. */
function paramKey(p: ParameterView, vars: string[]): string {
  if (p.in === 'path') {
    const position = vars.indexOf(p.name);
    return position === -1 ? `path:${p.name}` : `path#${position}`;
  }
  if (p.in === 'header') return `header:${p.name.toLowerCase()}`;
  return `${p.in}:${p.name}`;
}

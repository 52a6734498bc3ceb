/**
 * Swagger 2.0 / OpenAPI 3.0 → OpenAPI 3.1.0, on top of @scalar/openapi-upgrader 0.1.11 (the
 * maintained converter; its engines field says Node >= 20, so it runs on our Node 20.19 floor).
 *
 * Why not a newer release: every release from 0.2.0 to 0.4.9 (the newest) declares
 * `engines.node: ">=22"`, and so does the `@scalar/helpers` 0.18.0 that 0.4.9 depends on; the
 * project's packages must allow Node >= 20.19, so 0.1.11 is the newest one it may depend on, and
 * the fixes below stay until the floor moves to 22. (0.4.9 does run on Node 20.20 for a small
 * document, but nothing in its engines promises that, and a later patch may use Node 22 APIs.)
 * Checked against 0.4.9, the move would delete from `fixSchema`: the 2.0 `x-nullable` branch
 * (0.4.9 writes `type: [..., 'null']`), the 2.0 string `discriminator` branch (it writes
 * `{ propertyName }`), the typeless nullable `$ref`/`allOf` wrapper (it writes the same
 * `anyOf: [<schema>, {type: 'null'}]`); and a bare `exclusiveMinimum: true` no longer leaves an
 * undefined value behind (0.4.9 drops it). It would keep:
 * `openapi: 3.1.0` (0.4.9 still writes 3.1.1), the `nullable: false` drop (left behind),
 * `prepareSwagger2` and `formDataToBody` (not re-checked against 0.4.9).
 *
 * Where 0.1.11 falls short, this module finishes the job (checked against its source):
 * - It writes `openapi: 3.1.1`; the project's contract is `3.1.0` (our tools validate 3.1.0).
 * - 2.0: response media types are taken from the document-level `produces` before the
 *   operation's own `produces` (the operation must win), and a body parameter declared on the
 *   path item only reaches the operations listed after it. Both are fixed before conversion by
 *   pushing document/path-level settings down onto each operation.
 * - 2.0: `formData` parameters lose everything but their `type` (no `items`, bounds or
 *   defaults) and the body is never required; we build the form body ourselves (formDataToBody).
 * - 2.0: `x-nullable` and `discriminator` (see below).
 * - 2.0: `discriminator` is a property name in 2.0 but an object in 3.x; `x-nullable` is the
 *   2.0 spelling of nullable. Neither is converted; we do it.
 * - 3.0 → 3.1: `nullable: true` is only converted when the schema has a `type`. A nullable
 *   `$ref`/`allOf` wrapper (SailPoint uses 18) keeps a keyword 3.1 does not have; we turn it into
 *   `anyOf: [<schema>, {type: 'null'}]`. `nullable: false` is left behind; we drop it. An
 *   `exclusiveMinimum: true` without `minimum` leaves an undefined value; we drop it.
 * - It walks example values as if they were schemas (a documented limitation of its generic
 *   traverse); harmless for real specs, noted here so nobody relies on example values surviving
 *   byte for byte.
 */
import { upgrade } from '@scalar/openapi-upgrader';
import type { SourceFormat } from './load.js';
import { isHttpMethod } from './kinds.js';
import { isObject } from './pointer.js';
import { mapNodes } from './walk.js';

/** Convert `doc` (of `format`) to OpenAPI 3.1.0. Returns a new tree; `doc` may be changed. */
export function upgradeTo31(doc: Record<string, any>, format: SourceFormat): Record<string, any> {
  if (format === 'swagger-2.0') prepareSwagger2(doc);
  let out: Record<string, any> = doc;
  if (format !== 'openapi-3.1') {
    // The library's public overloads return its own document types; we treat the result as
    // plain JSON like every other stage does.
    out = upgrade(doc, '3.1') as unknown as Record<string, any>;
  }
  out.openapi = '3.1.0';
  return finishSchemas(out, format);
}

/** Push `produces`/`consumes` and path-level body parameters down to each operation (2.0). */
function prepareSwagger2(doc: Record<string, any>): void {
  const produces = doc.produces;
  const consumes = doc.consumes;
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    const shared = Array.isArray(item.parameters) ? (item.parameters as unknown[]) : [];
    const moved = shared.filter((p) => isObject(p) && (p.in === 'body' || p.in === 'formData'));
    if (moved.length > 0) item.parameters = shared.filter((p) => !moved.includes(p));
    for (const [method, op] of Object.entries(item)) {
      if (!isHttpMethod(method) || !isObject(op)) continue;
      if (op.produces === undefined && produces !== undefined) op.produces = structuredClone(produces);
      if (op.consumes === undefined && consumes !== undefined) op.consumes = structuredClone(consumes);
      if (moved.length > 0) {
        const own = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
        const ownBody = own.some((p) => isObject(p) && (p.in === 'body' || p.in === 'formData'));
        if (!ownBody) op.parameters = [...own, ...structuredClone(moved)];
      }
      formDataToBody(op);
    }
    if (Array.isArray(item.parameters) && item.parameters.length === 0) delete item.parameters;
  }
  // Every operation now carries its own list, so the document-level one can go (the library
  // would otherwise prefer it). Named responses under `responses` still need it: convert their
  // schema to content here with the document-level list, which is the one that applies to them.
  if (produces !== undefined) {
    const types: unknown[] = Array.isArray(produces) ? produces : [];
    for (const response of Object.values(isObject(doc.responses) ? doc.responses : {})) {
      if (!isObject(response) || response.schema === undefined || response.$ref !== undefined) continue;
      response.content = Object.fromEntries(types.map((type) => [String(type), { schema: structuredClone(response.schema) }]));
      delete response.schema;
    }
    delete doc.produces;
  }
}

/** Parameter-object keys that are not part of a formData field's value schema. */
const FORM_FIELD_KEYS = new Set(['name', 'in', 'required', 'collectionFormat', 'allowEmptyValue']);
const FORM_TYPES = ['multipart/form-data', 'application/x-www-form-urlencoded'];
const COLLECTION_STYLE: Record<string, { style: string; explode: boolean }> = {
  csv: { style: 'form', explode: false },
  ssv: { style: 'spaceDelimited', explode: false },
  pipes: { style: 'pipeDelimited', explode: false },
  multi: { style: 'form', explode: true },
};

/**
 * 2.0 `formData` parameters → a form request body, as the same API is written in OpenAPI 3:
 * one object property per field with its whole schema (0.1.11 keeps only `type`, dropping
 * `items`, bounds and defaults), `required` fields listed, the body required when a field is,
 * one media type per form type in `consumes`, and `collectionFormat` as the field's encoding.
 */
function formDataToBody(op: Record<string, any>): void {
  const params = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
  const fields = params.filter((p): p is Record<string, any> => isObject(p) && p.in === 'formData' && typeof p.name === 'string');
  if (fields.length === 0) return;
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  const encoding: Record<string, unknown> = {};
  for (const field of fields) {
    const schema: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(field)) if (!FORM_FIELD_KEYS.has(key)) schema[key] = structuredClone(value);
    if (schema.type === 'file') {
      schema.type = 'string';
      schema.contentMediaType = 'application/octet-stream';
    }
    properties[field.name] = schema;
    if (field.required === true) required.push(field.name);
    const style = typeof field.collectionFormat === 'string' ? COLLECTION_STYLE[field.collectionFormat] : undefined;
    if (style && field.collectionFormat !== 'multi') encoding[field.name] = style;
  }
  const schema: Record<string, unknown> = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  const consumes = (Array.isArray(op.consumes) ? (op.consumes as unknown[]) : []).filter((t): t is string => typeof t === 'string' && FORM_TYPES.includes(t.split(';')[0]!.trim().toLowerCase()));
  const types = consumes.length > 0 ? consumes : [fields.some((f) => f.type === 'file') ? 'multipart/form-data' : 'application/x-www-form-urlencoded'];
  const content: Record<string, unknown> = {};
  for (const type of types) content[type] = Object.keys(encoding).length > 0 ? { schema: structuredClone(schema), encoding: structuredClone(encoding) } : { schema: structuredClone(schema) };
  op.requestBody = { ...(required.length > 0 ? { required: true } : {}), content };
  op.parameters = params.filter((p) => !fields.includes(p as Record<string, any>));
  if (op.parameters.length === 0) delete op.parameters;
  if (Array.isArray(op.consumes)) {
    op.consumes = op.consumes.filter((t: unknown) => !consumes.includes(t as string));
    if (op.consumes.length === 0) delete op.consumes;
  }
}

const ANNOTATION_KEYS = new Set(['description', 'title', 'default', 'examples', 'example', 'deprecated', 'readOnly', 'writeOnly', 'externalDocs']);

/** Schema fixes listed in the module comment, applied to every schema in the document. */
function finishSchemas(doc: Record<string, any>, format: SourceFormat): Record<string, any> {
  // Children first, so a fix sees schemas whose own subschemas are already fixed.
  return mapNodes(doc, 'root', (node, kind, _key, descend) => {
    if (kind === 'opaque') return node;
    const out = descend(node);
    return kind === 'schema' && isObject(out) ? fixSchema(out, format) : out;
  }) as Record<string, any>;
}

function fixSchema(schema: Record<string, unknown>, format: SourceFormat): Record<string, unknown> {
  if (format === 'swagger-2.0') {
    if (typeof schema.discriminator === 'string') schema.discriminator = { propertyName: schema.discriminator };
    if (schema['x-nullable'] === true) {
      schema.nullable = true;
      delete schema['x-nullable'];
    }
  }
  if (schema.nullable === true && schema.type !== undefined) {
    // Reached only for 2.0's x-nullable (the library already handled 3.0's nullable + type).
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    schema.type = types.includes('null') ? types : [...types, 'null'];
    if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
    delete schema.nullable;
  }
  if (schema.nullable === true) {
    // A typeless nullable schema (a $ref or allOf wrapper): "this, or null".
    delete schema.nullable;
    const outer: Record<string, unknown> = {};
    const inner: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (ANNOTATION_KEYS.has(key) || key.startsWith('x-')) outer[key] = value;
      else inner[key] = value;
    }
    if (Object.keys(inner).length === 0) return outer;
    const only = Array.isArray(inner.allOf) && inner.allOf.length === 1 && Object.keys(inner).length === 1 ? (inner.allOf[0] as Record<string, unknown>) : inner;
    return { ...outer, anyOf: [only, { type: 'null' }] };
  }
  if (schema.nullable === false) delete schema.nullable;
  return schema;
}

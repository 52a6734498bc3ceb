/**
 * A small map of which OpenAPI object sits under which key. The bundler needs it to know what a
 * `$ref` points at (a schema is hoisted into `components/schemas`, a path item is inlined), and
 * every walker needs it to leave example values and extensions alone: a `$ref` key inside an
 * example is data, not a reference.
 *
 * Covers OpenAPI 3.0/3.1 and Swagger 2.0 (its `definitions`, `parameters`, `responses`,
 * `securityDefinitions` at the top level).
 */

/** What a node in an OpenAPI document is. `opaque` nodes are data and never interpreted. */
export type Kind =
  | 'root'
  | 'paths'
  | 'pathItem'
  | 'operation'
  | 'parameters'
  | 'parameter'
  | 'parameterMap'
  | 'requestBody'
  | 'requestBodies'
  | 'responses'
  | 'response'
  | 'headers'
  | 'header'
  | 'content'
  | 'mediaType'
  | 'encoding'
  | 'encodingItem'
  | 'schemas'
  | 'schema'
  | 'schemaList'
  | 'examples'
  | 'example'
  | 'links'
  | 'link'
  | 'callbacks'
  | 'callback'
  | 'components'
  | 'securitySchemes'
  | 'securityScheme'
  | 'other'
  | 'opaque';

/** HTTP methods an OpenAPI path item can hold, in the order the project writes them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head', 'trace'] as const;
/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];
const METHOD_SET: ReadonlySet<string> = new Set(HTTP_METHODS);

/** True when `key` names an HTTP method in a path item. */
export function isHttpMethod(key: string): key is HttpMethod {
  return METHOD_SET.has(key);
}

const SCHEMA_MAPS = new Set(['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_SINGLE = new Set([
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedItems',
  'unevaluatedProperties',
  'additionalItems',
  'contentSchema',
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_DATA = new Set(['example', 'examples', 'default', 'enum', 'const']);

const MAP_ITEM: Partial<Record<Kind, Kind>> = {
  paths: 'pathItem',
  parameterMap: 'parameter',
  requestBodies: 'requestBody',
  responses: 'response',
  headers: 'header',
  content: 'mediaType',
  encoding: 'encodingItem',
  schemas: 'schema',
  examples: 'example',
  links: 'link',
  callbacks: 'callback',
  callback: 'pathItem',
  securitySchemes: 'securityScheme',
};

/** Kinds whose entries are free-form names, so an `x-` entry is still an entry, not an extension. */
const NAME_MAPS = new Set<Kind>(['schemas', 'content', 'headers', 'examples', 'parameterMap', 'requestBodies', 'links', 'callbacks', 'securitySchemes']);

/** The kind of `parent[key]`, given the kind of `parent`. */
export function childKind(parent: Kind, key: string, value: unknown): Kind {
  if (parent === 'opaque') return 'opaque';
  if (key.startsWith('x-') && !NAME_MAPS.has(parent)) return 'opaque';
  const item = MAP_ITEM[parent];
  if (item) return item;
  switch (parent) {
    case 'root':
      if (key === 'paths' || key === 'webhooks') return 'paths';
      if (key === 'components') return 'components';
      if (key === 'definitions') return 'schemas';
      if (key === 'parameters') return 'parameterMap';
      if (key === 'responses') return 'responses';
      if (key === 'securityDefinitions') return 'securitySchemes';
      return 'other';
    case 'components':
      switch (key) {
        case 'schemas':
          return 'schemas';
        case 'parameters':
          return 'parameterMap';
        case 'responses':
          return 'responses';
        case 'requestBodies':
          return 'requestBodies';
        case 'headers':
          return 'headers';
        case 'examples':
          return 'examples';
        case 'links':
          return 'links';
        case 'callbacks':
          return 'callbacks';
        case 'securitySchemes':
          return 'securitySchemes';
        case 'pathItems':
          return 'paths';
        default:
          return 'other';
      }
    case 'pathItem':
      if (key === 'parameters') return 'parameters';
      return isHttpMethod(key) ? 'operation' : 'other';
    case 'operation':
      if (key === 'parameters') return 'parameters';
      if (key === 'requestBody') return 'requestBody';
      if (key === 'responses') return 'responses';
      if (key === 'callbacks') return 'callbacks';
      return 'other';
    case 'parameters':
      return 'parameter';
    case 'schemaList':
      return 'schema';
    case 'parameter':
    case 'header':
    case 'mediaType':
      if (key === 'schema') return 'schema';
      if (key === 'content') return 'content';
      if (key === 'examples') return parent === 'parameter' || parent === 'header' || parent === 'mediaType' ? 'examples' : 'other';
      if (key === 'example') return 'opaque';
      if (key === 'encoding' && parent === 'mediaType') return 'encoding';
      return 'other';
    case 'requestBody':
      return key === 'content' ? 'content' : 'other';
    case 'response':
      if (key === 'headers') return 'headers';
      if (key === 'content') return 'content';
      if (key === 'links') return 'links';
      if (key === 'schema') return 'schema';
      // Swagger 2.0 response examples are keyed by media type and hold raw values.
      if (key === 'examples') return 'opaque';
      return 'other';
    case 'encodingItem':
      return key === 'headers' ? 'headers' : 'other';
    case 'example':
      return key === 'value' ? 'opaque' : 'other';
    case 'schema':
      if (SCHEMA_MAPS.has(key)) return 'schemas';
      if (SCHEMA_SINGLE.has(key)) return typeof value === 'boolean' ? 'opaque' : 'schema';
      if (SCHEMA_LISTS.has(key)) return 'schemaList';
      if (key === 'items') return Array.isArray(value) ? 'schemaList' : 'schema';
      if (SCHEMA_DATA.has(key)) return 'opaque';
      return 'other';
    default:
      return 'other';
  }
}

/**
 * Every rule the diff knows, with its default level, direction, area, kind and oasdiff
 * counterparts. Levels here are the default profile: oasdiff's rule table (breaking-ness is a
 * property of the contract the document declares, not of how lenient a server is), stricter
 * where code that uses a generated TypeScript client (openapi-fetch over openapi-typescript
 * types) breaks although oasdiff does not object, each such place saying why. A level file
 * overrides them; rule code never does. The compile check can raise a change's level, never
 * lower it.
 *
 * Adding a rule: write its check in rules/<area>.ts, list it here, give it a message in
 * messages.ts, and add a `<id>_base.yaml`/`<id>_revision.yaml` fixture pair. The registry test
 * fails until all four exist.
 */
import * as docs from './rules/docs.js';
import * as ops from './rules/operations.js';
import * as params from './rules/parameters.js';
import * as body from './rules/request-body.js';
import { REQUEST_SCHEMA_RULES } from './rules/request-schema.js';
import * as headers from './rules/response-headers.js';
import * as resp from './rules/responses.js';
import type { RuleDefinition } from './rules/rule.js';
import * as sec from './rules/security.js';
import * as servers from './rules/servers.js';
import type { Level, OasdiffRule } from './types.js';

export type { RuleDefinition } from './rules/rule.js';

const o = (id: string, level: Level): OasdiffRule => ({ id, level });

/**
 * All rules, grouped by area. Ids are unique (the registry test checks). `oasdiff` lists the
 * rules of oasdiff's rule table that judge the same change; levels follow theirs, and `differs`
 * says why where they do not. oasdiff has no rules for servers (it treats them as deployment
 * metadata), so server changes are INFO.
 */
export const RULES: readonly RuleDefinition[] = [
  // operations and paths
  { id: 'operation-removed', level: 'ERR', direction: 'none', area: 'operations', kind: 'remove', check: ops.operationRemoved, oasdiff: [o('api-removed-without-deprecation', 'ERR'), o('api-removed-with-deprecation', 'INFO')], differs: 'a deprecated operation that is removed still breaks every call to it at compile time, so removal is ERR either way' },
  { id: 'operation-added', level: 'INFO', direction: 'none', area: 'operations', kind: 'add', check: ops.operationAdded, oasdiff: [o('endpoint-added', 'INFO')] },
  { id: 'operation-deprecated', level: 'INFO', direction: 'none', area: 'operations', kind: 'deprecate', check: ops.operationDeprecated, oasdiff: [o('endpoint-deprecated', 'INFO')] },
  { id: 'operation-undeprecated', level: 'INFO', direction: 'none', area: 'operations', kind: 'change', check: ops.operationUndeprecated, oasdiff: [o('endpoint-reactivated', 'INFO')] },
  { id: 'operation-id-changed', level: 'ERR', direction: 'none', area: 'operations', kind: 'rename', check: ops.operationIdChanged, oasdiff: [o('api-operation-id-removed', 'INFO'), o('api-operation-id-added', 'INFO')], differs: 'operationIds are the keys of the generated operations table and name the SDK methods: a rename changes the client API' },
  { id: 'operation-tags-changed', level: 'INFO', direction: 'none', area: 'operations', kind: 'change', check: ops.operationTagsChanged, oasdiff: [o('api-tag-added', 'INFO'), o('api-tag-removed', 'INFO')] },
  { id: 'operation-idempotency-changed', level: 'WARN', direction: 'none', area: 'operations', kind: 'change', check: ops.operationIdempotencyChanged, oasdiff: [] },
  { id: 'path-parameter-renamed', level: 'ERR', direction: 'request', area: 'operations', kind: 'rename', check: ops.pathParameterRenamed, oasdiff: [] },

  // parameters
  { id: 'new-required-request-parameter', level: 'ERR', direction: 'request', area: 'parameters', kind: 'add', check: params.newRequiredRequestParameter, oasdiff: [o('new-required-request-parameter', 'ERR')] },
  { id: 'new-optional-request-parameter', level: 'INFO', direction: 'request', area: 'parameters', kind: 'add', check: params.newOptionalRequestParameter, oasdiff: [o('new-optional-request-parameter', 'INFO')] },
  { id: 'request-parameter-removed', level: 'ERR', direction: 'request', area: 'parameters', kind: 'remove', check: params.requestParameterRemoved, oasdiff: [o('request-parameter-removed', 'WARN')], differs: 'openapi-fetch takes parameters as an object literal checked for excess properties: a call that still sets the removed parameter stops compiling' },
  { id: 'request-parameter-location-changed', level: 'ERR', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterLocationChanged, oasdiff: [] },
  { id: 'request-parameter-became-required', level: 'ERR', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterBecameRequired, oasdiff: [o('request-parameter-became-required', 'ERR')] },
  { id: 'request-parameter-became-optional', level: 'INFO', direction: 'request', area: 'parameters', kind: 'widen', check: params.requestParameterBecameOptional, oasdiff: [o('request-parameter-became-optional', 'INFO')] },
  { id: 'request-parameter-deprecated', level: 'INFO', direction: 'request', area: 'parameters', kind: 'deprecate', check: params.requestParameterDeprecated, oasdiff: [o('request-parameter-deprecated', 'INFO'), o('request-parameter-reactivated', 'INFO')] },
  // the request-schema family (parameters and request properties alike; see rules/request-schema.ts)
  ...REQUEST_SCHEMA_RULES,
  { id: 'request-parameter-style-changed', level: 'WARN', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterStyleChanged, oasdiff: [] },

  // request bodies
  { id: 'new-required-request-body', level: 'ERR', direction: 'request', area: 'request-body', kind: 'add', check: body.newRequiredRequestBody, oasdiff: [o('request-body-added-required', 'ERR')] },
  { id: 'new-optional-request-body', level: 'INFO', direction: 'request', area: 'request-body', kind: 'add', check: body.newOptionalRequestBody, oasdiff: [o('request-body-added-optional', 'INFO')] },
  { id: 'request-body-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'remove', check: body.requestBodyRemoved, oasdiff: [o('request-body-removed', 'ERR')] },
  { id: 'request-body-became-required', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestBodyBecameRequired, oasdiff: [o('request-body-became-required', 'ERR')] },
  { id: 'request-body-became-optional', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestBodyBecameOptional, oasdiff: [o('request-body-became-optional', 'INFO')] },
  { id: 'request-body-media-type-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'remove', check: body.requestBodyMediaTypeRemoved, oasdiff: [o('request-body-media-type-removed', 'ERR')] },
  { id: 'request-body-media-type-added', level: 'INFO', direction: 'request', area: 'request-body', kind: 'add', check: body.requestBodyMediaTypeAdded, oasdiff: [o('request-body-media-type-added', 'INFO')] },
  { id: 'new-required-request-property', level: 'ERR', direction: 'request', area: 'request-body', kind: 'add', check: body.newRequiredRequestProperty, oasdiff: [o('new-required-request-property', 'ERR')] },
  { id: 'new-optional-request-property', level: 'INFO', direction: 'request', area: 'request-body', kind: 'add', check: body.newOptionalRequestProperty, oasdiff: [o('new-optional-request-property', 'INFO')] },
  { id: 'request-property-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'remove', check: body.requestPropertyRemoved, oasdiff: [o('request-property-removed', 'WARN')], differs: 'request bodies are object literals checked for excess properties: a call that still sets the removed property stops compiling' },
  { id: 'request-property-became-required', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyBecameRequired, oasdiff: [o('request-property-became-required', 'ERR')] },
  { id: 'request-property-became-optional', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyBecameOptional, oasdiff: [o('request-property-became-optional', 'INFO')] },

  // responses
  { id: 'response-success-status-removed', level: 'ERR', direction: 'response', area: 'responses', kind: 'remove', check: resp.responseSuccessStatusRemoved, oasdiff: [o('response-success-status-removed', 'ERR')] },
  { id: 'response-success-status-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responseSuccessStatusAdded, oasdiff: [o('response-success-status-added', 'INFO')] },
  { id: 'response-error-status-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responseErrorStatusAdded, oasdiff: [o('response-non-success-status-added', 'INFO')] },
  { id: 'response-error-status-removed', level: 'INFO', direction: 'response', area: 'responses', kind: 'remove', check: resp.responseErrorStatusRemoved, oasdiff: [o('response-non-success-status-removed', 'INFO')] },
  { id: 'response-media-type-removed', level: 'ERR', direction: 'response', area: 'responses', kind: 'remove', check: resp.responseMediaTypeRemoved, oasdiff: [o('response-media-type-removed', 'ERR')] },
  { id: 'response-media-type-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responseMediaTypeAdded, oasdiff: [o('response-media-type-added', 'INFO')] },
  { id: 'response-property-removed', level: 'ERR', direction: 'response', area: 'responses', kind: 'remove', check: resp.responsePropertyRemoved, oasdiff: [o('response-required-property-removed', 'ERR'), o('response-optional-property-removed', 'WARN')], differs: 'code that reads a property the response type no longer declares stops compiling, optional or not' },
  { id: 'response-property-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responsePropertyAdded, oasdiff: [o('response-required-property-added', 'INFO'), o('response-optional-property-added', 'INFO')] },
  { id: 'response-property-became-optional', level: 'ERR', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyBecameOptional, oasdiff: [o('response-property-became-optional', 'ERR')] },
  { id: 'response-property-became-required', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyBecameRequired, oasdiff: [o('response-property-became-required', 'INFO')] },
  { id: 'response-property-type-changed', level: 'ERR', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyTypeChanged, oasdiff: [o('response-property-type-changed', 'ERR'), o('response-property-type-generalized', 'ERR')] },
  { id: 'response-property-type-narrowed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyTypeNarrowed, oasdiff: [o('response-property-type-specialized', 'INFO')] },
  { id: 'response-property-format-changed', level: 'ERR', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyFormatChanged, oasdiff: [o('response-property-type-changed', 'ERR')] },
  { id: 'response-property-enum-value-added', level: 'WARN', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyEnumValueAdded, oasdiff: [o('response-property-enum-value-added', 'WARN')] },
  { id: 'response-property-enum-value-removed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyEnumValueRemoved, oasdiff: [o('response-property-enum-value-removed', 'INFO')] },
  { id: 'response-property-enum-unrestricted', level: 'WARN', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyEnumUnrestricted, oasdiff: [] },
  { id: 'response-property-enum-restricted', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyEnumRestricted, oasdiff: [] },
  { id: 'response-property-became-nullable', level: 'ERR', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyBecameNullable, oasdiff: [o('response-property-became-nullable', 'ERR'), o('response-body-became-nullable', 'ERR')] },
  { id: 'response-property-became-not-nullable', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyBecameNotNullable, oasdiff: [o('response-property-became-not-nullable', 'INFO'), o('response-body-became-not-nullable', 'INFO')] },
  { id: 'response-property-variant-added', level: 'ERR', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyVariantAdded, oasdiff: [o('response-property-one-of-added', 'ERR'), o('response-body-one-of-added', 'ERR')] },
  { id: 'response-property-variant-removed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyVariantRemoved, oasdiff: [o('response-property-one-of-removed', 'INFO'), o('response-body-one-of-removed', 'INFO')] },
  { id: 'response-property-discriminator-changed', level: 'WARN', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyDiscriminatorChanged, oasdiff: [o('response-property-discriminator-property-name-changed', 'INFO'), o('response-property-discriminator-mapping-added', 'INFO')], differs: 'a new tag value may arrive that code switching on the tag does not handle, the same risk oasdiff rates WARN for a new enum value' },
  { id: 'response-property-discriminator-narrowed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyDiscriminatorNarrowed, oasdiff: [o('response-property-discriminator-mapping-deleted', 'INFO')] },
  { id: 'response-property-constraint-changed', level: 'INFO', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyConstraintChanged, oasdiff: [o('response-property-pattern-added', 'INFO'), o('response-property-pattern-changed', 'INFO'), o('response-property-pattern-removed', 'INFO')] },
  { id: 'response-property-constraint-relaxed', level: 'ERR', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyConstraintRelaxed, oasdiff: [o('response-property-max-length-increased', 'ERR'), o('response-property-max-length-unset', 'ERR'), o('response-property-min-decreased', 'ERR'), o('response-property-max-increased', 'ERR'), o('response-property-min-items-decreased', 'ERR'), o('response-property-max-items-increased', 'ERR')] },
  { id: 'response-property-default-changed', level: 'INFO', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyDefaultChanged, oasdiff: [o('response-property-default-value-changed', 'INFO')] },
  { id: 'response-property-deprecated', level: 'INFO', direction: 'response', area: 'responses', kind: 'deprecate', check: resp.responsePropertyDeprecated, oasdiff: [o('response-property-deprecated', 'INFO'), o('response-property-reactivated', 'INFO')] },

  // response headers
  { id: 'response-header-removed', level: 'WARN', direction: 'response', area: 'response-headers', kind: 'remove', check: headers.responseHeaderRemoved, oasdiff: [o('optional-response-header-removed', 'WARN')] },
  { id: 'response-required-header-removed', level: 'ERR', direction: 'response', area: 'response-headers', kind: 'remove', check: headers.responseRequiredHeaderRemoved, oasdiff: [o('required-response-header-removed', 'ERR')] },
  { id: 'response-header-added', level: 'INFO', direction: 'response', area: 'response-headers', kind: 'add', check: headers.responseHeaderAdded, oasdiff: [o('response-header-added', 'INFO')] },
  { id: 'response-header-became-optional', level: 'ERR', direction: 'response', area: 'response-headers', kind: 'widen', check: headers.responseHeaderBecameOptional, oasdiff: [o('response-header-became-optional', 'ERR')] },
  { id: 'response-header-became-required', level: 'INFO', direction: 'response', area: 'response-headers', kind: 'narrow', check: headers.responseHeaderBecameRequired, oasdiff: [] },
  { id: 'response-header-schema-changed', level: 'WARN', direction: 'response', area: 'response-headers', kind: 'change', check: headers.responseHeaderSchemaChanged, oasdiff: [o('response-header-type-changed', 'ERR'), o('response-header-type-specialized', 'INFO')], differs: 'one rule for every schema finding on a header, widening and narrowing alike; openapi-fetch leaves headers untyped, so no client code stops compiling' },

  // security
  { id: 'operation-security-added', level: 'ERR', direction: 'request', area: 'security', kind: 'narrow', check: sec.operationSecurityAdded, oasdiff: [] },
  { id: 'operation-security-removed', level: 'INFO', direction: 'request', area: 'security', kind: 'widen', check: sec.operationSecurityRemoved, oasdiff: [] },
  { id: 'operation-security-alternative-added', level: 'INFO', direction: 'request', area: 'security', kind: 'add', check: sec.operationSecurityAlternativeAdded, oasdiff: [o('api-security-added', 'INFO')] },
  { id: 'operation-security-alternative-removed', level: 'ERR', direction: 'request', area: 'security', kind: 'remove', check: sec.operationSecurityAlternativeRemoved, oasdiff: [o('api-security-removed', 'INFO')], differs: 'clients that authenticate with the removed alternative get 401 or 403 on every call' },
  { id: 'operation-security-scope-added', level: 'WARN', direction: 'request', area: 'security', kind: 'narrow', check: sec.operationSecurityScopeAdded, oasdiff: [o('api-security-scope-added', 'INFO')], differs: 'tokens issued with the old scopes are refused; whether a deployment already has the new scope is not in the document' },
  { id: 'operation-security-scope-removed', level: 'INFO', direction: 'request', area: 'security', kind: 'widen', check: sec.operationSecurityScopeRemoved, oasdiff: [o('api-security-scope-removed', 'INFO')] },
  { id: 'security-scheme-changed', level: 'WARN', direction: 'request', area: 'security', kind: 'change', check: sec.securitySchemeChanged, oasdiff: [o('api-security-component-type-changed', 'INFO'), o('api-security-component-oauth-token-url-changed', 'INFO')], differs: 'the facade\'s credential middleware is written for one scheme: a changed type, location or token URL needs a code change' },

  // servers
  { id: 'server-removed', level: 'INFO', direction: 'none', area: 'servers', kind: 'remove', check: servers.serverRemoved, oasdiff: [] },
  { id: 'server-added', level: 'INFO', direction: 'none', area: 'servers', kind: 'add', check: servers.serverAdded, oasdiff: [] },
  { id: 'server-variable-changed', level: 'INFO', direction: 'none', area: 'servers', kind: 'change', check: servers.serverVariableChanged, oasdiff: [] },

  // found by the compiler when no rule explained a break (see compile-check.ts)
  { id: 'request-type-incompatible', level: 'ERR', direction: 'request', area: 'request-body', kind: 'change', check: [], emittedBy: 'compile-check', oasdiff: [] },
  { id: 'response-type-incompatible', level: 'ERR', direction: 'response', area: 'responses', kind: 'change', check: [], emittedBy: 'compile-check', oasdiff: [] },

  // documentation only
  { id: 'operation-summary-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.operationSummaryChanged, oasdiff: [] },
  { id: 'operation-description-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.operationDescriptionChanged, oasdiff: [] },
  { id: 'request-parameter-description-changed', level: 'INFO', direction: 'request', area: 'docs', kind: 'change', check: docs.requestParameterDescriptionChanged, oasdiff: [] },
  { id: 'request-body-description-changed', level: 'INFO', direction: 'request', area: 'docs', kind: 'change', check: docs.requestBodyDescriptionChanged, oasdiff: [] },
  { id: 'response-description-changed', level: 'INFO', direction: 'response', area: 'docs', kind: 'change', check: docs.responseDescriptionChanged, oasdiff: [] },
  { id: 'schema-description-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.schemaDescriptionChanged, oasdiff: [] },
  { id: 'api-info-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.apiInfoChanged, oasdiff: [] },
];

/** Rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.id, rule]));

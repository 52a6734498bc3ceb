/**
 * Every rule the diff knows, with its default level, direction, area and kind. Levels here are
 * the default profile: what breaks code that uses a generated TypeScript client (openapi-fetch
 * over openapi-typescript types). A level file overrides them; rule code never does.
 *
 * Adding a rule: write its check in rules/<area>.ts, list it here, give it a message in
 * messages.ts, and add a `<id>_base.yaml`/`<id>_revision.yaml` fixture pair. The registry test
 * fails until all four exist.
 */
import * as docs from './rules/docs.js';
import * as ops from './rules/operations.js';
import * as params from './rules/parameters.js';
import * as body from './rules/request-body.js';
import * as headers from './rules/response-headers.js';
import * as resp from './rules/responses.js';
import type { RuleCheck } from './rules/rule.js';
import * as sec from './rules/security.js';
import * as servers from './rules/servers.js';
import type { RuleMeta } from './types.js';

/** A registry entry: metadata plus the rule's logic. */
export interface RuleDefinition extends RuleMeta {
  check: RuleCheck | readonly RuleCheck[];
  /** Set for rules no delta triggers: the compile check emits them itself. */
  emittedBy?: 'compile-check';
}

/** All rules, grouped by area. Ids are unique (the registry test checks). */
export const RULES: readonly RuleDefinition[] = [
  // operations and paths
  { id: 'operation-removed', level: 'ERR', direction: 'none', area: 'operations', kind: 'remove', check: ops.operationRemoved },
  { id: 'operation-added', level: 'INFO', direction: 'none', area: 'operations', kind: 'add', check: ops.operationAdded },
  { id: 'operation-deprecated', level: 'INFO', direction: 'none', area: 'operations', kind: 'deprecate', check: ops.operationDeprecated },
  { id: 'operation-undeprecated', level: 'INFO', direction: 'none', area: 'operations', kind: 'change', check: ops.operationUndeprecated },
  { id: 'operation-id-changed', level: 'ERR', direction: 'none', area: 'operations', kind: 'rename', check: ops.operationIdChanged },
  { id: 'operation-tags-changed', level: 'INFO', direction: 'none', area: 'operations', kind: 'change', check: ops.operationTagsChanged },
  { id: 'operation-idempotency-changed', level: 'WARN', direction: 'none', area: 'operations', kind: 'change', check: ops.operationIdempotencyChanged },
  { id: 'path-parameter-renamed', level: 'ERR', direction: 'request', area: 'operations', kind: 'rename', check: ops.pathParameterRenamed },

  // parameters
  { id: 'new-required-request-parameter', level: 'ERR', direction: 'request', area: 'parameters', kind: 'add', check: params.newRequiredRequestParameter },
  { id: 'new-optional-request-parameter', level: 'INFO', direction: 'request', area: 'parameters', kind: 'add', check: params.newOptionalRequestParameter },
  { id: 'request-parameter-removed', level: 'ERR', direction: 'request', area: 'parameters', kind: 'remove', check: params.requestParameterRemoved },
  { id: 'request-parameter-location-changed', level: 'ERR', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterLocationChanged },
  { id: 'request-parameter-became-required', level: 'ERR', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterBecameRequired },
  { id: 'request-parameter-became-optional', level: 'INFO', direction: 'request', area: 'parameters', kind: 'widen', check: params.requestParameterBecameOptional },
  { id: 'request-parameter-type-changed', level: 'ERR', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterTypeChanged },
  { id: 'request-parameter-type-widened', level: 'INFO', direction: 'request', area: 'parameters', kind: 'widen', check: params.requestParameterTypeWidened },
  { id: 'request-parameter-format-changed', level: 'WARN', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterFormatChanged },
  { id: 'request-parameter-enum-value-removed', level: 'ERR', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterEnumValueRemoved },
  { id: 'request-parameter-enum-value-added', level: 'INFO', direction: 'request', area: 'parameters', kind: 'widen', check: params.requestParameterEnumValueAdded },
  { id: 'request-parameter-enum-restricted', level: 'ERR', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterEnumRestricted },
  { id: 'request-parameter-max-length-decreased', level: 'WARN', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterMaxLengthDecreased },
  { id: 'request-parameter-min-length-increased', level: 'WARN', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterMinLengthIncreased },
  { id: 'request-parameter-max-decreased', level: 'WARN', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterMaxDecreased },
  { id: 'request-parameter-min-increased', level: 'WARN', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterMinIncreased },
  { id: 'request-parameter-pattern-changed', level: 'WARN', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterPatternChanged },
  { id: 'request-parameter-constraint-tightened', level: 'WARN', direction: 'request', area: 'parameters', kind: 'narrow', check: params.requestParameterConstraintTightened },
  { id: 'request-parameter-constraint-relaxed', level: 'INFO', direction: 'request', area: 'parameters', kind: 'widen', check: params.requestParameterConstraintRelaxed },
  { id: 'request-parameter-default-changed', level: 'WARN', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterDefaultChanged },
  { id: 'request-parameter-style-changed', level: 'WARN', direction: 'request', area: 'parameters', kind: 'change', check: params.requestParameterStyleChanged },
  { id: 'request-parameter-deprecated', level: 'INFO', direction: 'request', area: 'parameters', kind: 'deprecate', check: params.requestParameterDeprecated },

  // request bodies
  { id: 'new-required-request-body', level: 'ERR', direction: 'request', area: 'request-body', kind: 'add', check: body.newRequiredRequestBody },
  { id: 'new-optional-request-body', level: 'INFO', direction: 'request', area: 'request-body', kind: 'add', check: body.newOptionalRequestBody },
  { id: 'request-body-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'remove', check: body.requestBodyRemoved },
  { id: 'request-body-became-required', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestBodyBecameRequired },
  { id: 'request-body-became-optional', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestBodyBecameOptional },
  { id: 'request-body-media-type-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'remove', check: body.requestBodyMediaTypeRemoved },
  { id: 'request-body-media-type-added', level: 'INFO', direction: 'request', area: 'request-body', kind: 'add', check: body.requestBodyMediaTypeAdded },
  { id: 'new-required-request-property', level: 'ERR', direction: 'request', area: 'request-body', kind: 'add', check: body.newRequiredRequestProperty },
  { id: 'new-optional-request-property', level: 'INFO', direction: 'request', area: 'request-body', kind: 'add', check: body.newOptionalRequestProperty },
  { id: 'request-property-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'remove', check: body.requestPropertyRemoved },
  { id: 'request-property-became-required', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyBecameRequired },
  { id: 'request-property-became-optional', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyBecameOptional },
  { id: 'request-property-type-changed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'change', check: body.requestPropertyTypeChanged },
  { id: 'request-property-type-widened', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyTypeWidened },
  { id: 'request-property-format-changed', level: 'WARN', direction: 'request', area: 'request-body', kind: 'change', check: body.requestPropertyFormatChanged },
  { id: 'request-property-enum-value-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyEnumValueRemoved },
  { id: 'request-property-enum-value-added', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyEnumValueAdded },
  { id: 'request-property-enum-restricted', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyEnumRestricted },
  { id: 'request-property-max-length-decreased', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyMaxLengthDecreased },
  { id: 'request-property-min-length-increased', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyMinLengthIncreased },
  { id: 'request-property-max-decreased', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyMaxDecreased },
  { id: 'request-property-min-increased', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyMinIncreased },
  { id: 'request-property-pattern-changed', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyPatternChanged },
  { id: 'request-property-max-items-decreased', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyMaxItemsDecreased },
  { id: 'request-property-min-items-increased', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyMinItemsIncreased },
  { id: 'request-property-constraint-tightened', level: 'WARN', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyConstraintTightened },
  { id: 'request-property-constraint-relaxed', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyConstraintRelaxed },
  { id: 'request-property-became-nullable', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyBecameNullable },
  { id: 'request-property-became-not-nullable', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyBecameNotNullable },
  { id: 'request-property-variant-added', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyVariantAdded },
  { id: 'request-property-variant-removed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyVariantRemoved },
  { id: 'request-property-additional-properties-restricted', level: 'ERR', direction: 'request', area: 'request-body', kind: 'narrow', check: body.requestPropertyAdditionalPropertiesRestricted },
  { id: 'request-property-additional-properties-allowed', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyAdditionalPropertiesAllowed },
  { id: 'request-property-discriminator-changed', level: 'ERR', direction: 'request', area: 'request-body', kind: 'change', check: body.requestPropertyDiscriminatorChanged },
  { id: 'request-property-discriminator-extended', level: 'INFO', direction: 'request', area: 'request-body', kind: 'widen', check: body.requestPropertyDiscriminatorExtended },
  { id: 'request-property-default-changed', level: 'WARN', direction: 'request', area: 'request-body', kind: 'change', check: body.requestPropertyDefaultChanged },
  { id: 'request-property-deprecated', level: 'INFO', direction: 'request', area: 'request-body', kind: 'deprecate', check: body.requestPropertyDeprecated },

  // responses
  { id: 'response-success-status-removed', level: 'ERR', direction: 'response', area: 'responses', kind: 'remove', check: resp.responseSuccessStatusRemoved },
  { id: 'response-success-status-added', level: 'WARN', direction: 'response', area: 'responses', kind: 'add', check: resp.responseSuccessStatusAdded },
  { id: 'response-error-status-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responseErrorStatusAdded },
  { id: 'response-error-status-removed', level: 'WARN', direction: 'response', area: 'responses', kind: 'remove', check: resp.responseErrorStatusRemoved },
  { id: 'response-media-type-removed', level: 'ERR', direction: 'response', area: 'responses', kind: 'remove', check: resp.responseMediaTypeRemoved },
  { id: 'response-media-type-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responseMediaTypeAdded },
  { id: 'response-property-removed', level: 'ERR', direction: 'response', area: 'responses', kind: 'remove', check: resp.responsePropertyRemoved },
  { id: 'response-property-added', level: 'INFO', direction: 'response', area: 'responses', kind: 'add', check: resp.responsePropertyAdded },
  { id: 'response-property-became-optional', level: 'ERR', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyBecameOptional },
  { id: 'response-property-became-required', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyBecameRequired },
  { id: 'response-property-type-changed', level: 'ERR', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyTypeChanged },
  { id: 'response-property-type-narrowed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyTypeNarrowed },
  { id: 'response-property-format-changed', level: 'WARN', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyFormatChanged },
  { id: 'response-property-enum-value-added', level: 'WARN', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyEnumValueAdded },
  { id: 'response-property-enum-value-removed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyEnumValueRemoved },
  { id: 'response-property-enum-unrestricted', level: 'WARN', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyEnumUnrestricted },
  { id: 'response-property-enum-restricted', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyEnumRestricted },
  { id: 'response-property-became-nullable', level: 'ERR', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyBecameNullable },
  { id: 'response-property-became-not-nullable', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyBecameNotNullable },
  { id: 'response-property-variant-added', level: 'WARN', direction: 'response', area: 'responses', kind: 'widen', check: resp.responsePropertyVariantAdded },
  { id: 'response-property-variant-removed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyVariantRemoved },
  { id: 'response-property-discriminator-changed', level: 'WARN', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyDiscriminatorChanged },
  { id: 'response-property-discriminator-narrowed', level: 'INFO', direction: 'response', area: 'responses', kind: 'narrow', check: resp.responsePropertyDiscriminatorNarrowed },
  { id: 'response-property-constraint-changed', level: 'INFO', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyConstraintChanged },
  { id: 'response-property-default-changed', level: 'INFO', direction: 'response', area: 'responses', kind: 'change', check: resp.responsePropertyDefaultChanged },
  { id: 'response-property-deprecated', level: 'INFO', direction: 'response', area: 'responses', kind: 'deprecate', check: resp.responsePropertyDeprecated },

  // response headers
  { id: 'response-header-removed', level: 'WARN', direction: 'response', area: 'response-headers', kind: 'remove', check: headers.responseHeaderRemoved },
  { id: 'response-header-added', level: 'INFO', direction: 'response', area: 'response-headers', kind: 'add', check: headers.responseHeaderAdded },
  { id: 'response-header-became-optional', level: 'WARN', direction: 'response', area: 'response-headers', kind: 'widen', check: headers.responseHeaderBecameOptional },
  { id: 'response-header-became-required', level: 'INFO', direction: 'response', area: 'response-headers', kind: 'narrow', check: headers.responseHeaderBecameRequired },
  { id: 'response-header-schema-changed', level: 'WARN', direction: 'response', area: 'response-headers', kind: 'change', check: headers.responseHeaderSchemaChanged },

  // security
  { id: 'operation-security-added', level: 'ERR', direction: 'request', area: 'security', kind: 'narrow', check: sec.operationSecurityAdded },
  { id: 'operation-security-removed', level: 'INFO', direction: 'request', area: 'security', kind: 'widen', check: sec.operationSecurityRemoved },
  { id: 'operation-security-alternative-added', level: 'INFO', direction: 'request', area: 'security', kind: 'add', check: sec.operationSecurityAlternativeAdded },
  { id: 'operation-security-alternative-removed', level: 'ERR', direction: 'request', area: 'security', kind: 'remove', check: sec.operationSecurityAlternativeRemoved },
  { id: 'operation-security-scope-added', level: 'WARN', direction: 'request', area: 'security', kind: 'narrow', check: sec.operationSecurityScopeAdded },
  { id: 'operation-security-scope-removed', level: 'INFO', direction: 'request', area: 'security', kind: 'widen', check: sec.operationSecurityScopeRemoved },
  { id: 'security-scheme-changed', level: 'WARN', direction: 'request', area: 'security', kind: 'change', check: sec.securitySchemeChanged },

  // servers
  { id: 'server-removed', level: 'WARN', direction: 'none', area: 'servers', kind: 'remove', check: servers.serverRemoved },
  { id: 'server-added', level: 'INFO', direction: 'none', area: 'servers', kind: 'add', check: servers.serverAdded },
  { id: 'server-variable-changed', level: 'WARN', direction: 'none', area: 'servers', kind: 'change', check: servers.serverVariableChanged },

  // found by the compiler when no rule explained a break (see compile-check.ts)
  { id: 'request-type-incompatible', level: 'ERR', direction: 'request', area: 'request-body', kind: 'change', check: [], emittedBy: 'compile-check' },
  { id: 'response-type-incompatible', level: 'ERR', direction: 'response', area: 'responses', kind: 'change', check: [], emittedBy: 'compile-check' },

  // documentation only
  { id: 'operation-summary-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.operationSummaryChanged },
  { id: 'operation-description-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.operationDescriptionChanged },
  { id: 'request-parameter-description-changed', level: 'INFO', direction: 'request', area: 'docs', kind: 'change', check: docs.requestParameterDescriptionChanged },
  { id: 'request-body-description-changed', level: 'INFO', direction: 'request', area: 'docs', kind: 'change', check: docs.requestBodyDescriptionChanged },
  { id: 'response-description-changed', level: 'INFO', direction: 'response', area: 'docs', kind: 'change', check: docs.responseDescriptionChanged },
  { id: 'schema-description-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.schemaDescriptionChanged },
  { id: 'api-info-changed', level: 'INFO', direction: 'none', area: 'docs', kind: 'change', check: docs.apiInfoChanged },
];

/** Rules by id. */
export const RULES_BY_ID: ReadonlyMap<string, RuleDefinition> = new Map(RULES.map((rule) => [rule.id, rule]));

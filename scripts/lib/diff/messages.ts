/**
 * Every message the diff prints, keyed by rule id. `{name}` placeholders are filled with the
 * values the rule's check returns; a placeholder with no value is a bug the registry test
 * catches.
 */
import { REQUEST_SCHEMA_MESSAGES } from './rules/request-schema.js';

export const MESSAGES: Readonly<Record<string, string>> = {
  'operation-removed': 'operation {method} {path} was removed{note}',
  'operation-added': 'operation {method} {path} was added',
  'operation-deprecated': 'operation is now deprecated',
  'operation-undeprecated': 'operation is no longer deprecated',
  'operation-id-changed': 'operationId changed from {from} to {to}',
  'operation-tags-changed': 'tags changed (added: {added}; removed: {removed})',
  'operation-idempotency-changed': 'x-idempotent changed from {from} to {to}, so automatic retries change',
  'path-parameter-renamed': "path variable '{from}' was renamed to '{to}'; the path literal and params.path key change",

  'new-required-request-parameter': 'new required {target}',
  'new-optional-request-parameter': 'new optional {target}',
  'request-parameter-removed': '{target} was removed',
  'request-parameter-location-changed': "parameter '{name}' moved from {from} to {to}",
  'request-parameter-became-required': '{target} became required',
  'request-parameter-became-optional': '{target} became optional',
  'request-parameter-deprecated': '{target} is {state}',
  ...REQUEST_SCHEMA_MESSAGES,
  'request-parameter-style-changed': '{target} serialization changed from {from} to {to}',

  'new-required-request-body': 'a required request body was added',
  'new-optional-request-body': 'an optional request body was added',
  'request-body-removed': 'the request body was removed',
  'request-body-became-required': 'the request body became required',
  'request-body-became-optional': 'the request body became optional',
  'request-body-media-type-removed': 'request media type {mediaType} is no longer accepted',
  'request-body-media-type-added': 'request media type {mediaType} is now accepted',
  'new-required-request-property': 'new required {target}',
  'new-optional-request-property': 'new optional {target}',
  'request-property-removed': '{target} was removed',
  'request-property-became-required': '{target} became required',
  'request-property-became-optional': '{target} became optional',

  'response-success-status-removed': 'success response {status} was removed',
  'response-success-status-added': 'success response {status} was added',
  'response-error-status-added': 'error response {status} was added',
  'response-error-status-removed': 'error response {status} was removed',
  'response-media-type-removed': 'response {status} no longer returns media type {mediaType}',
  'response-media-type-added': 'response {status} may now return media type {mediaType}',
  'response-property-removed': '{target} was removed',
  'response-property-added': '{target} was added',
  'response-property-became-optional': '{target} became optional',
  'response-property-became-required': '{target} became required',
  'response-property-type-changed': '{target} type changed from {from} to {to}',
  'response-property-type-narrowed': '{target} type narrowed from {from} to {to}',
  'response-property-format-changed': '{target} format changed from {from} to {to}',
  'response-property-enum-value-added': '{target} may return new enum value {value}',
  'response-property-enum-value-removed': '{target} no longer returns enum value {value}',
  'response-property-enum-unrestricted': '{target} is no longer limited to the values {values}',
  'response-property-enum-restricted': '{target} is now limited to the values {values}',
  'response-property-became-nullable': '{target} may now be null',
  'response-property-became-not-nullable': '{target} is no longer null',
  'response-property-variant-added': '{target} may return a new variant {variant}',
  'response-property-variant-removed': '{target} no longer returns variant {variant}',
  'response-property-discriminator-changed': '{target} union tag changed (property {property}; tags added: {added}; removed: {removed})',
  'response-property-discriminator-narrowed': '{target} union no longer returns tags {removed}',
  'response-property-constraint-changed': '{target} {bound} changed from {from} to {to}',
  'response-property-constraint-relaxed': '{target} {bound} relaxed from {from} to {to}',
  'response-property-default-changed': '{target} default changed from {from} to {to}',
  'response-property-deprecated': '{target} is {state}',

  'response-header-removed': "optional response header '{name}' (status {status}) was removed",
  'response-required-header-removed': "required response header '{name}' (status {status}) was removed",
  'response-header-added': "response header '{name}' (status {status}) was added",
  'response-header-became-optional': "response header '{name}' (status {status}) became optional",
  'response-header-became-required': "response header '{name}' (status {status}) became required",
  'response-header-schema-changed': "response header '{name}' (status {status}) schema changed ({what})",

  'operation-security-added': 'the operation now requires authentication ({requirement})',
  'operation-security-removed': 'the operation no longer requires authentication (was {requirement})',
  'operation-security-alternative-added': 'the operation accepts a new security requirement {requirement}',
  'operation-security-alternative-removed': 'the operation no longer accepts security requirement {requirement}',
  'operation-security-scope-added': "security scheme '{scheme}' now requires scopes {scopes}",
  'operation-security-scope-removed': "security scheme '{scheme}' no longer requires scopes {scopes}",
  'security-scheme-changed': "security scheme '{scheme}' {field} changed from {from} to {to}",

  'server-removed': 'server {url} was removed',
  'server-added': 'server {url} was added',
  'server-variable-changed': "server {url} variable '{variable}' changed: {what}",

  'request-type-incompatible': 'the old {part} type is not assignable to the new one: {reason}',
  'response-type-incompatible': 'the new {part} type is not assignable to the old one: {reason}',

  'operation-summary-changed': 'operation summary changed',
  'operation-description-changed': 'operation description changed',
  'request-parameter-description-changed': '{target} description changed',
  'request-body-description-changed': 'request body description changed',
  'response-description-changed': 'response {status} description changed',
  'schema-description-changed': '{target} description changed',
  'api-info-changed': 'API {field} changed from {from} to {to}',
};

/** Fill a message template. A placeholder without a value shows as `«name?»` so tests catch it. */
export function formatMessage(id: string, args: Readonly<Record<string, string>>): string {
  const template = MESSAGES[id] ?? id;
  return template.replace(/\{(\w+)\}/g, (_whole, name: string) => (Object.hasOwn(args, name) ? args[name]! : `«${name}?»`));
}

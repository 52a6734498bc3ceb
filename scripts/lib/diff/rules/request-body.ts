/**
 * Request bodies: presence, required-ness and media types, and which properties a request
 * object has (of a body or of an object-valued parameter). The test a rule applies: would a
 * request that was valid, and type-checked, against the base still be? The constraints of the
 * values sent are the request-schema family (request-schema.ts), shared with parameters.
 */
import { atRequestProperty, target, when } from './rule.js';

/** A required body appeared where there was none. */
export const newRequiredRequestBody = when('body-added', (d) => (d.required ? {} : undefined));

/** An optional body appeared. */
export const newOptionalRequestBody = when('body-added', (d) => (d.required ? undefined : {}));

/** The body went away: calls passing `body` no longer type-check. */
export const requestBodyRemoved = when('body-removed', () => ({}));

/** An optional body became required. */
export const requestBodyBecameRequired = when('body-required', (d) => (d.to ? {} : undefined));

/** A required body became optional. */
export const requestBodyBecameOptional = when('body-required', (d) => (d.to ? undefined : {}));

/** A request media type is no longer accepted. */
export const requestBodyMediaTypeRemoved = when('media-type-removed', (d) => (d.site === 'request' ? { mediaType: d.mediaType } : undefined));

/** A new request media type is accepted. */
export const requestBodyMediaTypeAdded = when('media-type-added', (d) => (d.site === 'request' ? { mediaType: d.mediaType } : undefined));

/** A new required property: existing calls do not send it. */
export const newRequiredRequestProperty = when('schema:property-added', (d) =>
  atRequestProperty(d.site, d.d) && d.d.required ? { target: target(d.site, d.d.name) } : undefined,
);

/** A new optional property. */
export const newOptionalRequestProperty = when('schema:property-added', (d) =>
  atRequestProperty(d.site, d.d) && !d.d.required ? { target: target(d.site, d.d.name) } : undefined,
);

/** A property was removed: object literals that set it fail the excess-property check. */
export const requestPropertyRemoved = when('schema:property-removed', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name) } : undefined));

/** An optional property became required. */
export const requestPropertyBecameRequired = when('schema:required-added', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name) } : undefined));

/** A required property became optional. */
export const requestPropertyBecameOptional = when('schema:required-removed', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name) } : undefined));

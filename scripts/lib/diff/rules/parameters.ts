/**
 * Request parameters (path, query, header, cookie): presence, required-ness, location and
 * serialization. The constraints of their schemas are the request-schema family
 * (request-schema.ts), shared with request bodies.
 */
import { when } from './rule.js';

const paramName = (p: { in: string; name: string }): string => `${p.in} parameter '${p.name}'`;

/** A new required parameter: existing calls do not send it. */
export const newRequiredRequestParameter = when('parameter-added', (d) => (d.param.required ? { target: paramName(d.param) } : undefined));

/** A new optional parameter. */
export const newOptionalRequestParameter = when('parameter-added', (d) => (d.param.required ? undefined : { target: paramName(d.param) }));

/** A parameter was removed: calls that set it no longer type-check. */
export const requestParameterRemoved = when('parameter-removed', (d) => ({ target: paramName(d.param) }));

/** A parameter moved (query to header, ...). */
export const requestParameterLocationChanged = when('parameter-moved', (d) => ({ name: d.param.name, from: d.from, to: d.param.in }));

/** An optional parameter became required. */
export const requestParameterBecameRequired = when('parameter-required', (d) => (d.to ? { target: paramName(d.param) } : undefined));

/** A required parameter became optional. */
export const requestParameterBecameOptional = when('parameter-required', (d) => (d.to ? undefined : { target: paramName(d.param) }));

/** Serialization style or explode changed: the same value goes on the wire differently. */
export const requestParameterStyleChanged = when('parameter-style', (d) => ({ target: paramName(d.param), from: d.from, to: d.to }));

/** The parameter's deprecation mark changed. */
export const requestParameterDeprecated = when('parameter-deprecated', (d) => ({ target: paramName(d.param), state: d.to ? 'now deprecated' : 'no longer deprecated' }));

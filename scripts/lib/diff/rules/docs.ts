/**
 * Documentation-only changes: wording that reaches JSDoc in the generated types and the
 * reference docs but never behaviour.
 */
import { show, target, when } from './rule.js';

/** The operation summary changed. */
export const operationSummaryChanged = when('operation-summary', () => ({}));

/** The operation description changed. */
export const operationDescriptionChanged = when('operation-description', () => ({}));

/** A parameter description changed. */
export const requestParameterDescriptionChanged = when('parameter-description', (d) => ({ target: `${d.param.in} parameter '${d.param.name}'` }));

/** The request body description changed. */
export const requestBodyDescriptionChanged = when('body-description', () => ({}));

/** A response description changed. */
export const responseDescriptionChanged = when('response-description', (d) => ({ status: d.status }));

/** A schema or property description changed. */
export const schemaDescriptionChanged = when('schema:description', (d) => ({ target: target(d.site, d.d.name) }));

/** The API title, version or description changed. */
export const apiInfoChanged = when('info-changed', (d) => ({ field: d.field, from: show(d.from), to: show(d.to) }));

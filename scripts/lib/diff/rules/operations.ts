/**
 * Operations and paths: an operation (method + path, variable names aside) appeared, disappeared,
 * was deprecated, renamed its operationId, changed tags or its retry safety, or renamed a path
 * template variable.
 */
import { show, when } from './rule.js';

/** The operation is gone: every call to it stops compiling. */
export const operationRemoved = when('operation-removed', (d) => ({
  method: d.operation!.method,
  path: d.operation!.path,
  note: d.deprecated ? ' (it was deprecated)' : '',
}));

/** A new operation. */
export const operationAdded = when('operation-added', (d) => ({ method: d.operation!.method, path: d.operation!.path }));

/** The operation is now marked deprecated. */
export const operationDeprecated = when('operation-deprecated', (d) => (d.to ? {} : undefined));

/** The deprecation mark was taken back. */
export const operationUndeprecated = when('operation-deprecated', (d) => (d.to ? undefined : {}));

/** The operationId changed: generated `operations` keys and the facade's lookups break. */
export const operationIdChanged = when('operation-id', (d) => ({ from: show(d.from), to: show(d.to) }));

/** Tags were added or removed. */
export const operationTagsChanged = when('operation-tags', (d) => ({
  added: d.added.length > 0 ? d.added.join(', ') : '(none)',
  removed: d.removed.length > 0 ? d.removed.join(', ') : '(none)',
}));

/** `x-idempotent` changed: the facade's automatic retry starts or stops for this operation. */
export const operationIdempotencyChanged = when('operation-idempotent', (d) => ({ from: show(d.from), to: show(d.to) }));

/** A path template variable was renamed: the path literal and the `params.path` key change. */
export const pathParameterRenamed = when('path-variable-renamed', (d) => ({ from: d.from, to: d.to }));

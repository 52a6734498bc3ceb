/**
 * The errors every provider client rejects with.
 *
 * One base class carries what a caller needs to log or branch on (provider, operation, method,
 * URL); subclasses exist only where callers branch:
 *
 * | class | when |
 * |---|---|
 * | {@link ProviderApiError} | the provider answered with an HTTP error status |
 * | {@link ProviderTimeoutError} | an attempt (or a wait) ran out of time |
 * | {@link ProviderNetworkError} | the connection failed while sending or while reading the answer |
 * | {@link ProviderResponseError} | an answer that cannot be used: not the declared media type, not valid JSON, larger than `maxResponseBytes` |
 * | {@link ProviderRedirectError} | a redirect the client refused to follow |
 * | {@link ProviderAbortError} | the caller's signal aborted the call (its `name` is `AbortError`) |
 * | {@link ProviderPagingError} | a list that would lose items or never end |
 * | {@link ProviderConfigError} | a misconfiguration caught before anything was sent |
 *
 * Secrets never reach these objects' text: URLs have credentials and secret-looking query values
 * masked, provider messages are scrubbed of token-shaped strings, network causes are reduced to
 * their error code, and `toJSON()` leaves out headers and bodies. `String(err)`,
 * `JSON.stringify(err)` and `err.stack` are therefore safe to log.
 */
export { ProviderError, isProviderError, type ProviderErrorInit, type ProviderErrorJSON } from './provider-error.js';
export { ProviderApiError, isProviderApiError, MAX_ERROR_BODY_CHARS, type ProviderApiErrorInit } from './api-error.js';
export { ProviderNotFoundError, isProviderNotFoundError } from './not-found-error.js';
export { ProviderTimeoutError, isProviderTimeoutError, type ProviderTimeoutErrorInit } from './timeout-error.js';
export { ProviderNetworkError, isProviderNetworkError } from './network-error.js';
export { ProviderConfigError, isProviderConfigError } from './config-error.js';
export { ProviderResponseError, isProviderResponseError, type ProviderResponseErrorInit, type ProviderResponseProblem } from './response-error.js';
export { ProviderRedirectError, isProviderRedirectError, type ProviderRedirectErrorInit } from './redirect-error.js';
export { ProviderAbortError, isProviderAbortError } from './abort-error.js';
export { ProviderPagingError, isProviderPagingError, type ProviderPagingErrorInit } from './paging-error.js';

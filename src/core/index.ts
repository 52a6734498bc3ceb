/**
 * Shared building blocks of the provider clients: errors, the typed openapi-fetch client with
 * retries and timeouts, auth middleware, safety guards, paging and token caching.
 */
export * from './errors/index.js';
export * from './safety.js';
export * from './retry.js';
export * from './auth.js';
export * from './operations.js';
export type { CallContext, CallMiddleware } from './call.js';
export type { ErrorDetails, ErrorDetailsParser, FetchResult, ResultData } from './unwrap.js';
export * from './client.js';
export { dispatcherFetch, type FetchLike, type RequestDispatcher } from './dispatcher-fetch.js';
export type { DispatcherBody } from './response-body.js';
export { POOL_KEEP_ALIVE_MS, POOL_NODE_HTTP_REQUESTS, clientTransport, closable, type ClientTransport, type Closable } from './pool.js';
export * from './paging.js';
export * from './tokens.js';
export * from './lifecycle.js';
export * from './options.js';
export * from './secrets.js';
export * from './present.js';

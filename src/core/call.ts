/**
 * What the client knows about one call before it sends anything, and the middleware that is
 * told it.
 *
 * The typed client looks the operation up once per call and serializes a JSON body once per
 * call; both are handed to every middleware hook as `call`, on every attempt. A middleware that
 * must know the operation (auth: does it need a token?) or the exact body bytes (Dfns signing:
 * the bytes signed are the bytes sent) reads them there instead of looking them up again or
 * consuming the Request body.
 */
import type { Middleware } from 'openapi-fetch';
import type { ResolvedOperation } from './operations.js';

/** The facts of one call, the same for each of its attempts. */
export interface CallContext {
  /** The operation called, or `undefined` for a method and path outside the operations table. */
  readonly operation: ResolvedOperation | undefined;
  /**
   * The exact JSON text sent as the body. `undefined` when the call has no body or the client
   * did not serialize it (custom `bodySerializer`, `FormData`, a non-JSON content type).
   */
  readonly body: string | undefined;
}

type Hook<K extends 'onRequest' | 'onResponse' | 'onError'> = NonNullable<Extract<Middleware, Record<K, unknown>>[K]>;
type WithCall<F> = F extends (params: infer P) => infer R ? (params: P & { readonly call: CallContext }) => R : never;

/**
 * openapi-fetch middleware whose hooks also receive the {@link CallContext} as `call`. Every
 * openapi-fetch `Middleware` is one (it just does not look at `call`).
 */
export interface CallMiddleware {
  onRequest?: WithCall<Hook<'onRequest'>> | undefined;
  onResponse?: WithCall<Hook<'onResponse'>> | undefined;
  onError?: WithCall<Hook<'onError'>> | undefined;
}

/**
 * openapi-fetch middleware for one call: each hook is given `call` beside openapi-fetch's own
 * parameters. (openapi-fetch passes each hook a parameter object made for that hook alone, so
 * `call` is added to it rather than to a copy: a Dfns call runs these hooks nine times.)
 */
export function bindMiddleware(middleware: readonly CallMiddleware[], call: CallContext): Middleware[] {
  return middleware.map(
    ({ onRequest, onResponse, onError }) =>
      ({
        onRequest: onRequest && ((params) => onRequest(Object.assign(params, { call }))),
        onResponse: onResponse && ((params) => onResponse(Object.assign(params, { call }))),
        onError: onError && ((params) => onError(Object.assign(params, { call }))),
      }) as Middleware,
  );
}

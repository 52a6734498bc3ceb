/**
 * The transport under the typed client: how a request openapi-fetch built reaches the network.
 *
 * openapi-fetch builds a WHATWG `Request` for every call, runs the middleware on it and hands it
 * to `fetch`, which builds a second `Request` from it (cloning the body stream) before sending.
 * On Node both constructions are expensive (body streams, header lists, abort-signal plumbing),
 * and for a small JSON call they cost more than the HTTP exchange itself. So the client gives
 * openapi-fetch a {@link DeferredRequest} instead: the same interface, holding the URL, headers
 * and body as given, and building a real `Request` only if something asks for a part that needs
 * one (the body stream, `clone()`, the rarely used properties). The transport then sends the
 * held parts directly:
 *
 * - with no `fetch` option, or `globalThis.fetch`: `globalThis.fetch(url, init)`, exactly what a
 *   hand-written call does (one `Request`, built inside fetch); the provider clients pass their
 *   own pool (pool.ts) instead unless told otherwise;
 * - with a {@link dispatcherFetch}: the dispatcher's `request()` (e.g. an undici `Agent` with
 *   keep-alive), with no `Request` at all;
 * - with any other `fetch`: a real `Request`, as before, so custom fetches see what they expect.
 *
 * Middleware added by callers through `raw.use()` always gets real `Request` objects: once any
 * is added, the client stops deferring.
 *
 * This is the one place that depends on how openapi-fetch handles requests, and
 * `test/src/core/openapi-fetch-seam.test.ts` pins it to {@link OPENAPI_FETCH_VERIFIED}: that
 * openapi-fetch builds each call's request with the `Request` option (`new Request(url, init)`,
 * once, before the middleware), accepts what an `onRequest` returns by `instanceof` that class
 * (hence `DeferredRequest[Symbol.hasInstance]`), and hands the final request unchanged to the
 * `fetch` option.
 */
import { DeferredRequest } from './deferred.js';
import { DIRECT_SEND, type DirectSend, type FetchLike } from './dispatcher-fetch.js';

/** The openapi-fetch release whose request handling this module was checked against. */
export const OPENAPI_FETCH_VERIFIED = '0.17.0';

/** The openapi-fetch options that install the transport, plus a switch to plain Requests. */
export interface Transport {
  /** openapi-fetch's `Request` option. */
  Request: typeof Request;
  /** openapi-fetch's `fetch` option. */
  fetch: FetchLike;
  /** From now on build real `Request` objects (callers' middleware expects them). */
  usePlainRequests(): void;
}

/**
 * Create the transport for one client. `fetch` is the client's `fetch` option; see the module
 * comment for what each kind gets.
 */
export function createTransport(fetch: FetchLike | undefined): Transport {
  let plain = false;
  // The global fetch is resolved at creation, as openapi-fetch does with its own default.
  const send: FetchLike = fetch ?? globalThis.fetch;
  const direct: DirectSend | undefined =
    fetch === undefined || fetch === globalThis.fetch ? (globalThis.fetch as DirectSend) : (fetch as { [DIRECT_SEND]?: DirectSend })[DIRECT_SEND];

  class ClientRequest extends DeferredRequest {
    constructor(input: string | URL | Request, init?: RequestInit) {
      if (plain) return new Request(input, init) as ClientRequest;
      super(input as string | URL, init);
    }
  }

  return {
    Request: ClientRequest as unknown as typeof Request,
    fetch(request) {
      if (!DeferredRequest.isDeferred(request)) return send(request);
      const parts = direct === undefined ? undefined : DeferredRequest.parts(request);
      return parts ? direct!(parts.url, parts.init) : send(DeferredRequest.toRequest(request));
    },
    usePlainRequests() {
      plain = true;
    },
  };
}

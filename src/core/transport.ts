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
 * - with no `fetch` option: `globalThis.fetch(url, init)`, exactly what a hand-written call
 *   does (one `Request`, built inside fetch);
 * - with a {@link dispatcherFetch}: the dispatcher's `request()` (e.g. an undici `Agent` with
 *   keep-alive), with no `Request` at all;
 * - with any other `fetch`: a real `Request`, as before, so custom fetches see what they expect.
 *
 * Middleware added by callers through `raw.use()` always gets real `Request` objects: once any
 * is added, the client stops deferring.
 */
import type { FetchLike } from './client.js';
import { BufferedResponse, DeferredRequest, NULL_BODY, plainBody, type DirectInit } from './deferred.js';

type DirectSend = (url: string, init: DirectInit) => Promise<Response>;

/** Marks the fetch functions made by {@link dispatcherFetch}; holds their direct send. */
const DIRECT = Symbol('idlc.directSend');

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
  const direct: DirectSend | undefined = fetch === undefined ? (globalThis.fetch as DirectSend) : (fetch as { [DIRECT]?: DirectSend })[DIRECT];

  class ClientRequest extends DeferredRequest {
    constructor(input: string | URL | Request, init?: RequestInit) {
      if (plain) return new Request(input, init) as ClientRequest;
      super(input, init);
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

/** The part of an undici `Dispatcher` (`Agent`, `Pool`, `Client`...) that {@link dispatcherFetch} uses. */
export interface RequestDispatcher {
  request(options: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string | Uint8Array | null;
    signal?: AbortSignal;
  }): Promise<{
    statusCode: number;
    headers: Record<string, string | string[] | undefined>;
    body: { arrayBuffer(): Promise<ArrayBuffer>; dump(): Promise<void> };
  }>;
}

/**
 * A `fetch` for the clients that sends through an undici dispatcher's `request()`: no WHATWG
 * fetch machinery, connections kept alive by the dispatcher. Redirects are not followed (3xx
 * answers are returned as they are). Works as a plain `fetch(request)` too.
 *
 * @example
 * import { Agent } from 'undici'
 * const zitadel = createZitadelClient({ baseUrl, token, fetch: dispatcherFetch(new Agent({ keepAliveTimeout: 30_000 })) })
 */
export function dispatcherFetch(dispatcher: RequestDispatcher): FetchLike {
  const direct: DirectSend = async (url, init) => {
    let body = plainBody(init.body ?? null);
    const headers: Record<string, string> = {};
    if (init.body != null && body === undefined) {
      // FormData, Blob, streams: let a real Request encode it (and set its content type).
      const request = new Request(url, init);
      request.headers.forEach((value, name) => (headers[name] = value));
      body = new Uint8Array(await request.arrayBuffer());
    } else {
      init.headers.forEach((value, name) => (headers[name] = value));
      if (typeof body === 'string' && headers['content-type'] === undefined) {
        headers['content-type'] = init.body instanceof URLSearchParams ? 'application/x-www-form-urlencoded;charset=UTF-8' : 'text/plain;charset=UTF-8';
      }
    }
    // Absolute URLs always come as `scheme://host[:port]/path...`.
    const slash = url.indexOf('/', url.indexOf('//') + 2);
    const answer = await dispatcher.request({
      origin: slash === -1 ? url : url.slice(0, slash),
      path: slash === -1 ? '/' : url.slice(slash),
      method: init.method,
      headers,
      body: body ?? null,
      signal: init.signal,
    });
    const status = answer.statusCode;
    let bytes: Uint8Array<ArrayBuffer> | null = null;
    if (NULL_BODY.has(status) || init.method === 'HEAD') await answer.body.dump();
    else bytes = new Uint8Array(await answer.body.arrayBuffer());
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(answer.headers)) {
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    return new BufferedResponse(bytes, { status, headers: responseHeaders, url });
  };
  // Called with a real Request (a caller's middleware is installed, or used on its own): the
  // caller gets a real Response too.
  const fetch: FetchLike = async (request) => {
    const buffered = await direct(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body === null ? null : new Uint8Array(await request.arrayBuffer()),
      signal: request.signal,
    });
    const response = new Response(buffered.body, { status: buffered.status, statusText: buffered.statusText, headers: buffered.headers });
    Object.defineProperty(response, 'url', { value: buffered.url });
    return response;
  };
  return Object.assign(fetch, { [DIRECT]: direct });
}

/**
 * `dispatcherFetch`: a `fetch` for the clients that sends through an undici dispatcher
 * (keep-alive pools, no WHATWG fetch machinery) and answers with a response over the body read
 * within the client's `maxResponseBytes`. The client's transport (transport.ts) hands it the
 * parts of a deferred request directly, so most calls build no `Request` at all.
 *
 * An undici dispatcher (anything with `dispatch()`: `Agent`, `Pool`, `Client`, composed
 * interceptors) is driven through `dispatch()` with a handler that collects the body chunks
 * (collect.ts); any other {@link RequestDispatcher} through its `request()`, whose body is
 * streamed and cut off the same way.
 */
import { collectAnswer, isUndiciDispatcher, type CollectedAnswer, type CollectOptions, type UndiciDispatcher } from './collect.js';
import { BufferedResponse, NULL_BODY, plainBody, responseLike, type DirectInit } from './deferred.js';
import { bodyLimit } from './attempt.js';
import { readDispatcherBody, type DispatcherBody } from './response-body.js';

/** A `fetch` as openapi-fetch calls it. `globalThis.fetch` and undici's `fetch` both fit. */
export type FetchLike = (input: Request) => Promise<Response>;

/** Sends a request given as URL and fetch init, without a `Request`. */
export type DirectSend = (url: string, init: DirectInit) => Promise<Response>;

/** Marks the fetch functions made by {@link dispatcherFetch}; holds their direct send. */
export const DIRECT_SEND = Symbol('idlc.directSend');

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
    /**
     * The answer body. When it is async-iterable (undici's and node:http's are), it is streamed
     * and cut off past the client's `maxResponseBytes`; otherwise it is read whole, then checked.
     */
    body: DispatcherBody;
  }>;
}

/**
 * A `fetch` for the clients that sends through an undici dispatcher: no WHATWG fetch
 * machinery, connections kept alive by the dispatcher. An undici `Agent`, `Pool` or `Client` is
 * driven through its `dispatch()`; another {@link RequestDispatcher} through its `request()`.
 * Redirects are not followed (3xx answers are returned as they are). Works as a plain
 * `fetch(request)` too.
 *
 * @example
 * import { Agent } from 'undici'
 * const zitadel = createZitadelClient({ baseUrl, token, fetch: dispatcherFetch(new Agent({ keepAliveTimeout: 30_000 })) })
 */
export function dispatcherFetch(dispatcher: RequestDispatcher): FetchLike {
  if (isUndiciDispatcher(dispatcher)) return undiciFetch(dispatcher);
  return fetchThrough(async (options, limit) => {
    const answer = await dispatcher.request(options);
    const status = answer.statusCode;
    let bytes: Uint8Array<ArrayBuffer> | null = null;
    if (NULL_BODY.has(status) || options.method === 'HEAD') await answer.body.dump();
    else bytes = await readDispatcherBody(answer.body, limit, status, answer.headers['content-length']);
    return { status, headers: answer.headers, bytes };
  });
}

/**
 * {@link dispatcherFetch} for an undici dispatcher: requests through its `dispatch()` (the
 * clients' default pool sends the same way once it has moved to undici; see pool.ts).
 */
export function undiciFetch(dispatcher: UndiciDispatcher): FetchLike {
  return fetchThrough((options, limit) => collectAnswer(dispatcher, options, limit));
}

/** Sends one request and reads its answer within `limit` bytes. */
export type Exchange = (options: CollectOptions, limit: number) => Promise<CollectedAnswer>;

/**
 * The `fetch` (and its direct send) over one way of exchanging a request for an answer: an
 * undici dispatcher here, or the default pool's two stages (pool.ts).
 */
export function fetchThrough(exchange: Exchange): FetchLike {
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
    const { status, headers: answerHeaders, bytes } = await exchange(
      {
        origin: slash === -1 ? url : url.slice(0, slash),
        path: slash === -1 ? '/' : url.slice(slash),
        method: init.method,
        headers,
        body: body ?? null,
        signal: init.signal,
      },
      bodyLimit(init.signal),
    );
    const responseHeaders = new Headers();
    for (const name in answerHeaders) {
      const value = answerHeaders[name];
      if (Array.isArray(value)) for (const v of value) responseHeaders.append(name, v);
      else if (value !== undefined) responseHeaders.append(name, value);
    }
    // The exact length, so openapi-fetch reads it with `json()`, which returns the checked value.
    if (bytes !== null) responseHeaders.set('content-length', String(bytes.byteLength));
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
    return responseLike(buffered.body, buffered);
  };
  return Object.assign(fetch, { [DIRECT_SEND]: direct });
}

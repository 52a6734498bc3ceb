/**
 * The clients' default transport on Node: a keep-alive connection pool of their own (an undici
 * `Agent`, undici being the HTTP client Node's own `fetch` is built on), sent to through
 * `dispatcherFetch`, so a call costs no WHATWG `fetch` machinery and reuses its connection.
 *
 * - Each client owns its pool; `close()` (or `await using`) closes it. Nothing else needs
 *   closing: undici unreferences idle sockets, so a script that forgets `close()` still exits.
 * - Redirects are not followed: a 3xx comes back as it is, so credentials never follow a
 *   redirect to another origin.
 * - `fetch: globalThis.fetch` (or any other `fetch`) in a client's options replaces the pool.
 * - Importing the clients changes nothing in the process: the `Agent` class is imported from
 *   its own module, not from undici's entry point, whose loading installs an undici 7 `Agent`
 *   as the process's global dispatcher (the one `globalThis.fetch` then sends through) when
 *   Node's own fetch has not set one yet (its `lib/global.js`). The class from its own module
 *   has `dispatch()` and `close()`; the `request()` helpers are added to it by the entry point
 *   only, and the pool does not use them.
 */
import type { Agent as UndiciAgent } from 'undici';
// @ts-expect-error -- undici ships declarations for its entry point only; the class is typed below from them.
import AgentModule from 'undici/lib/dispatcher/agent.js';
import type { UndiciDispatcher } from './collect.js';
import { undiciFetch, type FetchLike } from './dispatcher-fetch.js';

/** undici's `Agent`: a keep-alive connection pool per origin. */
const Agent = AgentModule as new (options: UndiciAgent.Options) => UndiciDispatcher & { close(): Promise<void> };

/** A client's transport: the `fetch` its requests go through, and how to release it. */
export interface ClientTransport {
  readonly fetch: FetchLike;
  /** Release the connections; idempotent. Calls made afterwards reject. */
  close(): Promise<void>;
}

/**
 * Keep-alive time of an idle pooled connection. Shorter than the 5 s idle timeout common on
 * servers and load balancers, so the pool drops a connection before the server does instead of
 * sending on one the server is closing.
 * @default 4000
 */
export const POOL_KEEP_ALIVE_MS = 4_000;

/**
 * The transport a client uses: the caller's `fetch` when given (the caller owns it; closing the
 * client leaves it alone), else a new keep-alive pool the client owns.
 */
export function clientTransport(fetch: FetchLike | undefined): ClientTransport {
  if (fetch !== undefined) return { fetch, close: async () => {} };
  const agent = new Agent({ keepAliveTimeout: POOL_KEEP_ALIVE_MS });
  let closing: Promise<void> | undefined;
  return {
    fetch: undiciFetch(agent),
    close: () => (closing ??= agent.close()),
  };
}

/** What every provider client has for its connections: `close()`, and `await using` support. */
export interface Closable {
  /**
   * Close the client's connection pool (waiting for calls in flight); calls made afterwards
   * reject. Does nothing to a `fetch` the caller passed in.
   */
  close(): Promise<void>;
  /** `close()`, for `await using client = create...Client(...)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** The {@link Closable} part of a client over `transport`. */
export function closable(transport: ClientTransport): Closable {
  return { close: transport.close, [Symbol.asyncDispose]: transport.close };
}

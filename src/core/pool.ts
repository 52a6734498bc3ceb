/**
 * The clients' default transport on Node: a keep-alive connection pool of their own, sent to
 * without any WHATWG `fetch` machinery, so a call reuses its connection and builds no `Request`.
 *
 * The pool has two stages, for the two ways the clients are used:
 *
 * - **The first {@link POOL_NODE_HTTP_REQUESTS} requests** go through a `node:http`/`node:https`
 *   keep-alive `Agent` (node-http.ts). Node's HTTP parser is native, so a script that makes a few
 *   calls exits as soon as its last one is done, and never loads undici.
 * - **Every request after those** goes through an undici `Agent` (loaded then), which costs less
 *   CPU per request: about 40 µs less per request on loopback here, the difference between
 *   meeting and missing the clients' throughput targets in a long job (`npm --prefix bench run
 *   facade`). undici parses with llhttp compiled to WebAssembly, and V8 goes on optimizing that
 *   module in the background for about 0.1-0.2 s after the first answers; a process that ends
 *   in that window waits for it to finish. That is paid once, by jobs that made more than a
 *   thousand requests, not by every short script.
 *
 * In both stages:
 *
 * - Each client owns its pool; `close()` (or `await using`) closes it. Nothing else needs
 *   closing: both `Agent`s unreference idle sockets, so a script that forgets `close()` still
 *   exits.
 * - Redirects are not followed: a 3xx comes back as it is, so credentials never follow a
 *   redirect to another origin. Bodies are read within the client's `maxResponseBytes`.
 * - `fetch: globalThis.fetch` (or any other `fetch`) in a client's options replaces the pool.
 * - Nothing changes in the process: no global agent or dispatcher is touched. undici's `Agent`
 *   class is imported from its own module, not from undici's entry point, whose loading installs
 *   an undici 7 `Agent` as the process's global dispatcher (the one `globalThis.fetch` then sends
 *   through) when Node's own fetch has not set one yet (its `lib/global.js`). The class from its
 *   own module has `dispatch()` and `close()`; the `request()` helpers are added to it by the
 *   entry point only, and the pool does not use them.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Agent as UndiciAgentType } from 'undici';
import { collectAnswer, type CollectedAnswer, type UndiciDispatcher } from './collect.js';
import { fetchThrough, type Exchange, type FetchLike } from './dispatcher-fetch.js';
import { nodeExchange, type NodeAgents } from './node-http.js';

/** A client's transport: the `fetch` its requests go through, and how to release it. */
export interface ClientTransport {
  readonly fetch: FetchLike;
  /** Release the connections; idempotent. Calls made afterwards reject. */
  close(): Promise<void>;
}

/**
 * Keep-alive time of an idle pooled connection. Shorter than the 5 s idle timeout common on
 * servers and load balancers, so the pool drops a connection before the server does instead of
 * sending on one the server is closing. (A server's `Keep-Alive: timeout=N` shortens it further
 * on the `node:http` stage: Node's `Agent` keeps such a socket N − 1 s.)
 * @default 4000
 */
export const POOL_KEEP_ALIVE_MS = 4_000;

/**
 * Requests a client's own pool sends through `node:http` before it moves to undici (see the
 * pool's description in the README): a script that makes up to this many exits as soon as its
 * last call is done.
 * @default 1000
 */
export const POOL_NODE_HTTP_REQUESTS = 1_000;

/** undici's `Agent`, as its own module exports it (see the module comment). */
type UndiciAgent = UndiciDispatcher & { close(): Promise<void> };

/** Load undici's `Agent` class without undici's entry point. */
async function loadUndiciAgent(): Promise<new (options: UndiciAgentType.Options) => UndiciAgent> {
  // @ts-expect-error -- undici ships declarations for its entry point only; the class is typed from them.
  const module = (await import('undici/lib/dispatcher/agent.js')) as { default: new (options: UndiciAgentType.Options) => UndiciAgent };
  return module.default;
}

/** A call made after `close()`: rejected before anything is sent. */
function closedError(): Error {
  return Object.assign(new Error('the client was closed'), { code: 'ERR_CLIENT_CLOSED' });
}

/**
 * The transport a client uses: the caller's `fetch` when given (the caller owns it; closing the
 * client leaves it alone), else a new keep-alive pool the client owns.
 */
export function clientTransport(fetch: FetchLike | undefined): ClientTransport {
  return fetch === undefined ? ownPool(POOL_NODE_HTTP_REQUESTS) : { fetch, close: async () => {} };
}

/**
 * A client's own pool (see the module comment), moving to undici after `nodeHttpRequests`
 * requests. Internal: the clients always use {@link POOL_NODE_HTTP_REQUESTS}.
 */
export function ownPool(nodeHttpRequests: number): ClientTransport {
  // `timeout` is how long a free socket stays in the pool (Node's Agent destroys it then); a
  // socket in use is not timed here, the client's own per-attempt limit covers it.
  const options = { keepAlive: true, timeout: POOL_KEEP_ALIVE_MS, scheduling: 'lifo' as const };
  const agents: NodeAgents = { http: new HttpAgent(options), https: new HttpsAgent(options) };
  let undici: UndiciAgent | undefined;
  let loading: Promise<void> | undefined;
  let sent = 0;
  const inFlight = new Set<Promise<CollectedAnswer>>();
  let closing: Promise<void> | undefined;

  const exchange: Exchange = (request, limit) => {
    if (closing !== undefined) return Promise.reject(closedError());
    // undici's own close() waits for the requests it has: nothing to track here.
    if (undici !== undefined) return collectAnswer(undici, request, limit);
    // Requests go on through node:http while undici loads; if it cannot load (a bundle that
    // left it out), they stay there.
    if (++sent > nodeHttpRequests && loading === undefined) {
      loading = loadUndiciAgent().then(
        (Agent) => {
          if (closing === undefined) undici = new Agent({ keepAliveTimeout: POOL_KEEP_ALIVE_MS });
        },
        () => undefined,
      );
    }
    const answer = nodeExchange(agents, request, limit);
    inFlight.add(answer);
    const done = (): void => void inFlight.delete(answer);
    answer.then(done, done);
    return answer;
  };

  return {
    fetch: fetchThrough(exchange),
    // Calls in flight finish first (their sockets are then free), then every socket closes;
    // undici's close() does the same for the requests sent through it.
    close: () =>
      (closing ??= (async () => {
        await Promise.allSettled([...inFlight]);
        await loading;
        agents.http.destroy();
        agents.https.destroy();
        await undici?.close();
      })()),
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

/**
 * A cache for access tokens obtained from a token endpoint (OAuth client credentials, JWT
 * profile...). Concurrent callers share one in-flight request ("single flight"), and a token is
 * renewed `skewMs` before it expires so a request never leaves with a token about to lapse.
 *
 * Each caller may pass its own abort signal. A caller that aborts stops waiting at once; the
 * shared request goes on while anyone else still waits for it, and is aborted when the last
 * waiter leaves, so a cancelled job does not leave a token request (and its retries) running.
 */
import { untilAborted } from './abortable.js';

/** A token as returned by a token endpoint. */
export interface TokenGrant {
  /** The access token. */
  token: string;
  /** Lifetime in seconds from now (OAuth `expires_in`). Without it the token is kept until invalidated. */
  expiresInSeconds?: number | undefined;
}

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /**
   * Obtain a fresh token. Called at most once at a time. `signal` aborts when every caller
   * waiting for this token has given up; pass it to the token request.
   */
  fetchToken: (signal: AbortSignal) => Promise<TokenGrant>;
  /**
   * Renew this long before the reported expiry.
   * @default 30000
   */
  skewMs?: number | undefined;
  /**
   * Clock, for tests.
   * @default Date.now
   */
  now?: (() => number) | undefined;
}

/** A token cache; see {@link createTokenCache}. */
export interface TokenCache {
  /**
   * The cached token, or a fresh one when there is none or it is about to expire. When `signal`
   * aborts, this call rejects with its reason at once (the shared request is aborted only when
   * no other caller still waits for it).
   */
  get(signal?: AbortSignal): Promise<string>;
  /**
   * Drop the cached token so the next `get()` fetches a new one. Pass the token a request was
   * rejected with: if the cache has already moved on to a newer token, nothing is dropped (so a
   * burst of 401s triggers one refresh, not one per request).
   */
  invalidate(token?: string): void;
}

/** One shared token request: its result, how many callers wait for it, and the switch that stops it. */
interface Flight {
  promise: Promise<string>;
  waiters: number;
  controller: AbortController;
}

/** Create a {@link TokenCache}. A failed fetch is not cached: the next `get()` tries again. */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const skewMs = options.skewMs ?? 30_000;
  const now = options.now ?? Date.now;
  let current: { token: string; expiresAt: number } | undefined;
  let inFlight: Flight | undefined;

  function refresh(): Flight {
    if (inFlight) return inFlight;
    const controller = new AbortController();
    const flight = { waiters: 0, controller } as Flight;
    inFlight = flight;
    // The request starts a microtask later, once `promise` is set: a `get()` made while it
    // starts (its own middleware runs synchronously) waits for this token instead of reading
    // a promise that is not there yet.
    flight.promise = Promise.resolve().then(async () => {
      try {
        const grant = await options.fetchToken(controller.signal);
        const lifetimeMs = grant.expiresInSeconds === undefined ? Infinity : grant.expiresInSeconds * 1000;
        // A lifetime shorter than the skew still gets used once instead of refetching forever.
        if (!controller.signal.aborted) current = { token: grant.token, expiresAt: now() + Math.max(lifetimeMs - skewMs, Math.min(lifetimeMs, 1000)) };
        return grant.token;
      } finally {
        if (inFlight === flight) inFlight = undefined;
      }
    });
    // Every waiter has its own handler; this one keeps an abandoned request's failure from
    // surfacing as an unhandled rejection.
    flight.promise.catch(() => undefined);
    return flight;
  }

  return {
    get(signal) {
      if (current && now() < current.expiresAt) return Promise.resolve(current.token);
      if (signal?.aborted) return Promise.reject(signal.reason);
      const flight = refresh();
      flight.waiters++;
      if (!signal) return flight.promise;
      return untilAborted(flight.promise, signal, () => {
        // The last waiter left: stop the request, and let the next caller start a new one.
        if (--flight.waiters === 0) {
          if (inFlight === flight) inFlight = undefined;
          flight.controller.abort(signal.reason);
        }
      });
    },
    invalidate(token) {
      if (token === undefined || current?.token === token) current = undefined;
    },
  };
}

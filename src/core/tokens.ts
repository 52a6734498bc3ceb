/**
 * A cache for access tokens obtained from a token endpoint (OAuth client credentials, JWT
 * profile...). Concurrent callers share one in-flight request ("single flight"), and a token is
 * renewed `skewMs` before it expires so a request never leaves with a token about to lapse.
 */

/** A token as returned by a token endpoint. */
export interface TokenGrant {
  /** The access token. */
  token: string;
  /** Lifetime in seconds from now (OAuth `expires_in`). Without it the token is kept until invalidated. */
  expiresInSeconds?: number | undefined;
}

/** Options of {@link createTokenCache}. */
export interface TokenCacheOptions {
  /** Obtain a fresh token. Called at most once at a time. */
  fetchToken: () => Promise<TokenGrant>;
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
  /** The cached token, or a fresh one when there is none or it is about to expire. */
  get(): Promise<string>;
  /**
   * Drop the cached token so the next `get()` fetches a new one. Pass the token a request was
   * rejected with: if the cache has already moved on to a newer token, nothing is dropped (so a
   * burst of 401s triggers one refresh, not one per request).
   */
  invalidate(token?: string): void;
}

/** Create a {@link TokenCache}. A failed fetch is not cached: the next `get()` tries again. */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const skewMs = options.skewMs ?? 30_000;
  const now = options.now ?? Date.now;
  let current: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  function refresh(): Promise<string> {
    inFlight ??= (async () => {
      try {
        const grant = await options.fetchToken();
        const lifetimeMs = grant.expiresInSeconds === undefined ? Infinity : grant.expiresInSeconds * 1000;
        // A lifetime shorter than the skew still gets used once instead of refetching forever.
        current = { token: grant.token, expiresAt: now() + Math.max(lifetimeMs - skewMs, Math.min(lifetimeMs, 1000)) };
        return grant.token;
      } finally {
        inFlight = undefined;
      }
    })();
    return inFlight;
  }

  return {
    get() {
      if (current && now() < current.expiresAt) return Promise.resolve(current.token);
      return refresh();
    },
    invalidate(token) {
      if (token === undefined || current?.token === token) current = undefined;
    },
  };
}

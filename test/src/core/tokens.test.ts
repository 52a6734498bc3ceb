import { describe, expect, it } from 'vitest';
import { createTokenCache } from '../../../src/core/index.js';

describe('createTokenCache', () => {
  it('shares one request among 50 concurrent callers', async () => {
    let fetches = 0;
    const cache = createTokenCache({
      fetchToken: async () => {
        fetches++;
        await new Promise((r) => setTimeout(r, 20));
        return { token: `t${fetches}`, expiresInSeconds: 3600 };
      },
    });
    const tokens = await Promise.all(Array.from({ length: 50 }, () => cache.get()));
    expect(new Set(tokens)).toEqual(new Set(['t1']));
    expect(fetches).toBe(1);
    expect(await cache.get()).toBe('t1');
    expect(fetches).toBe(1);
  });

  it('renews skewMs before expiry', async () => {
    let clock = 0;
    let fetches = 0;
    const cache = createTokenCache({ skewMs: 10_000, now: () => clock, fetchToken: async () => ({ token: `t${++fetches}`, expiresInSeconds: 60 }) });
    expect(await cache.get()).toBe('t1');
    clock = 49_999;
    expect(await cache.get()).toBe('t1');
    clock = 50_000;
    expect(await cache.get()).toBe('t2');
  });

  it('invalidates only the token that was rejected', async () => {
    let fetches = 0;
    const cache = createTokenCache({ fetchToken: async () => ({ token: `t${++fetches}` }) });
    expect(await cache.get()).toBe('t1');
    cache.invalidate('t1');
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t1'); // stale 401: the cache has moved on
    expect(await cache.get()).toBe('t2');
    cache.invalidate();
    expect(await cache.get()).toBe('t3');
  });

  it('a get() made synchronously while the request starts waits for that token, never an empty one', async () => {
    let inner: Promise<string> | undefined;
    let fetches = 0;
    const cache = createTokenCache({
      fetchToken: async () => {
        // What a middleware on the token request itself does: it runs before the first await.
        inner ??= cache.get();
        return { token: `t${++fetches}` };
      },
    });
    expect(await cache.get()).toBe('t1');
    await expect(inner).resolves.toBe('t1');
    expect(fetches).toBe(1);
  });

  it('does not cache a failure', async () => {
    let fetches = 0;
    const cache = createTokenCache({
      fetchToken: async () => {
        if (++fetches === 1) throw new Error('down');
        return { token: 'ok' };
      },
    });
    await expect(Promise.all([cache.get(), cache.get()])).rejects.toThrow('down');
    expect(fetches).toBe(1);
    expect(await cache.get()).toBe('ok');
  });
});

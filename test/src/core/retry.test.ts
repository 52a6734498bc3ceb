import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryableStatus, parseRetryAfter, resolveRetryOptions, retryDelay, sleep } from '../../../src/core/index.js';

describe('retry policy', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Wed, 01 Jan 2025 00:00:05 GMT', 5000],
    ['Tue, 31 Dec 2024 23:59:00 GMT', 0],
    ['soon', undefined],
    ['-1', undefined],
    ['1.5', undefined],
    [null, undefined],
  ])('parseRetryAfter(%j) = %j', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('retries 429 always, 502-504 only when idempotent', () => {
    expect([429, 502, 503, 504, 500, 409].map((s) => isRetryableStatus(s, false))).toEqual([true, false, false, false, false, false]);
    expect([429, 502, 503, 504, 500, 409].map((s) => isRetryableStatus(s, true))).toEqual([true, true, true, true, false, false]);
  });

  it('backs off exponentially with jitter, capped; Retry-After wins but is clamped', () => {
    const o = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 2000 });
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, o, undefined, () => 0))).toEqual([50, 100, 200, 400, 500]);
    expect([1, 2, 3, 4, 5].map((n) => retryDelay(n, o, undefined, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(retryDelay(1, o, 1500)).toBe(1500);
    expect(retryDelay(1, o, 60_000)).toBe(2000);
  });

  it('resolves options', () => {
    expect(resolveRetryOptions(undefined)).toEqual(DEFAULT_RETRY);
    expect(resolveRetryOptions(false).attempts).toBe(1);
    expect(resolveRetryOptions({ attempts: 0 }).attempts).toBe(1);
    expect(resolveRetryOptions({ attempts: undefined }).attempts).toBe(3);
  });

  it('sleep rejects with the abort reason', async () => {
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort(new Error('stopped'));
    await expect(p).rejects.toThrow('stopped');
  });
});

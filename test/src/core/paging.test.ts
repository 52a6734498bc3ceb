import { describe, expect, it } from 'vitest';
import { isProviderError, offsetPages, tokenPages } from '../../../src/core/index.js';

describe('tokenPages', () => {
  it('follows cursors lazily until the last page', async () => {
    const pages: Record<string, { items: number[]; next?: string }> = { '': { items: [1, 2], next: 'b' }, b: { items: [3], next: 'c' }, c: { items: [4] } };
    const asked: (string | undefined)[] = [];
    const it = tokenPages({
      provider: 'p',
      fetchPage: async (token) => {
        asked.push(token);
        return pages[token ?? '']!;
      },
      items: (p) => p.items,
      nextToken: (p) => p.next,
    });
    const seen: number[] = [];
    for await (const n of it) {
      seen.push(n);
      if (n === 3) break;
    }
    expect(seen).toEqual([1, 2, 3]);
    expect(asked).toEqual([undefined, 'b']);
  });

  it('stops with an error when a cursor repeats', async () => {
    const it = tokenPages({ provider: 'p', fetchPage: async () => ({ items: [1], next: 'same' }), items: (p) => p.items, nextToken: (p) => p.next });
    const err = await (async () => {
      for await (const _ of it) void _;
    })().catch((e: unknown) => e);
    expect(isProviderError(err)).toBe(true);
  });
});

describe('offsetPages', () => {
  it('stops at a short page', async () => {
    const data = Array.from({ length: 7 }, (_, i) => i);
    const calls: [number, number][] = [];
    const out: number[] = [];
    for await (const n of offsetPages({
      limit: 3,
      fetchPage: async (offset, limit) => {
        calls.push([offset, limit]);
        return data.slice(offset, offset + limit);
      },
      items: (p) => p,
    }))
      out.push(n);
    expect(out).toEqual(data);
    expect(calls).toEqual([[0, 3], [3, 3], [6, 3]]);
  });

  it('stops once the reported total is reached', async () => {
    const calls: number[] = [];
    const out: number[] = [];
    for await (const n of offsetPages({
      limit: 2,
      fetchPage: async (offset) => {
        calls.push(offset);
        return { result: [offset, offset + 1], total: 4 };
      },
      items: (p) => p.result,
      total: (p) => p.total,
    }))
      out.push(n);
    expect(out).toEqual([0, 1, 2, 3]);
    expect(calls).toEqual([0, 2]);
  });
});

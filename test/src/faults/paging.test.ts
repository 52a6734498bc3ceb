/**
 * Paging loses nothing and never loops: against servers that cap the page size below what was
 * asked (ZITADEL `details.totalResult`, SailPoint `X-Total-Count` with `count=true`, Dfns
 * cursors), every list returns every item exactly once with at most one request more than the
 * pages needed; against a server that ignores `offset` it stops with a typed error; and every
 * list has a page and item safety limit.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDfnsClient,
  createSailPointClient,
  createZitadelClient,
  DEFAULT_MAX_ITEMS,
  DEFAULT_MAX_PAGES,
  isProviderPagingError,
  offsetPages,
  ProviderError,
  ProviderPagingError,
  tokenPages,
} from '../../../src/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { collect, rejection } from './harness.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const CAP = 2;
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const maxRequests = (n: number) => Math.ceil(n / CAP) + 1;

interface Behaviour {
  /** Report the total (when the protocol has one). */
  total: boolean;
  /** Ignore the offset and always answer the first page. */
  ignoreOffset?: boolean;
}

/** ZITADEL: POST search with `{ query: { offset, limit } }`, answers `{ details: { totalResult }, result }`. */
async function startZitadel(n: number, key: 'userId' | 'id', b: Behaviour) {
  const all = ids(n, key === 'userId' ? 'u' : 'g');
  server = await startLoopbackServer((req, res) => {
    const { query } = JSON.parse(req.body) as { query: { offset: string; limit: number } };
    const offset = b.ignoreOffset ? 0 : Number(query.offset);
    const page = all.slice(offset, offset + Math.min(CAP, query.limit)).map((id) => ({ [key]: id }));
    sendJson(res, 200, { details: b.total ? { totalResult: String(n) } : {}, result: page });
  });
  return createZitadelClient({ baseUrl: server.baseUrl, token: 'pat-1', retry: false });
}

/** SailPoint: GET `?offset&limit&count`, answers an array; `X-Total-Count` only when `count=true`. */
async function startSailPoint(n: number, b: Behaviour) {
  const all = ids(n, 'acc');
  server = await startLoopbackServer((req, res) => {
    if (req.url === '/oauth/token') return sendJson(res, 200, { access_token: 'tok', expires_in: 3600 });
    const q = new URL(req.url, 'http://x').searchParams;
    const offset = b.ignoreOffset ? 0 : Number(q.get('offset') ?? 0);
    const page = all.slice(offset, offset + Math.min(CAP, Number(q.get('limit') ?? 250))).map((id) => ({ id }));
    sendJson(res, 200, page, b.total && q.get('count') === 'true' ? { 'X-Total-Count': String(n) } : {});
  });
  const s = server;
  return { client: createSailPointClient({ baseUrl: s.baseUrl, clientId: 'cid', clientSecret: 'secret-1', retry: false }), api: () => s.requests.filter((r) => r.url !== '/oauth/token') };
}

describe('lists against a server capping pages at 2', () => {
  describe.each([
    ['with a reported total', { total: true }],
    ['without a total', { total: false }],
  ] as const)('%s', (_what, b) => {
    it.each([5, 6, 1, 0])('zitadel users.list returns all %i users exactly once', async (n) => {
      const client = await startZitadel(n, 'userId', b);
      const users = await collect(client.users.list());
      expect(users.map((u) => u.userId)).toEqual(ids(n, 'u'));
      expect(server!.requests.length).toBeLessThanOrEqual(maxRequests(n));
    });

    it.each([5, 4])('zitadel userGrants.list returns all %i grants exactly once', async (n) => {
      const client = await startZitadel(n, 'id', b);
      const grants = await collect(client.userGrants.list({ limit: 50 }));
      expect(grants.map((g) => g.id)).toEqual(ids(n, 'g'));
      expect(server!.requests.length).toBeLessThanOrEqual(maxRequests(n));
    });

    it.each([5, 6])('sailpoint accounts.list returns all %i accounts exactly once', async (n) => {
      const { client, api } = await startSailPoint(n, b);
      const accounts = await collect(client.accounts.list());
      expect(accounts.map((a) => a.id)).toEqual(ids(n, 'acc'));
      expect(api().length).toBeLessThanOrEqual(maxRequests(n));
      if (b.total) expect(new URL(api()[0]!.url, 'http://x').searchParams.get('count')).toBe('true');
    });
  });

  it('zitadel with a total needs no extra request', async () => {
    const client = await startZitadel(5, 'userId', { total: true });
    await collect(client.users.list());
    expect(server!.requests.map((r) => (JSON.parse(r.body) as { query: { offset: string } }).query.offset)).toEqual(['0', '2', '4']);
  });

  it('dfns users.list follows the cursor across capped pages, every user once', async () => {
    const all = ids(5, 'us-');
    server = await startLoopbackServer((req, res) => {
      const token = new URL(req.url, 'http://x').searchParams.get('paginationToken');
      const start = token ? Number(token.slice(1)) : 0;
      const next = start + CAP < all.length ? `p${start + CAP}` : undefined;
      sendJson(res, 200, { items: all.slice(start, start + CAP).map((userId) => ({ userId })), ...(next ? { nextPageToken: next } : {}) });
    });
    const dfns = createDfnsClient({ baseUrl: server.baseUrl, token: 'tok', retry: false });
    const users = await collect(dfns.users.list());
    expect(users.map((u) => u.userId)).toEqual(all);
    expect(server.requests).toHaveLength(3);
  });
});

describe('lists against a server that ignores the offset', () => {
  function expectPagingError(err: unknown): void {
    expect(err).toBeInstanceOf(ProviderPagingError);
    expect(err).toBeInstanceOf(ProviderError);
    expect(isProviderPagingError(err)).toBe(true);
  }

  it.each([true, false])('zitadel users.list stops with a typed error (total reported: %s)', async (total) => {
    const client = await startZitadel(5, 'userId', { total, ignoreOffset: true });
    const seen: string[] = [];
    const err = await rejection((async () => {
      for await (const u of client.users.list()) seen.push(u.userId!);
    })());
    expectPagingError(err);
    expect(err).toMatchObject({ provider: 'zitadel', operationId: 'listUsers' });
    expect(seen).toEqual(['u0', 'u1']);
    expect(server!.requests.length).toBeLessThanOrEqual(3);
  });

  it('zitadel userGrants.list stops with a typed error', async () => {
    const client = await startZitadel(5, 'id', { total: true, ignoreOffset: true });
    expectPagingError(await rejection(collect(client.userGrants.list())));
    expect(server!.requests.length).toBeLessThanOrEqual(3);
  });

  it.each([true, false])('sailpoint accounts.list stops with a typed error (total reported: %s)', async (total) => {
    const { client, api } = await startSailPoint(5, { total, ignoreOffset: true });
    expectPagingError(await rejection(collect(client.accounts.list())));
    expect(api().length).toBeLessThanOrEqual(3);
  });

  it('dfns users.list stops with a typed error when new cursors keep returning the same users', async () => {
    let n = 0;
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, { items: [{ userId: 'us-0' }, { userId: 'us-1' }], nextPageToken: `p${++n}` }));
    const dfns = createDfnsClient({ baseUrl: server.baseUrl, token: 'tok', retry: false });
    expectPagingError(await rejection(collect(dfns.users.list())));
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('a page that is empty while the reported total says more remain stops with a typed error', async () => {
    server = await startLoopbackServer((req, res) => {
      const { query } = JSON.parse(req.body) as { query: { offset: string } };
      sendJson(res, 200, { details: { totalResult: '10' }, result: query.offset === '0' ? [{ userId: 'u0' }, { userId: 'u1' }] : [] });
    });
    const client = createZitadelClient({ baseUrl: server.baseUrl, token: 'pat-1', retry: false });
    expectPagingError(await rejection(collect(client.users.list())));
    expect(server.requests).toHaveLength(2);
  });
});

describe('paging safety limits', () => {
  /** An endless list of distinct items. */
  const endless = { fetchPage: async (offset: number, limit: number) => Array.from({ length: limit }, (_, i) => offset + i), items: (p: number[]) => p };

  it('offsetPages stops with a typed error past maxPages', async () => {
    let requests = 0;
    const err = await rejection(collect(offsetPages({ ...endless, limit: 10, maxPages: 3, fetchPage: (o, l) => (requests++, endless.fetchPage(o, l)) })));
    expect(err).toBeInstanceOf(ProviderPagingError);
    expect((err as Error).message).toContain('maxPages');
    expect(requests).toBe(3);
  });

  it('offsetPages stops with a typed error past maxItems', async () => {
    const seen: number[] = [];
    const err = await rejection((async () => {
      for await (const n of offsetPages({ ...endless, limit: 10, maxItems: 25 })) seen.push(n);
    })());
    expect(err).toBeInstanceOf(ProviderPagingError);
    expect((err as Error).message).toContain('maxItems');
    expect(seen).toHaveLength(25);
  });

  it('tokenPages stops with a typed error past maxPages and maxItems', async () => {
    const pages = (maxPages?: number, maxItems?: number) =>
      tokenPages({
        provider: 'p',
        fetchPage: async (token) => {
          const at = Number(token ?? 0);
          return { items: [at, at + 1], next: String(at + 2) };
        },
        items: (p) => p.items,
        nextToken: (p) => p.next,
        maxPages,
        maxItems,
      });
    expect(await rejection(collect(pages(4)))).toBeInstanceOf(ProviderPagingError);
    const err = await rejection(collect(pages(undefined, 7)));
    expect(err).toBeInstanceOf(ProviderPagingError);
    expect((err as Error).message).toContain('maxItems');
  });

  it('limits that are not positive integers are refused', () => {
    for (const bad of [0, -1, 1.5, NaN, Infinity]) {
      expect(() => offsetPages({ ...endless, maxPages: bad })).toThrow(/maxPages/);
      expect(() => offsetPages({ ...endless, maxItems: bad })).toThrow(/maxItems/);
    }
  });

  it('the defaults are documented finite numbers', () => {
    expect(Number.isInteger(DEFAULT_MAX_PAGES) && DEFAULT_MAX_PAGES > 0).toBe(true);
    expect(Number.isInteger(DEFAULT_MAX_ITEMS) && DEFAULT_MAX_ITEMS >= DEFAULT_MAX_PAGES).toBe(true);
  });
});

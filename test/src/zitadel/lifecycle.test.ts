/**
 * ZITADEL users and user grants against a real loopback server: paging, the already-in-state
 * answer, the org header, error mapping, retries and path encoding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createZitadelClient, type ZitadelClient } from '../../../src/zitadel/index.js';
import { isProviderApiError, isProviderConfigError } from '../../../src/core/errors/index.js';
import { sendJson, startLoopbackServer, type Handler, type LoopbackServer } from '../../helpers/loopback-server.js';

const TOKEN = 'pat-lifecycle-Pp3n7Q';
const DETAILS = { details: { sequence: '7', changeDate: '2025-04-03T16:22:47.530Z', resourceOwner: '289639998226383881' } };
const FAILED_PRECONDITION = (message: string) => ({ code: 9, message, details: [{ '@type': 'type.googleapis.com/zitadel.v1.ErrorDetail', id: 'COMMAND-x1' }] });

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(handler: Handler, options: { orgId?: string; retry?: false } = {}): Promise<{ zitadel: ZitadelClient; server: LoopbackServer }> {
  server = await startLoopbackServer(handler);
  return { server, zitadel: createZitadelClient({ baseUrl: server.baseUrl, token: TOKEN, ...options }) };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('zitadel users.list', () => {
  it('pages by offset (a string in the body) across three pages', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ userId: `u${i}`, state: 'USER_STATE_ACTIVE' }));
    const { zitadel, server: s } = await setup((req, res) => {
      const body = JSON.parse(req.body) as { query: { offset: string; limit: number } };
      const offset = Number(body.query.offset);
      sendJson(res, 200, { details: { totalResult: '5' }, result: all.slice(offset, offset + body.query.limit) });
    });
    const users = await collect(
      zitadel.users.list({ limit: 2, asc: true, sortingColumn: 'USER_FIELD_NAME_USER_NAME', queries: [{ stateQuery: { state: 'USER_STATE_ACTIVE' } }] }),
    );
    expect(users.map((u) => u.userId)).toEqual(['u0', 'u1', 'u2', 'u3', 'u4']);
    expect(s.requests).toHaveLength(3);
    const bodies = s.requests.map((r) => JSON.parse(r.body) as Record<string, unknown>);
    expect(bodies.map((b) => b.query)).toEqual([
      { offset: '0', limit: 2, asc: true },
      { offset: '2', limit: 2, asc: true },
      { offset: '4', limit: 2, asc: true },
    ]);
    expect(bodies[0]).toMatchObject({ sortingColumn: 'USER_FIELD_NAME_USER_NAME', queries: [{ stateQuery: { state: 'USER_STATE_ACTIVE' } }] });
    expect(s.requests.every((r) => r.method === 'POST' && r.url === '/v2/users')).toBe(true);
    expect(s.requests[0]?.headers['x-zitadel-orgid']).toBeUndefined(); // v2 scopes by query, not by header
  });

  it('stops at the reported total even when the last page is full', async () => {
    const { zitadel, server: s } = await setup((req, res) => {
      const { query } = JSON.parse(req.body) as { query: { offset: string } };
      sendJson(res, 200, { details: { totalResult: '4' }, result: [{ userId: `a${query.offset}` }, { userId: `b${query.offset}` }] });
    });
    expect(await collect(zitadel.users.list({ limit: 2 }))).toHaveLength(4);
    expect(s.requests).toHaveLength(2);
  });

  it('fetches lazily: breaking out after the first item sends one request', async () => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 200, { details: { totalResult: '1000' }, result: [{ userId: 'x' }, { userId: 'y' }] }));
    for await (const user of zitadel.users.list({ limit: 2 })) {
      expect(user.userId).toBe('x');
      break;
    }
    expect(s.requests).toHaveLength(1);
  });

  it('refuses a page size that is not a positive integer', async () => {
    const { zitadel } = await setup((_req, res) => sendJson(res, 200, {}));
    expect(() => zitadel.users.list({ limit: 0 })).toThrow(/limit/);
  });
});

describe('zitadel userGrants.list', () => {
  it('pages across three pages with the org header and stops at a short page', async () => {
    const { zitadel, server: s } = await setup((req, res) => {
      const { query } = JSON.parse(req.body) as { query: { offset: string } };
      const offset = Number(query.offset);
      const page = offset < 6 ? [{ id: `g${offset}` }, { id: `g${offset + 1}` }, { id: `g${offset + 2}` }] : [{ id: 'g6' }];
      sendJson(res, 200, { details: {}, result: page });
    }, { orgId: '111' });
    const grants = await collect(zitadel.userGrants.list({ limit: 3, queries: [{ userIdQuery: { userId: 'u1' } }] }));
    expect(grants.map((g) => g.id)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6']);
    expect(s.requests.map((r) => (JSON.parse(r.body) as { query: { offset: string } }).query.offset)).toEqual(['0', '3', '6']);
    expect(s.requests.every((r) => r.url === '/management/v1/users/grants/_search' && r.headers['x-zitadel-orgid'] === '111')).toBe(true);
    await collect(zitadel.userGrants.list({ orgId: '222' }));
    expect(s.requests.at(-1)?.headers['x-zitadel-orgid']).toBe('222');
  });
});

describe('zitadel state changes', () => {
  const userChanges = ['deactivate', 'reactivate', 'lock', 'unlock'] as const;

  it.each(userChanges)('users.%s posts {} and resolves changed: true with the details', async (method) => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 200, DETAILS));
    await expect(zitadel.users[method]('289640331823398921')).resolves.toEqual({ changed: true, ...DETAILS });
    expect(s.requests[0]).toMatchObject({ method: 'POST', url: `/v2/users/289640331823398921/${method}`, body: '{}' });
    expect(s.requests[0]?.headers['content-type']).toBe('application/json');
    expect(s.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it.each(userChanges)('users.%s resolves changed: false on gRPC code 9 (already in that state)', async (method) => {
    const { zitadel } = await setup((_req, res) => sendJson(res, 400, FAILED_PRECONDITION('User is already in that state (COMMAND-5M0sd)')));
    await expect(zitadel.users[method]('u1')).resolves.toEqual({ changed: false });
  });

  it.each(['deactivate', 'reactivate'] as const)('userGrants.%s resolves changed: false on gRPC code 9 and sends the org header', async (method) => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 400, FAILED_PRECONDITION('grant already in that state')), { orgId: '111' });
    await expect(zitadel.userGrants[method]({ userId: 'u1', grantId: 'g1', orgId: '999' })).resolves.toEqual({ changed: false });
    expect(s.requests[0]).toMatchObject({ method: 'POST', url: `/management/v1/users/u1/grants/g1/_${method}`, body: '{}' });
    expect(s.requests[0]?.headers['x-zitadel-orgid']).toBe('999');
  });

  it('userGrants.deactivate resolves changed: true and uses the client org by default', async () => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 200, DETAILS), { orgId: '111' });
    await expect(zitadel.userGrants.deactivate({ userId: 'u1', grantId: 'g1' })).resolves.toEqual({ changed: true, ...DETAILS });
    expect(s.requests[0]?.headers['x-zitadel-orgid']).toBe('111');
  });

  it('other errors still reject, with the gRPC code as code', async () => {
    const { zitadel } = await setup((_req, res) => sendJson(res, 404, { code: 5, message: 'User could not be found (QUERY-Dfbg2)', details: [] }), { retry: false });
    const err = await zitadel.users.deactivate('missing').catch((e: unknown) => e);
    expect(isProviderApiError(err)).toBe(true);
    expect(err).toMatchObject({ status: 404, code: 5, provider: 'zitadel', operationId: 'deactivateUser', method: 'POST' });
    expect((err as Error).message).toContain('User could not be found');
    expect((err as Error).message).toContain('/v2/users/missing/deactivate');
  });

  it('delete and remove are not state changes: code 9 rejects', async () => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 400, FAILED_PRECONDITION('nope')), { retry: false });
    await expect(zitadel.users.delete('u1')).rejects.toMatchObject({ code: 9 });
    await expect(zitadel.userGrants.delete({ userId: 'u1', grantId: 'g1' })).rejects.toMatchObject({ code: 9 });
    expect(s.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual(['DELETE /v2/users/u1 ', 'DELETE /management/v1/users/u1/grants/g1 ']);
  });

  it('get methods resolve the typed answer', async () => {
    const grant = { userGrant: { id: 'g1', state: 'USER_GRANT_STATE_ACTIVE', roleKeys: ['reader'] } };
    const { zitadel, server: s } = await setup((req, res) => sendJson(res, 200, req.url.includes('/grants/') ? grant : { user: { userId: 'u1' } }));
    await expect(zitadel.users.get('u1')).resolves.toEqual({ userId: 'u1' });
    await expect(zitadel.userGrants.get({ userId: 'u1', grantId: 'g1', orgId: '5' })).resolves.toEqual(grant.userGrant);
    expect(s.requests[1]).toMatchObject({ method: 'GET', url: '/management/v1/users/u1/grants/g1' });
    expect(s.requests[1]?.headers['x-zitadel-orgid']).toBe('5');
  });
});

describe('zitadel retries and safety', () => {
  it('honours Retry-After on 429', async () => {
    let calls = 0;
    const { zitadel } = await setup((_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 429, { code: 8, message: 'too many requests' }, { 'retry-after': '1' });
      return sendJson(res, 200, DETAILS);
    });
    const started = Date.now();
    await expect(zitadel.users.lock('u1')).resolves.toEqual({ changed: true, ...DETAILS });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toBe(2);
  });

  it('retries 503 for operations the spec marks idempotent', async () => {
    let calls = 0;
    const { zitadel } = await setup((_req, res) => (++calls < 3 ? sendJson(res, 503, { code: 14, message: 'unavailable' }) : sendJson(res, 200, DETAILS)));
    await expect(zitadel.users.deactivate('u1')).resolves.toEqual({ changed: true, ...DETAILS });
    expect(calls).toBe(3);
  });

  it('reports Retry-After on the error when retries are off', async () => {
    const { zitadel } = await setup((_req, res) => sendJson(res, 429, { code: 8, message: 'slow down' }, { 'retry-after': '7' }), { retry: false });
    await expect(zitadel.users.get('u1')).rejects.toMatchObject({ status: 429, code: 8, retryAfterMs: 7000 });
  });

  it('percent-encodes path parameters so they cannot change the path', async () => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 200, DETAILS));
    for (const id of ['../x', 'a/b', '?', '#', '%2F', '../../management/v1/users/grants/_search']) await zitadel.users.deactivate(id);
    await zitadel.userGrants.delete({ userId: '../..', grantId: 'a/b?c#d' });
    expect(s.requests.map((r) => r.url)).toEqual([
      '/v2/users/..%2Fx/deactivate',
      '/v2/users/a%2Fb/deactivate',
      '/v2/users/%3F/deactivate',
      '/v2/users/%23/deactivate',
      '/v2/users/%252F/deactivate',
      '/v2/users/..%2F..%2Fmanagement%2Fv1%2Fusers%2Fgrants%2F_search/deactivate',
      '/management/v1/users/..%2F../grants/a%2Fb%3Fc%23d',
    ]);
  });

  it('refuses dot segments and empty ids before sending', async () => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 200, DETAILS));
    for (const id of ['..', '.', '']) {
      const err = await zitadel.users.deactivate(id).catch((e: unknown) => e);
      expect(isProviderConfigError(err)).toBe(true);
    }
    expect(s.requests).toHaveLength(0);
  });

  it('refuses an orgId with CR/LF per call', async () => {
    const { zitadel, server: s } = await setup((_req, res) => sendJson(res, 200, DETAILS));
    const err = await zitadel.userGrants.get({ userId: 'u', grantId: 'g', orgId: '1\r\nx-evil: yes' }).catch((e: unknown) => e);
    expect(isProviderConfigError(err)).toBe(true);
    expect(s.requests).toHaveLength(0);
  });
});

/**
 * The one client API at run time, against a real loopback server: per-call `timeoutMs` and
 * `retry` override the client's, reads reject with ProviderNotFoundError when the object is
 * absent, and SailPoint takes a bearer `token` as the other providers do.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isProviderApiError, isProviderNotFoundError, isProviderTimeoutError } from '../../../src/core/index.js';
import { createSailPointClient } from '../../../src/sailpoint/index.js';
import { createZitadelClient } from '../../../src/zitadel/index.js';
import { sendJson, startLoopbackServer, type Handler, type LoopbackServer } from '../../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function zitadel(handler: Handler) {
  server = await startLoopbackServer(handler);
  return { server, client: createZitadelClient({ baseUrl: server.baseUrl, token: 'pat-1234', retry: { attempts: 3, baseDelayMs: 1 }, timeoutMs: 10_000 }) };
}

describe('per-call options', () => {
  it('retry: false for one call makes one attempt where the client would make three', async () => {
    const { server, client } = await zitadel((_req, res) => sendJson(res, 503, { code: 14, message: 'unavailable' }));
    await expect(client.users.get('u1', { retry: false })).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(1);
    await expect(client.users.get('u1')).rejects.toMatchObject({ status: 503 });
    expect(server.requests).toHaveLength(4);
  });

  it('timeoutMs for one call replaces the client limit', async () => {
    const { client } = await zitadel(() => undefined);
    const err = await client.users.get('u1', { timeoutMs: 100, retry: false }).catch((e: unknown) => e);
    expect(isProviderTimeoutError(err) && err.timeoutMs).toBe(100);
  });

  it('refuses a non-positive per-call timeout before sending', async () => {
    const { server, client } = await zitadel((_req, res) => sendJson(res, 200, { user: { userId: 'u1' } }));
    await expect(client.users.get('u1', { timeoutMs: 0 })).rejects.toThrow(/timeoutMs/);
    expect(server.requests).toHaveLength(0);
  });

  it('signal for a list is the second argument', async () => {
    const { client } = await zitadel(() => undefined);
    const iterator = client.users.list({ limit: 10 }, { signal: AbortSignal.abort(new Error('stop')) })[Symbol.asyncIterator]();
    await expect(iterator.next()).rejects.toThrow('stop');
  });
});

describe('reads resolve to the object', () => {
  it('zitadel.users.get resolves to the user', async () => {
    const { client } = await zitadel((_req, res) => sendJson(res, 200, { details: { sequence: '1' }, user: { userId: 'u1', state: 'USER_STATE_ACTIVE', username: 'ada' } }));
    await expect(client.users.get('u1')).resolves.toEqual({ userId: 'u1', state: 'USER_STATE_ACTIVE', username: 'ada' });
  });

  it('an answer without the user, or a 404, rejects with ProviderNotFoundError', async () => {
    const { server, client } = await zitadel((req, res) =>
      req.url.endsWith('/gone') ? sendJson(res, 404, { code: 5, message: 'User could not be found' }) : sendJson(res, 200, { details: {} }),
    );
    const empty = await client.users.get('u1').catch((e: unknown) => e);
    expect(isProviderNotFoundError(empty)).toBe(true);
    expect(empty).toMatchObject({ name: 'ProviderNotFoundError', operationId: 'getUser', url: `${server.baseUrl}/v2/users/u1` });
    expect((empty as Error).message).toBe(`zitadel getUser: GET ${server.baseUrl}/v2/users/u1: not found (the answer holds no user)`);
    const gone = await client.users.get('gone').catch((e: unknown) => e);
    expect(isProviderNotFoundError(gone) && isProviderApiError(gone) && [gone.status, gone.code]).toEqual([404, 5]);
    const grant = await client.userGrants.get({ userId: 'u1', grantId: 'g1' }).catch((e: unknown) => e);
    expect(isProviderNotFoundError(grant)).toBe(true);
  });
});

describe('SailPoint with a bearer token', () => {
  it('sends the token as is and never calls the token endpoint', async () => {
    server = await startLoopbackServer((req, res) => sendJson(res, 202, { id: 'task-1' }));
    const client = createSailPointClient({ baseUrl: server.baseUrl, token: 'isc-access-token' });
    const change = await client.accounts.disable('a1');
    expect(change.taskId).toBe('task-1');
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([['/v3/accounts/a1/disable', 'Bearer isc-access-token']]);
  });

  it('refuses both a token and client credentials at run time too', () => {
    // @ts-expect-error the types refuse it; the run-time check is for JavaScript callers
    expect(() => createSailPointClient({ baseUrl: 'https://isc.example', token: 't', clientId: 'id', clientSecret: 's' })).toThrow(/exactly one/);
    // @ts-expect-error the types refuse it; the run-time check is for JavaScript callers
    expect(() => createSailPointClient({ baseUrl: 'https://isc.example' })).toThrow(/exactly one/);
  });
});

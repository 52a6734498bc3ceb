/**
 * SailPoint client credentials against a real loopback server: the token request's form body,
 * caching, single flight under concurrency, refresh before expiry, and the one-time refresh on 401.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSailPointClient } from '../../../src/sailpoint/index.js';
import { isProviderApiError, isProviderConfigError } from '../../../src/core/errors/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const CLIENT_ID = '9f3e21c0a4b74d5f8e6a1b2c3d4e5f60';
const CLIENT_SECRET = 'client-secret-Q2w9Rz71mN';
const ACCOUNT = { id: 'acc1', name: 'jdoe', disabled: false, locked: false };

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface IscOptions {
  expiresIn?: number;
  tokenDelayMs?: number;
  /** Answer 401 to API calls presenting one of these token numbers. */
  rejectTokens?: number[];
  tokenStatus?: number;
}

/** An ISC stand-in: `/oauth/token` minting numbered tokens, and `GET /v3/accounts/{id}`. */
async function startIsc(opts: IscOptions = {}) {
  const state = { tokenRequests: 0, apiCalls: [] as string[] };
  server = await startLoopbackServer(async (req, res) => {
    if (req.url === '/oauth/token') {
      state.tokenRequests++;
      const n = state.tokenRequests;
      if (opts.tokenDelayMs) await new Promise((resolve) => setTimeout(resolve, opts.tokenDelayMs));
      if (opts.tokenStatus) return sendJson(res, opts.tokenStatus, { error: 'invalid_client' });
      return sendJson(res, 200, { access_token: `access-${n}`, token_type: 'bearer', expires_in: opts.expiresIn ?? 749 });
    }
    const presented = req.headers.authorization ?? '';
    state.apiCalls.push(presented);
    const number = Number(/^Bearer access-(\d+)$/.exec(presented)?.[1]);
    if (!number || opts.rejectTokens?.includes(number)) return sendJson(res, 401, { error: 'JWT validation failed: JWT is expired' });
    return sendJson(res, 200, ACCOUNT);
  });
  return { server, state, client: createSailPointClient({ baseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }) };
}

describe('sailpoint client credentials', () => {
  it('posts a form body to /oauth/token and sends the token as a bearer', async () => {
    const { client, server: s } = await startIsc();
    await expect(client.accounts.get('acc1')).resolves.toEqual(ACCOUNT);
    const tokenRequest = s.requests[0]!;
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.url).toBe('/oauth/token');
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(tokenRequest.headers.authorization).toBeUndefined();
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(s.requests[1]).toMatchObject({ method: 'GET', url: '/v3/accounts/acc1' });
    expect(s.requests[1]?.headers.authorization).toBe('Bearer access-1');
  });

  it('caches the token across calls', async () => {
    const { client, state } = await startIsc();
    for (let i = 0; i < 5; i++) await client.accounts.get('acc1');
    expect(state.tokenRequests).toBe(1);
    expect(state.apiCalls).toEqual(Array(5).fill('Bearer access-1'));
  });

  it('shares one token request between 50 concurrent calls', async () => {
    const { client, state } = await startIsc({ tokenDelayMs: 50 });
    const results = await Promise.all(Array.from({ length: 50 }, () => client.accounts.get('acc1')));
    expect(results).toHaveLength(50);
    expect(state.tokenRequests).toBe(1);
    expect(state.apiCalls).toHaveLength(50);
    expect(new Set(state.apiCalls)).toEqual(new Set(['Bearer access-1']));
  });

  it('fetches a new token once the old one is about to expire', async () => {
    const { client, state } = await startIsc({ expiresIn: 1 });
    await client.accounts.get('acc1');
    await client.accounts.get('acc1');
    expect(state.tokenRequests).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await client.accounts.get('acc1');
    expect(state.tokenRequests).toBe(2);
    expect(state.apiCalls.at(-1)).toBe('Bearer access-2');
  });

  it('on 401 drops the token, fetches a new one and repeats the call once', async () => {
    const { client, state } = await startIsc({ rejectTokens: [1] });
    await expect(client.accounts.get('acc1')).resolves.toEqual(ACCOUNT);
    expect(state.tokenRequests).toBe(2);
    expect(state.apiCalls).toEqual(['Bearer access-1', 'Bearer access-2']);
  });

  it('a burst of 401s refreshes once, not once per request', async () => {
    const { client, state } = await startIsc({ rejectTokens: [1] });
    await Promise.all(Array.from({ length: 20 }, () => client.accounts.get('acc1')));
    expect(state.tokenRequests).toBe(2);
  });

  it('repeats only once: a second 401 rejects', async () => {
    const { client, state } = await startIsc({ rejectTokens: [1, 2, 3] });
    const err = await client.accounts.get('acc1').catch((e: unknown) => e);
    expect(isProviderApiError(err)).toBe(true);
    expect(err).toMatchObject({ status: 401, operationId: 'getAccount' });
    expect((err as Error).message).toContain('JWT validation failed');
    expect(state.tokenRequests).toBe(2);
    expect(state.apiCalls).toHaveLength(2);
  });

  it('a 401 from the token endpoint (wrong secret) rejects without looping', async () => {
    const { client, state } = await startIsc({ tokenStatus: 401 });
    const err = await client.accounts.get('acc1').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ProviderApiError', status: 401, operationId: 'createOauthToken' });
    expect(state.tokenRequests).toBe(1);
    expect(state.apiCalls).toHaveLength(0);
    // A failed token request is not cached: the next call asks again.
    await client.accounts.get('acc1').catch(() => undefined);
    expect(state.tokenRequests).toBe(2);
  });
});

describe('sailpoint client options', () => {
  it('builds the tenant URL from the tenant name', async () => {
    const urls: string[] = [];
    const client = createSailPointClient({
      tenant: 'acme-prod',
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      fetch: async (request) => {
        urls.push(request.url);
        return request.url.endsWith('/oauth/token')
          ? Response.json({ access_token: 't-1', token_type: 'bearer', expires_in: 749 })
          : Response.json(ACCOUNT);
      },
    });
    await client.accounts.get('acc1');
    expect(urls).toEqual(['https://acme-prod.api.identitynow.com/oauth/token', 'https://acme-prod.api.identitynow.com/v3/accounts/acc1']);
  });

  const base = { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET };
  const cases: [string, () => unknown][] = [
    ['neither tenant nor baseUrl', () => createSailPointClient({ ...base } as never)],
    ['both tenant and baseUrl', () => createSailPointClient({ ...base, tenant: 'acme', baseUrl: 'https://acme.api.identitynow.com' } as never)],
    ['a tenant that is a host', () => createSailPointClient({ ...base, tenant: 'evil.example/x' })],
    ['a tenant with a user info part', () => createSailPointClient({ ...base, tenant: 'user@evil' })],
    ['plain http to a remote host', () => createSailPointClient({ ...base, baseUrl: 'http://acme.api.identitynow.com' })],
    ['an empty client secret', () => createSailPointClient({ tenant: 'acme', clientId: CLIENT_ID, clientSecret: '' })],
  ];
  it.each(cases)('refuses %s', (_name, create) => {
    let thrown: unknown;
    try {
      create();
    } catch (err) {
      thrown = err;
    }
    expect(isProviderConfigError(thrown)).toBe(true);
  });
});

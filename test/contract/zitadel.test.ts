/**
 * Contract test: every named method of the ZITADEL client against Prism serving
 * specs/zitadel/openapi.yaml with request validation on. Prism must accept each request and the
 * facade must return the typed example data. The JWT profile token exchange (`createAccessToken`)
 * is checked the same way, through a client created with a service account key.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZitadelClient, type ZitadelClient } from '../../src/zitadel/index.js';
import { namedMethods, rejectedExchanges, startPrism, take, type PrismServer } from './prism.js';

const USER_ID = '289640331823398921';
const GRANT = { userId: USER_ID, grantId: '289655017361565705' };
const CHANGED = { changed: true, details: expect.objectContaining({ sequence: expect.any(String) }) };

let prism: PrismServer;
let zitadel: ZitadelClient;

beforeAll(async () => {
  prism = await startPrism('specs/zitadel/openapi.yaml');
  zitadel = createZitadelClient({ baseUrl: prism.baseUrl, token: 'contract-test-pat', orgId: '289639998226383881', fetch: prism.fetch, retry: false });
});
afterAll(async () => {
  await prism?.stop();
});

/** One call per named method, with what its typed result must look like. */
const calls: Record<string, (client: ZitadelClient) => Promise<void>> = {
  'users.get': async (c) => {
    const result = await c.users.get(USER_ID);
    expect(result).toMatchObject({ userId: USER_ID, state: 'USER_STATE_ACTIVE', loginNames: [expect.any(String)] });
    expect(result.human?.profile?.givenName).toBe('Ada');
  },
  'users.list': async (c) => {
    const users = await take(
      c.users.list({ limit: 50, asc: true, sortingColumn: 'USER_FIELD_NAME_USER_NAME', queries: [{ stateQuery: { state: 'USER_STATE_ACTIVE' } }] }),
      10,
    );
    expect(users.map((u) => u.userId)).toEqual(['289640331823398921', '289640802371846409']);
    expect(users[1]?.machine?.name).toBe('Report exporter');
  },
  'users.deactivate': async (c) => expect(await c.users.deactivate(USER_ID)).toEqual(CHANGED),
  'users.reactivate': async (c) => expect(await c.users.reactivate(USER_ID)).toEqual(CHANGED),
  'users.lock': async (c) => expect(await c.users.lock(USER_ID)).toEqual(CHANGED),
  'users.unlock': async (c) => expect(await c.users.unlock(USER_ID)).toEqual(CHANGED),
  'users.delete': async (c) => expect((await c.users.delete(USER_ID)).details?.sequence).toBe('9'),
  'userGrants.list': async (c) => {
    const grants = await take(c.userGrants.list({ limit: 25, queries: [{ userIdQuery: { userId: USER_ID } }] }), 10);
    expect(grants).toHaveLength(1);
    expect(grants[0]).toMatchObject({ id: GRANT.grantId, state: 'USER_GRANT_STATE_ACTIVE', roleKeys: ['reader'] });
  },
  'userGrants.get': async (c) => {
    const result = await c.userGrants.get({ ...GRANT, orgId: '289639998226383881' });
    expect(result).toMatchObject({ id: GRANT.grantId, roleKeys: ['reader', 'editor'] });
  },
  'userGrants.deactivate': async (c) => expect(await c.userGrants.deactivate(GRANT)).toEqual(CHANGED),
  'userGrants.reactivate': async (c) => expect(await c.userGrants.reactivate({ ...GRANT, orgId: '42' })).toEqual(CHANGED),
  'userGrants.delete': async (c) => expect((await c.userGrants.delete(GRANT)).details?.sequence).toBe('5'),
};

describe('zitadel facade against Prism', () => {
  it('the contract covers every named method of the client', () => {
    expect(Object.keys(calls).sort()).toEqual(namedMethods(zitadel));
  });

  it.each(Object.keys(calls))('%s: Prism accepts the request and the result parses', async (name) => {
    const before = prism.exchanges.length;
    await calls[name]!(zitadel);
    const exchanges = prism.exchanges.slice(before);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(rejectedExchanges({ ...prism, exchanges }), prism.output()).toEqual([]);
  });

  it('Prism does reject a request that breaks the spec (the check above is live)', async () => {
    const before = prism.exchanges.length;
    // offset must be a string (uint64 as JSON string); a number is a contract violation.
    const result = await zitadel.raw.POST('/v2/users', { body: { query: { offset: 0 as unknown as string, asc: false } } });
    expect(result.response.status).toBe(400);
    expect(prism.exchanges.slice(before)[0]?.violations).not.toEqual([]);
  });
});

describe('zitadel JWT profile token exchange against Prism', () => {
  // A throwaway RSA key made for this run; Prism does not check the signature, only the form.
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const serviceAccountKey = { keyId: '290112345678901234', key: privateKey, userId: '289640802371846409' };

  it('Prism accepts the token request, and the minted token carries the next call', async () => {
    const client = createZitadelClient({ baseUrl: prism.baseUrl, serviceAccountKey, fetch: prism.fetch, retry: false });
    const before = prism.exchanges.length;
    expect(await client.users.deactivate(USER_ID)).toEqual(CHANGED);
    const exchanges = prism.exchanges.slice(before);
    expect(exchanges.map((e) => `${e.method} ${new URL(e.url).pathname}`)).toEqual(['POST /oauth/v2/token', `POST /v2/users/${USER_ID}/deactivate`]);
    expect(rejectedExchanges({ ...prism, exchanges }), prism.output()).toEqual([]);
  });

  it('the typed raw call returns the example token', async () => {
    const before = prism.exchanges.length;
    const result = await zitadel.raw.POST('/oauth/v2/token', {
      body: { grant_type: 'client_credentials', client_id: 'report-exporter', client_secret: 'contract-test-secret', scope: 'openid' },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(result.data).toMatchObject({ access_token: expect.any(String), token_type: 'Bearer', expires_in: expect.any(Number) });
    expect(rejectedExchanges({ ...prism, exchanges: prism.exchanges.slice(before) }), prism.output()).toEqual([]);
  });

  it('Prism does reject a token request with a grant the spec does not list', async () => {
    const before = prism.exchanges.length;
    const result = await zitadel.raw.POST('/oauth/v2/token', {
      body: { grant_type: 'password' as 'client_credentials' },
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect(result.response.ok).toBe(false);
    expect(prism.exchanges.slice(before)[0]?.violations).not.toEqual([]);
  });
});

/**
 * Contract test: every named method of the Dfns client against Prism serving
 * specs/dfns/openapi.yaml with request validation on, the user action signing round-trips
 * included. The signer's credId is the one Prism's example challenge allows
 * (`cr-test-signing-key-1`), so the facade signs Prism's example challenge for real.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDfnsClient, type DfnsClient } from '../../src/dfns/index.js';
import { namedMethods, rejectedExchanges, startPrism, take, type PrismServer } from './prism.js';

const SERVICE_ACCOUNT_ID = 'us-4h2pd-7vx0k-3n8qw5r1t9e6sjma';
const USER_ID = 'us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe';
const TOKEN_ID = 'to-7d2km-4xq9h-1v8nc3t6r0w5bjpe';
const signingKey = generateKeyPairSync('ed25519');
const newAccountKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();

let prism: PrismServer;
let dfns: DfnsClient;

beforeAll(async () => {
  prism = await startPrism('specs/dfns/openapi.yaml');
  dfns = createDfnsClient({
    baseUrl: prism.baseUrl,
    token: 'contract-test-auth-token',
    signer: { credId: 'cr-test-signing-key-1', privateKey: signingKey.privateKey },
    fetch: prism.fetch,
    retry: false,
  });
});
afterAll(async () => {
  await prism?.stop();
});

const serviceAccount = { userInfo: expect.objectContaining({ userId: expect.any(String), kind: expect.any(String) }), accessTokens: expect.any(Array) };
const pat = expect.objectContaining({ credId: expect.any(String), isActive: expect.any(Boolean) });

/** One call per named method, with what its typed result must look like. */
const calls: Record<string, (client: DfnsClient) => Promise<void>> = {
  'serviceAccounts.list': async (c) => {
    const list = await c.serviceAccounts.list();
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toMatchObject(serviceAccount);
  },
  'serviceAccounts.get': async (c) => expect(await c.serviceAccounts.get(SERVICE_ACCOUNT_ID)).toMatchObject(serviceAccount),
  'serviceAccounts.create': async (c) =>
    expect(await c.serviceAccounts.create({ name: 'contract-test-account', publicKey: newAccountKey, externalId: 'ext-1', daysValid: 30 })).toMatchObject(serviceAccount),
  'serviceAccounts.update': async (c) =>
    expect(await c.serviceAccounts.update(SERVICE_ACCOUNT_ID, { name: 'renamed', externalId: 'ext-2' })).toMatchObject(serviceAccount),
  'serviceAccounts.activate': async (c) => expect(await c.serviceAccounts.activate(SERVICE_ACCOUNT_ID)).toMatchObject({ changed: true, ...serviceAccount }),
  'serviceAccounts.deactivate': async (c) =>
    expect(await c.serviceAccounts.deactivate(SERVICE_ACCOUNT_ID, { force: true })).toMatchObject({ changed: true, ...serviceAccount }),
  'serviceAccounts.delete': async (c) => expect(await c.serviceAccounts.delete(SERVICE_ACCOUNT_ID)).toMatchObject(serviceAccount),
  'users.list': async (c) => {
    const users = await take(c.users.list({ kind: 'CustomerEmployee', limit: 50 }), 1);
    expect(users[0]).toMatchObject({ userId: USER_ID, kind: 'CustomerEmployee' });
  },
  'users.get': async (c) => expect(await c.users.get(USER_ID)).toMatchObject({ userId: USER_ID, isActive: expect.any(Boolean) }),
  'users.activate': async (c) => expect(await c.users.activate(USER_ID)).toMatchObject({ changed: true, userId: USER_ID }),
  'users.deactivate': async (c) => expect(await c.users.deactivate(USER_ID)).toMatchObject({ changed: true, userId: USER_ID }),
  'users.delete': async (c) => expect(await c.users.delete(USER_ID)).toMatchObject({ userId: USER_ID }),
  'personalAccessTokens.list': async (c) => {
    const list = await c.personalAccessTokens.list();
    expect(list.length).toBeGreaterThan(0);
    expect(list[0]).toEqual(pat);
  },
  'personalAccessTokens.get': async (c) => expect(await c.personalAccessTokens.get(TOKEN_ID)).toEqual(pat),
  'personalAccessTokens.update': async (c) => expect(await c.personalAccessTokens.update(TOKEN_ID, { name: 'renamed-token' })).toEqual(pat),
  'personalAccessTokens.activate': async (c) => expect(await c.personalAccessTokens.activate(TOKEN_ID)).toMatchObject({ changed: true, isActive: true }),
  'personalAccessTokens.deactivate': async (c) => expect(await c.personalAccessTokens.deactivate(TOKEN_ID)).toMatchObject({ changed: true, isActive: false }),
  'personalAccessTokens.delete': async (c) => expect(await c.personalAccessTokens.delete(TOKEN_ID)).toEqual(pat),
};

describe('dfns facade against Prism', () => {
  it('the contract covers every named method of the client', () => {
    expect(Object.keys(calls).sort()).toEqual(namedMethods(dfns));
  });

  it.each(Object.keys(calls))('%s: Prism accepts every request (signing round-trips included) and the result parses', async (name) => {
    const before = prism.exchanges.length;
    await calls[name]!(dfns);
    const exchanges = prism.exchanges.slice(before);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(rejectedExchanges({ ...prism, exchanges }), prism.output()).toEqual([]);
  });

  it('state changes went through the user action handshake', () => {
    const paths = prism.exchanges.map((e) => `${e.method} ${new URL(e.url).pathname}`);
    expect(paths).toContain('POST /auth/action/init');
    expect(paths).toContain('POST /auth/action');
    const i = paths.indexOf(`PUT /auth/users/${USER_ID}/deactivate`);
    expect(paths.slice(i - 2, i)).toEqual(['POST /auth/action/init', 'POST /auth/action']);
  });

  it('Prism does reject a request that breaks the spec (the check above is live)', async () => {
    const before = prism.exchanges.length;
    const result = await dfns.raw.GET('/auth/users', { params: { query: { limit: 5000 } } });
    expect(result.response.status).toBeGreaterThanOrEqual(400);
    expect(prism.exchanges.slice(before)[0]?.violations).not.toEqual([]);
  });
});

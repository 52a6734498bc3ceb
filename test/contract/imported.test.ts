/**
 * Contract tests against the imported specs: each provider's real upstream documents (read from
 * ../shared/upstream, never copied) are imported with specs/<p>/provider.yaml and its overlay
 * into a temp folder, Prism serves each imported spec with request validation on, and every
 * named method of the facade is called through it. Prism must accept every request, and the
 * typed result must parse.
 *
 * The committed specs are this import's output (`npm run specs:reproduce` checks it); this
 * test runs the import itself, so it proves the facade fits what the importer makes of what the
 * provider publishes. Answers come from the overlay's sample answers (or Prism's
 * schema-generated stand-ins where there are none), so results are checked for shape.
 *
 * Dfns 1.578.2 declares no request body on `PUT /auth/service-accounts/{id}/deactivate`; the
 * `force` body comes from seed 000 through the overlay, and both forms are accepted.
 *
 * Each upstream is imported once for the whole file, and the three Prism servers start together.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeFiles } from '../../scripts/lib/normalize/run.js';
import { createDfnsClient, type DfnsClient } from '../../src/dfns/index.js';
import { createSailPointClient, type SailPointClient } from '../../src/sailpoint/index.js';
import { createZitadelClient, type ZitadelClient } from '../../src/zitadel/index.js';
import { namedMethods, rejectedExchanges, repoRoot, startPrism, take, type Exchange, type PrismServer } from './prism.js';

const upstream = path.resolve(repoRoot, '../shared/upstream');

/** What is imported for each provider: the upstream document of each source the config names. */
const IMPORTS = {
  dfns: { api: 'dfns/dfns-openapi-1.578.2.yaml' },
  zitadel: { apidocs: 'zitadel/zitadel-apidocs-swagger2-2025-04-06.json' },
  sailpoint: {
    v3: 'sailpoint/sailpoint-v3-deref-2026-08-04.yaml',
    beta: 'sailpoint/sailpoint-beta-deref-2026-08-04.yaml',
    oauth: 'sailpoint/sailpoint-oauth-deref-2026-05-24.yaml',
  },
} as const;
type ProviderId = keyof typeof IMPORTS;

const out = mkdtempSync(path.join(tmpdir(), 'idlc-imported-contract-'));
const servers = new Map<ProviderId, PrismServer>();
const importedVersion = new Map<ProviderId, string>();

/** Import one provider from its real upstream documents into `out`; returns the spec file. */
async function importProvider(id: ProviderId): Promise<string> {
  const [first, ...rest] = Object.entries(IMPORTS[id]) as [string, string][];
  const result = await normalizeFiles({
    input: path.join(upstream, first![1]),
    config: path.join(repoRoot, 'specs', id, 'provider.yaml'),
    sources: Object.fromEntries(rest.map(([source, file]) => [source, path.join(upstream, file)])),
  });
  const file = path.join(out, `${id}.yaml`);
  writeFileSync(file, result.yaml);
  importedVersion.set(id, String(result.doc.info?.version));
  return file;
}

beforeAll(async () => {
  const files: [ProviderId, string][] = [];
  // Parsing the large documents is CPU work: one after the other. Prism starts in parallel.
  for (const id of Object.keys(IMPORTS) as ProviderId[]) files.push([id, await importProvider(id)]);
  await Promise.all(files.map(async ([id, file]) => servers.set(id, await startPrism(file))));
}, 120_000);
afterAll(async () => {
  await Promise.all([...servers.values()].map((server) => server.stop()));
  rmSync(out, { recursive: true, force: true });
});

const route = (e: Exchange): string => `${e.method} ${new URL(e.url).pathname}`;

/** Run one call and return the exchanges it made. */
async function exchangesOf(prism: PrismServer, run: () => Promise<unknown>): Promise<Exchange[]> {
  const before = prism.exchanges.length;
  await run();
  return prism.exchanges.slice(before);
}

/** Prism accepted every exchange of one call (and there was at least one). */
function expectAccepted(prism: PrismServer, exchanges: Exchange[]): void {
  expect(exchanges.length).toBeGreaterThan(0);
  expect(rejectedExchanges({ ...prism, exchanges }), prism.output()).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// Dfns 1.578.2
// ---------------------------------------------------------------------------------------------

describe('dfns facade against the imported Dfns 1.578.2', () => {
  const SERVICE_ACCOUNT_ID = 'us-4h2pd-7vx0k-3n8qw5r1t9e6sjma';
  const USER_ID = 'us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe';
  const TOKEN_ID = 'to-7d2km-4xq9h-1v8nc3t6r0w5bjpe';
  const signingKey = generateKeyPairSync('ed25519');
  const newAccountKey = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const DEACTIVATE_SA = `PUT /auth/service-accounts/${SERVICE_ACCOUNT_ID}/deactivate`;

  let prism: PrismServer;
  let dfns: DfnsClient;

  beforeAll(async () => {
    prism = servers.get('dfns')!;
    // The signer must hold a credential the challenge allows. Ask the mock for a challenge
    // (through the typed client, so this request is validated too) and use the credId it offers.
    const probe = createDfnsClient({ baseUrl: prism.baseUrl, token: 'contract-test-auth-token', fetch: prism.fetch, retry: false });
    const challenge = await probe.raw.POST('/auth/action/init', {
      body: { userActionHttpMethod: 'GET', userActionHttpPath: '/auth/users', userActionPayload: '', userActionServerKind: 'Api' },
    });
    expect(rejectedExchanges(prism)).toEqual([]);
    const credId = challenge.data!.allowCredentials.key[0]!.id;
    dfns = createDfnsClient({
      baseUrl: prism.baseUrl,
      token: 'contract-test-auth-token',
      signer: { credId, privateKey: signingKey.privateKey },
      fetch: prism.fetch,
      retry: false,
    });
  });

  const userInfo = expect.objectContaining({ userId: expect.any(String), kind: expect.stringMatching(/^(CustomerEmployee|EndUser)$/), isActive: expect.any(Boolean) });
  const serviceAccount = { userInfo, accessTokens: expect.any(Array) };
  const pat = expect.objectContaining({ tokenId: expect.any(String), credId: expect.any(String), isActive: expect.any(Boolean) });
  const user = expect.objectContaining({ userId: expect.any(String), kind: expect.stringMatching(/^(CustomerEmployee|EndUser)$/), isActive: expect.any(Boolean) });

  /** One call per named method, the same requests as the contract test on our own spec. */
  const calls: Record<string, (client: DfnsClient) => Promise<void>> = {
    'serviceAccounts.list': async (c) => {
      const list = await c.serviceAccounts.list();
      expect(list.length).toBeGreaterThan(0);
      expect(list[0]).toMatchObject(serviceAccount);
    },
    'serviceAccounts.get': async (c) => expect(await c.serviceAccounts.get(SERVICE_ACCOUNT_ID)).toMatchObject(serviceAccount),
    'serviceAccounts.create': async (c) =>
      expect(await c.serviceAccounts.create({ name: 'contract-test-account', publicKey: newAccountKey, externalId: 'ext-1', daysValid: 30 })).toMatchObject(serviceAccount),
    'serviceAccounts.update': async (c) => expect(await c.serviceAccounts.update(SERVICE_ACCOUNT_ID, { name: 'renamed', externalId: 'ext-2' })).toMatchObject(serviceAccount),
    'serviceAccounts.activate': async (c) => expect(await c.serviceAccounts.activate(SERVICE_ACCOUNT_ID)).toMatchObject({ changed: true, ...serviceAccount }),
    // serviceAccounts.deactivate: the one difference, asserted in its own tests below.
    'serviceAccounts.delete': async (c) => expect(await c.serviceAccounts.delete(SERVICE_ACCOUNT_ID)).toMatchObject(serviceAccount),
    'users.list': async (c) => {
      const users = await take(c.users.list({ kind: 'CustomerEmployee', limit: 50 }), 1);
      expect(users).toEqual([user]);
    },
    'users.get': async (c) => expect(await c.users.get(USER_ID)).toEqual(user),
    'users.activate': async (c) => expect(await c.users.activate(USER_ID)).toMatchObject({ changed: true, userId: expect.any(String) }),
    'users.deactivate': async (c) => expect(await c.users.deactivate(USER_ID)).toMatchObject({ changed: true, userId: expect.any(String) }),
    'users.delete': async (c) => expect(await c.users.delete(USER_ID)).toEqual(user),
    'personalAccessTokens.list': async (c) => {
      const list = await c.personalAccessTokens.list();
      expect(list.length).toBeGreaterThan(0);
      expect(list[0]).toEqual(pat);
    },
    'personalAccessTokens.get': async (c) => expect(await c.personalAccessTokens.get(TOKEN_ID)).toEqual(pat),
    'personalAccessTokens.update': async (c) => expect(await c.personalAccessTokens.update(TOKEN_ID, { name: 'renamed-token' })).toEqual(pat),
    'personalAccessTokens.activate': async (c) => expect(await c.personalAccessTokens.activate(TOKEN_ID)).toMatchObject({ changed: true, tokenId: expect.any(String) }),
    'personalAccessTokens.deactivate': async (c) => expect(await c.personalAccessTokens.deactivate(TOKEN_ID)).toMatchObject({ changed: true, tokenId: expect.any(String) }),
    'personalAccessTokens.delete': async (c) => expect(await c.personalAccessTokens.delete(TOKEN_ID)).toEqual(pat),
  };

  it('imports the 1.578.2 document', () => {
    expect(importedVersion.get('dfns')).toBe('1.578.2');
  });

  it('the contract covers every named method of the client (deactivate below)', () => {
    expect([...Object.keys(calls), 'serviceAccounts.deactivate'].sort()).toEqual(namedMethods(dfns));
  });

  it.each(Object.keys(calls))('%s: Prism accepts every request (signing round-trips included) and the result parses', async (name) => {
    expectAccepted(prism, await exchangesOf(prism, () => calls[name]!(dfns)));
  });

  it('state changes went through the user action handshake (the facade checked the offered credId before signing)', () => {
    const paths = prism.exchanges.map(route);
    const i = paths.indexOf(`PUT /auth/users/${USER_ID}/deactivate`);
    expect(i).toBeGreaterThan(1);
    expect(paths.slice(i - 2, i)).toEqual(['POST /auth/action/init', 'POST /auth/action']);
  });

  // 1.578.2 has no request body on deactivate; the optional `force` body (default false) is
  // what seed 000 shows, and the overlay adds it on import. The facade always sends it, and the
  // imported spec accepts it, as well as the same request without a body.
  describe('serviceAccounts.deactivate: the overlay adds the optional { force } body that 1.578.2 lacks', () => {
    it.each([
      ['with { force: true }', { force: true }],
      ['with the default (sends { force: false })', undefined],
    ] as const)('%s: the handshake and the PUT are accepted', async (_label, options) => {
      const exchanges = await exchangesOf(prism, async () => {
        expect(await dfns.serviceAccounts.deactivate(SERVICE_ACCOUNT_ID, options)).toMatchObject({ changed: true, ...serviceAccount });
      });
      expect(exchanges.map(route)).toEqual(['POST /auth/action/init', 'POST /auth/action', DEACTIVATE_SA]);
      expectAccepted(prism, exchanges);
    });

    it('the same signed request without a body is accepted', async () => {
      const exchanges = await exchangesOf(prism, async () => {
        const result = await dfns.raw.PUT('/auth/service-accounts/{serviceAccountId}/deactivate', { params: { path: { serviceAccountId: SERVICE_ACCOUNT_ID } } });
        expect(result.data).toMatchObject(serviceAccount);
      });
      expect(exchanges.map(route)).toEqual(['POST /auth/action/init', 'POST /auth/action', DEACTIVATE_SA]);
      expectAccepted(prism, exchanges);
    });
  });

  it('Prism does reject a request that breaks the imported spec (the check above is live)', async () => {
    const exchanges = await exchangesOf(prism, async () => {
      const result = await dfns.raw.GET('/auth/users', { params: { query: { limit: 5000 } } });
      expect(result.response.status).toBeGreaterThanOrEqual(400);
    });
    expect(exchanges[0]?.violations).not.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// ZITADEL 2025-04-06
// ---------------------------------------------------------------------------------------------

describe('zitadel facade against the imported ZITADEL 2025-04-06 document', () => {
  const USER_ID = '289640331823398921';
  const GRANT = { userId: USER_ID, grantId: '289655017361565705' };
  const CHANGED = { changed: true, details: expect.objectContaining({ sequence: expect.any(String) }) };

  let prism: PrismServer;
  let zitadel: ZitadelClient;

  beforeAll(() => {
    prism = servers.get('zitadel')!;
    zitadel = createZitadelClient({ baseUrl: prism.baseUrl, token: 'contract-test-pat', orgId: '289639998226383881', fetch: prism.fetch, retry: false });
  });

  const user = expect.objectContaining({ userId: expect.any(String), state: expect.stringMatching(/^USER_STATE_/) });
  const grant = expect.objectContaining({ id: expect.any(String), userId: expect.any(String), roleKeys: expect.any(Array), state: expect.stringMatching(/^USER_GRANT_STATE_/) });

  /** One call per named method, the same requests as the contract test on our own spec. */
  const calls: Record<string, (client: ZitadelClient) => Promise<void>> = {
    'users.get': async (c) => expect(await c.users.get(USER_ID)).toEqual(user),
    'users.list': async (c) => {
      const users = await take(
        c.users.list({ limit: 50, asc: true, sortingColumn: 'USER_FIELD_NAME_USER_NAME', queries: [{ stateQuery: { state: 'USER_STATE_ACTIVE' } }] }),
        10,
      );
      expect(users.length).toBeGreaterThan(0);
      for (const u of users) expect(u).toEqual(user);
    },
    'users.deactivate': async (c) => expect(await c.users.deactivate(USER_ID)).toEqual(CHANGED),
    'users.reactivate': async (c) => expect(await c.users.reactivate(USER_ID)).toEqual(CHANGED),
    'users.lock': async (c) => expect(await c.users.lock(USER_ID)).toEqual(CHANGED),
    'users.unlock': async (c) => expect(await c.users.unlock(USER_ID)).toEqual(CHANGED),
    'users.delete': async (c) => expect((await c.users.delete(USER_ID)).details?.sequence).toEqual(expect.any(String)),
    'userGrants.list': async (c) => {
      const grants = await take(c.userGrants.list({ limit: 25, queries: [{ userIdQuery: { userId: USER_ID } }] }), 10);
      expect(grants.length).toBeGreaterThan(0);
      for (const g of grants) expect(g).toEqual(grant);
    },
    'userGrants.get': async (c) => expect(await c.userGrants.get({ ...GRANT, orgId: '289639998226383881' })).toEqual(grant),
    'userGrants.deactivate': async (c) => expect(await c.userGrants.deactivate(GRANT)).toEqual(CHANGED),
    'userGrants.reactivate': async (c) => expect(await c.userGrants.reactivate({ ...GRANT, orgId: '42' })).toEqual(CHANGED),
    'userGrants.delete': async (c) => expect((await c.userGrants.delete(GRANT)).details?.sequence).toEqual(expect.any(String)),
  };

  it('the contract covers every named method of the client', () => {
    expect(Object.keys(calls).sort()).toEqual(namedMethods(zitadel));
  });

  it.each(Object.keys(calls))('%s: Prism accepts the request and the result parses', async (name) => {
    expectAccepted(prism, await exchangesOf(prism, () => calls[name]!(zitadel)));
  });

  it('JWT profile: Prism accepts the token request (added by the overlay), and the token carries the next call', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const client = createZitadelClient({
      baseUrl: prism.baseUrl,
      serviceAccountKey: { keyId: '290112345678901234', key: privateKey, userId: '289640802371846409' },
      fetch: prism.fetch,
      retry: false,
    });
    const exchanges = await exchangesOf(prism, async () => expect(await client.users.deactivate(USER_ID)).toEqual(CHANGED));
    expect(exchanges.map(route)).toEqual(['POST /oauth/v2/token', `POST /v2/users/${USER_ID}/deactivate`]);
    expectAccepted(prism, exchanges);
  });

  it('Prism does reject a request that breaks the imported spec (the check above is live)', async () => {
    const exchanges = await exchangesOf(prism, async () => {
      // offset is a uint64 sent as a JSON string; a number breaks the contract.
      const result = await zitadel.raw.POST('/v2/users', { body: { query: { offset: 0 as unknown as string, asc: false } } });
      expect(result.response.status).toBe(400);
    });
    expect(exchanges[0]?.violations).not.toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// SailPoint v3 2026-08-04 + beta 2026-08-04 + OAuth 2026-05-24
// ---------------------------------------------------------------------------------------------

describe('sailpoint facade against the imported SailPoint v3, beta and OAuth documents', () => {
  const ACCOUNT_ID = '7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f';
  const TASK_ID = '4b2f0c1d9e8a47f6a3c5d7e9f1a2b3c4';

  let prism: PrismServer;
  let isc: SailPointClient;

  beforeAll(() => {
    prism = servers.get('sailpoint')!;
    isc = createSailPointClient({ baseUrl: prism.baseUrl, clientId: '9f3e21c0a4b74d5f8e6a1b2c3d4e5f60', clientSecret: 'contract-test-client-secret', fetch: prism.fetch, retry: false });
  });

  const account = expect.objectContaining({ id: expect.any(String), nativeIdentity: expect.any(String), disabled: expect.any(Boolean), locked: expect.any(Boolean) });
  const started = { changed: true, taskId: expect.any(String) };
  const task = expect.objectContaining({ id: expect.any(String), completionStatus: 'SUCCESS', messages: expect.any(Array) });

  /** One call per named method, the same requests as the contract test on our own spec. */
  const calls: Record<string, (client: SailPointClient) => Promise<void>> = {
    'accounts.list': async (c) => {
      const accounts = await take(c.accounts.list({ filters: 'sourceId eq "2c9180867a5e3b0d017a61c4f2d80f3e"', sorters: '-modified,name', limit: 100, detailLevel: 'SLIM' }), 5);
      expect(accounts.length).toBeGreaterThan(0);
      for (const a of accounts) expect(a).toEqual(account);
    },
    'accounts.get': async (c) => expect(await c.accounts.get(ACCOUNT_ID)).toEqual(account),
    'accounts.enable': async (c) => expect(await c.accounts.enable(ACCOUNT_ID, { externalVerificationId: 'a6c8e0b2', forceProvisioning: true })).toEqual(started),
    'accounts.disable': async (c) => expect(await c.accounts.disable(ACCOUNT_ID, { wait: { intervalMs: 10, timeoutMs: 10_000 } })).toEqual({ ...started, task }),
    'accounts.unlock': async (c) => expect(await c.accounts.unlock(ACCOUNT_ID, { unlockIDNAccount: true })).toEqual(started),
    'accounts.delete': async (c) => expect(await c.accounts.delete(ACCOUNT_ID)).toEqual(started),
    'tasks.get': async (c) => expect(await c.tasks.get(TASK_ID)).toEqual(task),
    'tasks.wait': async (c) => expect(await c.tasks.wait(TASK_ID, { intervalMs: 10, timeoutMs: 10_000 })).toEqual(task),
  };

  it('the contract covers every named method of the client', () => {
    expect(Object.keys(calls).sort()).toEqual(namedMethods(isc));
  });

  it.each(Object.keys(calls))('%s: Prism accepts the request and the result parses', async (name) => {
    expectAccepted(prism, await exchangesOf(prism, () => calls[name]!(isc)));
  });

  it('the token request was accepted once and cached (the overlay gives the answer its documented lifetime)', () => {
    const token = prism.exchanges.filter((e) => route(e) === 'POST /oauth/token');
    expect(token).toHaveLength(1);
    expect(token[0]).toMatchObject({ status: 200, violations: [] });
  });

  it('Prism does reject a request that breaks the imported spec (the check above is live)', async () => {
    const exchanges = await exchangesOf(prism, async () => {
      const result = await isc.raw.GET('/v3/accounts', { params: { query: { limit: 999 } } });
      expect(result.response.status).toBeGreaterThanOrEqual(400);
    });
    expect(exchanges.map(route)).toEqual(['GET /v3/accounts']);
    expect(exchanges[0]?.violations).not.toEqual([]);
  });
});

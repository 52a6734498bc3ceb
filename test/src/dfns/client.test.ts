import { generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DfnsPolicyPendingError,
  createDfnsClient,
  type DfnsClientOptions,
  type DfnsSigner,
} from '../../../src/dfns/index.js';
import { isProviderApiError, isProviderConfigError, isProviderError, isProviderTimeoutError, type ProviderError } from '../../../src/core/index.js';
import { sendJson } from '../../helpers/loopback-server.js';
import { fakeServiceAccount, fakeToken, fakeUser, startDfnsFake, type DfnsFake, type DfnsFakeOptions } from './dfns-server.js';

// A JWT-shaped bearer token, like the ones Dfns issues.
const TOKEN = `eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ0ZXN0In0.${randomBytes(32).toString('base64url')}`;

type KeyKind = 'ed25519' | 'p256' | 'rsa';
function keyPair(kind: KeyKind): { privateKey: KeyObject; publicKey: KeyObject } {
  if (kind === 'ed25519') return generateKeyPairSync('ed25519');
  if (kind === 'p256') return generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return generateKeyPairSync('rsa', { modulusLength: 2048 });
}
const KEYS = { ed25519: keyPair('ed25519'), p256: keyPair('p256'), rsa: keyPair('rsa') };
const pem = (kind: KeyKind) => KEYS[kind].privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

let fake: DfnsFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Default business answers: echo ids back as plausible Dfns objects. */
const businessAnswers: DfnsFakeOptions['handle'] = (req, res, { path, operationId }) => {
  const id = decodeURIComponent(path.split('/')[3] ?? '');
  const deactivating = /deactivate|delete/i.test(operationId ?? '');
  switch (operationId) {
    case 'listServiceAccounts':
      return sendJson(res, 200, { items: [fakeServiceAccount('us-a'), fakeServiceAccount('us-b')] });
    case 'listPersonalAccessTokens':
      return sendJson(res, 200, { items: [fakeToken('to-a')] });
    case 'createServiceAccount':
      return sendJson(res, 200, fakeServiceAccount(`us-${JSON.parse(req.body).name}`));
    case 'getServiceAccount':
    case 'updateServiceAccount':
    case 'activateServiceAccount':
    case 'deactivateServiceAccount':
    case 'deleteServiceAccount':
      return sendJson(res, 200, fakeServiceAccount(id, !deactivating));
    case 'getUser':
    case 'activateUser':
    case 'deactivateUser':
    case 'deleteUser':
      return sendJson(res, 200, fakeUser(id, !deactivating));
    case 'getPersonalAccessToken':
    case 'updatePersonalAccessToken':
    case 'activatePersonalAccessToken':
    case 'deactivatePersonalAccessToken':
    case 'deletePersonalAccessToken':
      return sendJson(res, 200, fakeToken(id, !deactivating));
    default:
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}` } });
  }
};

async function setup(opts: { signer?: DfnsSigner | null; kind?: KeyKind; fake?: Partial<DfnsFakeOptions>; client?: Partial<DfnsClientOptions> } = {}) {
  const kind = opts.kind ?? 'ed25519';
  fake = await startDfnsFake({ token: TOKEN, keys: { 'cr-test': KEYS[kind].publicKey }, handle: businessAnswers, ...opts.fake });
  const signer = opts.signer === null ? undefined : (opts.signer ?? { credId: 'cr-test', privateKey: pem(kind) });
  const dfns = createDfnsClient({ baseUrl: fake.baseUrl, token: TOKEN, signer, retry: { baseDelayMs: 1 }, ...opts.client });
  return { dfns, fake };
}

describe('Dfns user action signing, verified by the server', () => {
  it.each<KeyKind>(['ed25519', 'p256', 'rsa'])('%s: deactivate signs the exact body it sends', async (kind) => {
    const { dfns, fake } = await setup({ kind });
    const result = await dfns.serviceAccounts.deactivate('us-4h2pd-7vx0k-3n8qw5r1t9e6sjma', { force: true });
    expect(result.changed).toBe(true);
    expect(result.changed && result.userInfo.isActive).toBe(false);
    expect(fake.violations).toEqual([]);
    expect(fake.exchanges).toHaveLength(1);
    const [exchange] = fake.exchanges;
    expect(exchange!.init).toEqual({
      userActionHttpMethod: 'PUT',
      userActionHttpPath: '/auth/service-accounts/us-4h2pd-7vx0k-3n8qw5r1t9e6sjma/deactivate',
      userActionPayload: '{"force":true}',
      userActionServerKind: 'Api',
    });
    expect(exchange!.request!.body).toBe('{"force":true}');
    expect(exchange!.request!.headers['x-dfns-useraction']).toBe(exchange!.userAction);
    expect(JSON.parse(exchange!.clientData)).toEqual({ type: 'key.get', challenge: expect.any(String) });
    if (kind === 'p256') expect(Buffer.from(exchange!.signature, 'base64url')[0]).toBe(0x30); // DER SEQUENCE
  });

  it.each<KeyKind>(['ed25519', 'p256', 'rsa'])('%s: accepts a KeyObject and signs a body-less request with an empty payload', async (kind) => {
    const { dfns, fake } = await setup({ kind, signer: { credId: 'cr-test', privateKey: KEYS[kind].privateKey } });
    const result = await dfns.users.activate('us-1');
    expect(result).toMatchObject({ changed: true, userId: 'us-1', isActive: true });
    expect(fake.violations).toEqual([]);
    expect(fake.exchanges[0]!.init.userActionPayload).toBe('');
    expect(fake.exchanges[0]!.request!.body).toBe('');
    expect(fake.exchanges[0]!.request!.headers['content-type']).toBeUndefined();
  });

  it('deactivate without force sends the spec default explicitly', async () => {
    const { dfns, fake } = await setup();
    await dfns.serviceAccounts.deactivate('us-1');
    expect(fake.exchanges[0]!.init.userActionPayload).toBe('{"force":false}');
    expect(fake.violations).toEqual([]);
  });

  it('signs every state-changing named method and none of the reads', async () => {
    const { dfns, fake } = await setup();
    await dfns.serviceAccounts.list();
    await dfns.serviceAccounts.get('us-1');
    await dfns.serviceAccounts.create({ name: 'bot', publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----' });
    await dfns.serviceAccounts.update('us-1', { name: 'renamed' });
    await dfns.serviceAccounts.activate('us-1');
    await dfns.serviceAccounts.deactivate('us-1');
    await dfns.serviceAccounts.delete('us-1');
    await dfns.users.get('us-2');
    await dfns.users.activate('us-2');
    await dfns.users.deactivate('us-2');
    await dfns.users.delete('us-2');
    await dfns.personalAccessTokens.list();
    await dfns.personalAccessTokens.get('to-1');
    await dfns.personalAccessTokens.update('to-1', { name: 'n', externalId: 'e' });
    await dfns.personalAccessTokens.activate('to-1');
    await dfns.personalAccessTokens.deactivate('to-1');
    await dfns.personalAccessTokens.delete('to-1');
    expect(fake.violations).toEqual([]);
    expect(fake.exchanges.map((e) => `${e.init.userActionHttpMethod} ${e.init.userActionHttpPath} ${e.init.userActionPayload}`)).toEqual([
      'POST /auth/service-accounts {"name":"bot","publicKey":"-----BEGIN PUBLIC KEY-----\\nMCowBQYDK2VwAyEA\\n-----END PUBLIC KEY-----"}',
      'PUT /auth/service-accounts/us-1 {"name":"renamed"}',
      'PUT /auth/service-accounts/us-1/activate ',
      'PUT /auth/service-accounts/us-1/deactivate {"force":false}',
      'DELETE /auth/service-accounts/us-1 ',
      'PUT /auth/users/us-2/activate ',
      'PUT /auth/users/us-2/deactivate ',
      'DELETE /auth/users/us-2 ',
      'PUT /auth/pats/to-1 {"name":"n","externalId":"e"}',
      'PUT /auth/pats/to-1/activate ',
      'PUT /auth/pats/to-1/deactivate ',
      'DELETE /auth/pats/to-1 ',
    ]);
    const reads = fake.requests.filter((r) => r.method === 'GET');
    expect(reads).toHaveLength(5);
    for (const r of reads) expect(r.headers['x-dfns-useraction']).toBeUndefined();
  });

  it('signs through raw too', async () => {
    const { dfns, fake } = await setup();
    const { data } = await dfns.raw.PUT('/auth/users/{userId}/deactivate', { params: { path: { userId: 'us-9' } } });
    expect(data?.isActive).toBe(false);
    expect(fake.exchanges).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  });

  it('signs a body serialized by a caller-supplied serializer byte for byte', async () => {
    const { dfns, fake } = await setup();
    const { data } = await dfns.raw.PUT('/auth/pats/{tokenId}', {
      params: { path: { tokenId: 'to-1' } },
      body: { name: 'naïve ✓' },
      bodySerializer: (body) => JSON.stringify(body, null, 2),
    });
    expect(data?.tokenId).toBe('to-1');
    expect(fake.violations).toEqual([]);
    expect(fake.exchanges[0]!.init.userActionPayload).toBe('{\n  "name": "naïve ✓"\n}');
    expect(fake.exchanges[0]!.request!.body).toBe('{\n  "name": "naïve ✓"\n}');
  });

  it('a missing signer fails before any request', async () => {
    const { dfns, fake } = await setup({ signer: null });
    const err = await dfns.users.deactivate('us-1').catch((e: unknown) => e);
    expect(isProviderConfigError(err)).toBe(true);
    expect((err as Error).message).toMatch(/dfns deactivateUser: PUT .*\/auth\/users\/us-1\/deactivate: .*signer/);
    expect(fake.requests).toHaveLength(0);
    // Reads need no signer.
    expect((await dfns.users.get('us-1')).userId).toBe('us-1');
  });

  it("refuses when the signer's credId is not allowed, without sending the real request", async () => {
    const { dfns, fake } = await setup({ fake: { allowed: ['cr-someone-else'] } });
    await expect(dfns.users.deactivate('us-1')).rejects.toSatisfy(isProviderConfigError);
    expect(fake.requests.map((r) => r.url)).toEqual(['/auth/action/init']);
  });

  it('a retried request is signed afresh (user action tokens are single-use)', async () => {
    let real = 0;
    const { dfns, fake } = await setup({
      fake: {
        handle: (req, res, ctx) => (ctx.operationId === 'deactivateUser' && ++real === 1 ? sendJson(res, 503, { error: { message: 'busy' } }) : businessAnswers(req, res, ctx)),
      },
    });
    const result = await dfns.users.deactivate('us-1');
    expect(result.changed).toBe(true);
    expect(real).toBe(2);
    expect(fake.exchanges).toHaveLength(2);
    expect(fake.exchanges[0]!.userAction).not.toBe(fake.exchanges[1]!.userAction);
    expect(fake.violations).toEqual([]);
  });

  it('a non-idempotent create is not retried on 503', async () => {
    const { dfns, fake } = await setup({
      fake: { handle: (req, res, ctx) => (ctx.operationId === 'createServiceAccount' ? sendJson(res, 503, { error: { message: 'busy' } }) : businessAnswers(req, res, ctx)) },
    });
    const err = await dfns.serviceAccounts.create({ name: 'bot', publicKey: '-----BEGIN PUBLIC KEY-----\nAA==\n-----END PUBLIC KEY-----' }).catch((e: unknown) => e);
    expect(isProviderApiError(err) && err.status).toBe(503);
    expect(fake.requests.filter((r) => r.url === '/auth/service-accounts')).toHaveLength(1);
  });

  it('refuses unusable keys at creation', () => {
    const secp256k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey;
    expect(() => createDfnsClient({ token: TOKEN, signer: { credId: 'c', privateKey: secp256k1 } })).toThrow(/P-256/);
    expect(() => createDfnsClient({ token: TOKEN, signer: { credId: 'c', privateKey: KEYS.ed25519.publicKey } })).toThrow(/private key/);
    expect(() => createDfnsClient({ token: TOKEN, signer: { credId: 'c', privateKey: 'not a pem' } })).toThrow(/PEM/);
    expect(() => createDfnsClient({ token: TOKEN, signer: { credId: '', privateKey: pem('ed25519') } })).toThrow(/credId/);
  });
});

describe('Dfns facade', () => {
  it('users.list follows nextPageToken across three pages', async () => {
    const pages: Record<string, { items: ReturnType<typeof fakeUser>[]; nextPageToken?: string }> = {
      '': { items: [fakeUser('us-1'), fakeUser('us-2')], nextPageToken: 'p2' },
      p2: { items: [fakeUser('us-3'), fakeUser('us-4')], nextPageToken: 'p3' },
      p3: { items: [fakeUser('us-5')] },
    };
    const { dfns, fake } = await setup({
      fake: { handle: (_req, res, { query }) => sendJson(res, 200, pages[query.get('paginationToken') ?? '']) },
    });
    const ids: string[] = [];
    for await (const user of dfns.users.list({ kind: 'EndUser', limit: 2 })) ids.push(user.userId);
    expect(ids).toEqual(['us-1', 'us-2', 'us-3', 'us-4', 'us-5']);
    expect(fake.requests.map((r) => r.url)).toEqual([
      '/auth/users?kind=EndUser&limit=2',
      '/auth/users?kind=EndUser&limit=2&paginationToken=p2',
      '/auth/users?kind=EndUser&limit=2&paginationToken=p3',
    ]);
  });

  it('lists service accounts and personal access tokens as arrays', async () => {
    const { dfns } = await setup();
    expect((await dfns.serviceAccounts.list()).map((s) => s.userInfo.userId)).toEqual(['us-a', 'us-b']);
    expect((await dfns.personalAccessTokens.list()).map((t) => t.tokenId)).toEqual(['to-a']);
  });

  it.each([
    ['../x', '/auth/users/..%2Fx/deactivate'],
    ['a/b', '/auth/users/a%2Fb/deactivate'],
    ['x?y=1', '/auth/users/x%3Fy%3D1/deactivate'],
    ['x#y', '/auth/users/x%23y/deactivate'],
    ['%2F', '/auth/users/%252F/deactivate'],
  ])('encodes path injection attempt %j in the sent and the signed path', async (id, expected) => {
    const { dfns, fake } = await setup();
    await dfns.users.deactivate(id);
    expect(fake.exchanges[0]!.init.userActionHttpPath).toBe(expected);
    expect(fake.exchanges[0]!.request!.url).toBe(expected);
    expect(fake.violations).toEqual([]);
  });

  it.each(['', '.', '..'])('refuses id %j before any request', async (id) => {
    const { dfns, fake } = await setup();
    await expect(dfns.users.get(id)).rejects.toSatisfy(isProviderConfigError);
    await expect(dfns.users.get(id)).rejects.toThrow(/^dfns getUser: GET http:\/\/127\.0\.0\.1:\d+\/auth\/users\/%7BuserId%7D: path parameter userId must not be empty/);
    await expect(dfns.serviceAccounts.deactivate(id)).rejects.toSatisfy(isProviderConfigError);
    expect(fake.requests).toHaveLength(0);
  });

  it('maps Dfns error bodies to ProviderApiError', async () => {
    const { dfns, fake } = await setup({
      fake: { handle: (_req, res) => sendJson(res, 404, { error: { message: 'user not found' } }, { 'x-request-id': 'rq-42' }) },
    });
    const err = await dfns.users.get('us-missing').catch((e: unknown) => e);
    expect(isProviderApiError(err)).toBe(true);
    expect(err).toMatchObject({ provider: 'dfns', operationId: 'getUser', method: 'GET', status: 404, code: 'user not found', trackingId: 'rq-42' });
    expect((err as Error).message).toBe(`dfns getUser: GET ${fake.baseUrl}/auth/users/us-missing failed with HTTP 404: user not found`);
  });

  it('a pending policy approval (202) rejects with DfnsPolicyPendingError', async () => {
    const { dfns } = await setup({ fake: { handle: (_req, res) => sendJson(res, 202, { id: 'ap-1', status: 'Pending' }) } });
    const err = await dfns.serviceAccounts.deactivate('us-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DfnsPolicyPendingError);
    expect(isProviderError(err)).toBe(true);
    expect((err as DfnsPolicyPendingError).body).toEqual({ id: 'ap-1', status: 'Pending' });
  });

  it('reports an already-deactivated target as changed: true (Dfns answers 200 either way)', async () => {
    const { dfns } = await setup();
    const first = await dfns.users.deactivate('us-1');
    const again = await dfns.users.deactivate('us-1');
    expect([first.changed, again.changed]).toEqual([true, true]);
  });

  it('accepts an async token function', async () => {
    const { dfns } = await setup({ client: { token: async () => TOKEN } });
    expect((await dfns.users.get('us-1')).userId).toBe('us-1');
  });

  it('defaults to https://api.dfns.io and refuses plain http off loopback', async () => {
    const seen: string[] = [];
    const dfns = createDfnsClient({
      token: TOKEN,
      fetch: async (req) => {
        seen.push(req.url);
        return new Response(JSON.stringify({ items: [] }), { status: 200, headers: { 'content-type': 'application/json' } });
      },
    });
    await dfns.personalAccessTokens.list();
    expect(seen).toEqual(['https://api.dfns.io/auth/pats']);
    expect(() => createDfnsClient({ token: TOKEN, baseUrl: 'http://api.dfns.io' })).toThrow(/https/);
  });

  it('times out per attempt, signing round-trips included', async () => {
    const { dfns } = await setup({
      fake: { before: (req) => req.url === '/auth/action/init' }, // never answers init
      client: { timeoutMs: 150, retry: false },
    });
    const err = await dfns.users.deactivate('us-1').catch((e: unknown) => e);
    expect(isProviderTimeoutError(err)).toBe(true);
  });

  it("the caller's signal aborts a call in flight", async () => {
    const { dfns } = await setup({ fake: { before: () => true } }); // never answers anything
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(dfns.users.get('us-1', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('no secret in any error', () => {
  it('token, private key and signatures never appear in message, String, JSON, stack or inspect', async () => {
    const errors: unknown[] = [];
    const capture = (p: Promise<unknown>) => p.then(() => errors.push(new Error('expected a rejection')), (e: unknown) => errors.push(e));
    const privatePem = pem('p256');

    // 1. Server echoes the bearer token and the user action header in error messages.
    let fake1: DfnsFake | undefined;
    fake1 = await startDfnsFake({
      token: TOKEN,
      keys: { 'cr-test': KEYS.p256.publicKey },
      handle: (req, res) =>
        sendJson(res, 403, { error: { message: `denied for ${req.headers.authorization} with ${TOKEN} and ${String(req.headers['x-dfns-useraction'])}` } }),
    });
    const dfns = createDfnsClient({ baseUrl: fake1.baseUrl, token: TOKEN, signer: { credId: 'cr-test', privateKey: privatePem }, retry: false, timeoutMs: 200 });
    await capture(dfns.users.deactivate('us-1'));
    await capture(dfns.serviceAccounts.get('us-1'));
    const secrets = [TOKEN, privatePem, ...privatePem.split('\n').filter((l) => l.length > 20)];
    secrets.push(...fake1.exchanges.flatMap((e) => [e.signature, e.userAction, e.challengeIdentifier]));
    await fake1.close();

    // 2. Network failure against the now-closed server; 3. timeout; 4. configuration errors.
    await capture(dfns.users.deactivate('us-1'));
    fake = await startDfnsFake({ token: TOKEN, keys: {}, handle: () => undefined, before: () => true });
    const slow = createDfnsClient({ baseUrl: fake.baseUrl, token: TOKEN, signer: { credId: 'cr-test', privateKey: privatePem }, retry: false, timeoutMs: 100 });
    await capture(slow.users.deactivate('us-1'));
    await capture(createDfnsClient({ baseUrl: fake.baseUrl, token: TOKEN }).users.deactivate('us-1'));
    await capture(Promise.resolve().then(() => createDfnsClient({ token: TOKEN, signer: { credId: 'c', privateKey: privatePem.replace('A', 'B').slice(0, 200) } })));
    await capture(Promise.resolve().then(() => createDfnsClient({ token: TOKEN, baseUrl: `http://user:${TOKEN}@api.dfns.io` })));
    await capture(Promise.resolve().then(() => createDfnsClient({ baseUrl: fake!.baseUrl, token: `${TOKEN}\r\n` })));
    await capture(createDfnsClient({ baseUrl: fake.baseUrl, token: async () => `${TOKEN}\n` }).users.get('us-1'));
    // 5. Wrong token: the init call itself fails.
    await capture(createDfnsClient({ baseUrl: fake.baseUrl, token: 'wrong', signer: { credId: 'cr-test', privateKey: privatePem } }).users.deactivate('us-1'));

    expect(errors).toHaveLength(10);
    expect(secrets.length).toBeGreaterThan(5);
    for (const err of errors) {
      expect(isProviderError(err), String(err)).toBe(true);
      const e = err as ProviderError;
      const texts = [e.message, String(e), JSON.stringify(e), e.stack ?? '', inspect(e, { depth: 3 })];
      for (const text of texts) for (const secret of secrets) expect(text.includes(secret), `${e.name} leaks a secret: ${text}`).toBe(false);
    }
  });
});

/**
 * ZITADEL authentication against a real loopback server: the JWT profile assertion is verified
 * with the public key by the test server, tokens are cached, a 401 refreshes once, and static or
 * function tokens are sent as they are.
 */
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createZitadelClient, type ZitadelServiceAccountKey } from '../../../src/zitadel/index.js';
import { isProviderApiError, isProviderConfigError } from '../../../src/core/errors/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const KEY: ZitadelServiceAccountKey = { type: 'serviceaccount', keyId: '300100200300400500', key: PEM, userId: '289640802371846409' };

const USER = { details: { sequence: '6' }, user: { userId: '289640331823398921', state: 'USER_STATE_ACTIVE', username: 'ada' } };

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

interface VerifiedAssertion {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

/** Verify an RS256 JWT with the public key; throws when the signature does not hold. */
function verifyAssertion(jwt: string, key: KeyObject): VerifiedAssertion {
  const parts = jwt.split('.');
  if (parts.length !== 3) throw new Error('not a compact JWS');
  const [h, c, s] = parts as [string, string, string];
  const ok = verify('sha256', Buffer.from(`${h}.${c}`), key, Buffer.from(s, 'base64url'));
  if (!ok) throw new Error('bad signature');
  return {
    header: JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as Record<string, unknown>,
  };
}

/** A ZITADEL stand-in: token endpoint that checks the assertion, and GET /v2/users/{id}. */
async function startZitadel(opts: { expiresIn?: number; rejectFirstApiCall?: boolean } = {}) {
  const state = { minted: [] as string[], assertions: [] as VerifiedAssertion[], failures: [] as string[], apiCalls: 0 };
  const s = await startLoopbackServer(async (req: RecordedRequest, res) => {
    if (req.method === 'POST' && req.url === '/oauth/v2/token') {
      try {
        expect(req.headers['content-type']).toContain('application/x-www-form-urlencoded');
        const form = new URLSearchParams(req.body);
        expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
        expect(form.get('scope')).toBe('openid urn:zitadel:iam:org:project:id:zitadel:aud');
        const verified = verifyAssertion(form.get('assertion') ?? '', publicKey);
        state.assertions.push(verified);
      } catch (err) {
        state.failures.push(String(err));
        return sendJson(res, 400, { error: 'invalid_grant', error_description: 'assertion invalid' });
      }
      const token = `opaque-access-token-${state.minted.length + 1}-Zq8rT2`;
      state.minted.push(token);
      return sendJson(res, 200, { access_token: token, token_type: 'Bearer', expires_in: opts.expiresIn ?? 43199 });
    }
    state.apiCalls++;
    const latest = state.minted.at(-1);
    if (opts.rejectFirstApiCall && state.apiCalls === 1) return sendJson(res, 401, { code: 16, message: 'Errors.Token.Invalid (AUTH-7fs1e)' });
    if (req.headers.authorization !== `Bearer ${latest}`) return sendJson(res, 401, { code: 16, message: 'Errors.Token.Invalid' });
    return sendJson(res, 200, USER);
  });
  server = s;
  return { server: s, state };
}

describe('zitadel JWT profile grant', () => {
  it('signs an RS256 assertion the server verifies with the public key, with the required claims', async () => {
    const { server: s, state } = await startZitadel();
    const zitadel = createZitadelClient({ baseUrl: `${s.baseUrl}/`, serviceAccountKey: KEY, retry: false });
    const before = Math.floor(Date.now() / 1000);
    await expect(zitadel.users.get('289640331823398921')).resolves.toEqual(USER.user);
    expect(state.failures).toEqual([]);
    expect(state.assertions).toHaveLength(1);
    const { header, claims } = state.assertions[0]!;
    expect(header).toMatchObject({ alg: 'RS256', kid: KEY.keyId });
    expect(claims.iss).toBe(KEY.userId);
    expect(claims.sub).toBe(KEY.userId);
    expect(claims.aud).toBe(s.baseUrl); // the instance issuer: the origin, no trailing slash
    expect(claims.iat).toBeGreaterThanOrEqual(before - 1);
    expect(claims.iat).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 1);
    expect(claims.exp as number).toBeGreaterThan(claims.iat as number);
    expect((claims.exp as number) - (claims.iat as number)).toBeLessThanOrEqual(3600);
  });

  it('accepts a KeyObject and a PKCS#8 PEM as the key', async () => {
    const { server: s, state } = await startZitadel();
    const pkcs8 = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    await createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: { ...KEY, key: pkcs8 } }).users.get('1');
    await createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: { ...KEY, key: privateKey } }).users.get('1');
    expect(state.failures).toEqual([]);
    expect(state.assertions).toHaveLength(2);
  });

  it('caches the access token and shares one token request between concurrent calls', async () => {
    const { server: s, state } = await startZitadel();
    const zitadel = createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: KEY });
    await Promise.all(Array.from({ length: 20 }, () => zitadel.users.get('1')));
    await zitadel.users.get('1');
    expect(state.minted).toHaveLength(1);
    expect(s.requests.filter((r) => r.url === '/oauth/v2/token')).toHaveLength(1);
  });

  it('mints a new token once the old one is about to expire', async () => {
    const { server: s, state } = await startZitadel({ expiresIn: 1 });
    const zitadel = createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: KEY });
    await zitadel.users.get('1');
    await zitadel.users.get('1');
    expect(state.minted).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await zitadel.users.get('1');
    expect(state.minted).toHaveLength(2);
  });

  it('on 401 drops the token, mints a new one and repeats the call once', async () => {
    const { server: s, state } = await startZitadel({ rejectFirstApiCall: true });
    const zitadel = createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: KEY, retry: false });
    await expect(zitadel.users.get('1')).resolves.toEqual(USER.user);
    expect(state.minted).toHaveLength(2);
    expect(state.apiCalls).toBe(2);
  });

  it('rejects with the OAuth error code when the token endpoint refuses the assertion', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    const { server: s } = await startZitadel();
    const zitadel = createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: { ...KEY, key: other }, retry: false });
    const err = await zitadel.users.get('1').catch((e: unknown) => e);
    expect(isProviderApiError(err)).toBe(true);
    expect(err).toMatchObject({ status: 400, code: 'invalid_grant', operationId: 'createAccessToken', method: 'POST' });
    expect(s.requests.filter((r) => r.url.startsWith('/v2/'))).toHaveLength(0);
  });
});

describe('zitadel bearer tokens', () => {
  it('sends a static personal access token', async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, USER));
    await createZitadelClient({ baseUrl: server.baseUrl, token: 'pat-static-Hx82kd' }).users.get('1');
    expect(server.requests[0]?.headers.authorization).toBe('Bearer pat-static-Hx82kd');
  });

  it('calls a token function for every request', async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, USER));
    let n = 0;
    const zitadel = createZitadelClient({ baseUrl: server.baseUrl, token: async () => `rotating-${++n}` });
    await zitadel.users.get('1');
    await zitadel.users.get('1');
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer rotating-1', 'Bearer rotating-2']);
  });
});

describe('zitadel client options', () => {
  const cases: [string, () => unknown][] = [
    // @ts-expect-error the types refuse it; the run-time check is for JavaScript callers
    ['neither token nor key', () => createZitadelClient({ baseUrl: 'https://zitadel.example' })],
    // @ts-expect-error the types refuse it; the run-time check is for JavaScript callers
    ['both token and key', () => createZitadelClient({ baseUrl: 'https://zitadel.example', token: 't0ken', serviceAccountKey: KEY })],
    ['plain http to a remote host', () => createZitadelClient({ baseUrl: 'http://zitadel.example', token: 't0ken' })],
    ['a key that is not RSA', () => createZitadelClient({ baseUrl: 'https://zitadel.example', serviceAccountKey: { ...KEY, key: generateKeyPairSync('ed25519').privateKey } })],
    ['a key that does not parse', () => createZitadelClient({ baseUrl: 'https://zitadel.example', serviceAccountKey: { ...KEY, key: 'not a key' } })],
    ['a key without userId', () => createZitadelClient({ baseUrl: 'https://zitadel.example', serviceAccountKey: { ...KEY, userId: '' } })],
    ['an orgId with a line break', () => createZitadelClient({ baseUrl: 'https://zitadel.example', token: 't0ken', orgId: '1\r\nx-evil: 1' })],
    ['a token with a line break', () => createZitadelClient({ baseUrl: 'https://zitadel.example', token: 't0ken\r\nx-evil: 1' })],
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

describe('zitadel token endpoint through raw', () => {
  it('is called without a bearer token, with a static token or a service account key', async () => {
    const { server: s } = await startZitadel();
    const form = { grant_type: 'client_credentials' as const, client_id: 'report-exporter', client_secret: 'not-a-real-secret', scope: 'openid' };
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
    for (const options of [{ token: 'pat-xyz' }, { serviceAccountKey: KEY }]) {
      const zitadel = createZitadelClient({ baseUrl: s.baseUrl, retry: false, ...options });
      await zitadel.raw.POST('/oauth/v2/token', { body: form, headers });
    }
    const tokenCalls = s.requests.filter((r) => r.url === '/oauth/v2/token' && new URLSearchParams(r.body).get('grant_type') === 'client_credentials');
    expect(tokenCalls).toHaveLength(2);
    expect(tokenCalls.map((r) => r.headers.authorization)).toEqual([undefined, undefined]);
  });
});

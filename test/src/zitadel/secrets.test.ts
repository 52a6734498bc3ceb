/**
 * No ZITADEL error ever shows a secret: tokens, the private key or the signed assertion stay out
 * of `message`, `String(err)`, `JSON.stringify(err)`, the stack and `util.inspect`, even when the
 * server echoes them back in its error text.
 */
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createZitadelClient } from '../../../src/zitadel/index.js';
import { isProviderError } from '../../../src/core/errors/index.js';
import { freePort } from '../../contract/prism.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const PEM_BODY_LINES = PEM.split('\n').filter((line) => line && !line.startsWith('-----'));
const KEY = { keyId: 'key-1', key: PEM, userId: 'machine-1' };
const PAT = 'pat-secret-V9qL2mZx7w';
const MINTED = 'opaque-access-Kd93hs01Lq';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function texts(err: unknown): string[] {
  const e = err as Error;
  return [e.message, String(e), JSON.stringify(e), e.stack ?? '', inspect(e, { depth: 5 })];
}

function expectNoSecrets(err: unknown, secrets: string[]): void {
  expect(isProviderError(err)).toBe(true);
  for (const text of texts(err)) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

describe('zitadel errors never carry secrets', () => {
  it('token endpoint errors that echo the assertion and the key', async () => {
    const seen: string[] = [];
    server = await startLoopbackServer((req, res) => {
      const assertion = new URLSearchParams(req.body).get('assertion') ?? '';
      seen.push(assertion);
      sendJson(res, 400, { error: 'invalid_grant', error_description: `bad assertion ${assertion} for key ${PEM}` });
    });
    const err = await createZitadelClient({ baseUrl: server.baseUrl, serviceAccountKey: KEY, retry: false })
      .users.get('u1')
      .catch((e: unknown) => e);
    expect(seen).toHaveLength(1);
    expectNoSecrets(err, [seen[0]!, PEM, ...PEM_BODY_LINES]);
  });

  it('API errors that echo an opaque minted token or a PAT (JSON and text bodies)', async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/oauth/v2/token') return sendJson(res, 200, { access_token: MINTED, expires_in: 3600 });
      const presented = (req.headers.authorization ?? '').replace('Bearer ', '');
      if (req.url.includes('text')) {
        res.writeHead(403, { 'content-type': 'text/plain' });
        return res.end(`token ${presented} may not do this`);
      }
      return sendJson(res, 403, { code: 7, message: `token ${presented} lacks permission` });
    });
    const withKey = createZitadelClient({ baseUrl: server.baseUrl, serviceAccountKey: KEY, retry: false });
    const withPat = createZitadelClient({ baseUrl: server.baseUrl, token: PAT, retry: false });
    const withFn = createZitadelClient({ baseUrl: server.baseUrl, token: () => PAT, retry: false });
    const errors = [
      await withKey.users.get('u1').catch((e: unknown) => e),
      await withKey.users.get('text').catch((e: unknown) => e),
      await withPat.users.deactivate('u1').catch((e: unknown) => e),
      await withPat.users.get('text').catch((e: unknown) => e),
      await withFn.userGrants.get({ userId: 'u1', grantId: 'g1' }).catch((e: unknown) => e),
    ];
    for (const err of errors) {
      expect(err).toMatchObject({ status: 403 });
      expectNoSecrets(err, [MINTED, PAT, PEM, ...PEM_BODY_LINES]);
    }
    expect((errors[0] as Error).message).toContain('[REDACTED]');
  });

  it('timeouts, network failures and configuration errors', async () => {
    server = await startLoopbackServer(() => {
      /* never answers */
    });
    const timeout = await createZitadelClient({ baseUrl: server.baseUrl, token: PAT, retry: false, timeoutMs: 100 })
      .users.get('u1')
      .catch((e: unknown) => e);
    expect(timeout).toMatchObject({ name: 'ProviderTimeoutError' });
    const network = await createZitadelClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, serviceAccountKey: KEY, retry: false })
      .users.lock('u1')
      .catch((e: unknown) => e);
    expect(network).toMatchObject({ name: 'ProviderNetworkError' });
    let config: unknown;
    try {
      createZitadelClient({ baseUrl: 'https://zitadel.example', serviceAccountKey: { ...KEY, key: PEM.replace('PRIVATE KEY-----\n', 'PRIVATE KEY-----\nAAAA') } });
    } catch (err) {
      config = err;
    }
    for (const err of [timeout, network, config]) expectNoSecrets(err, [PAT, PEM, ...PEM_BODY_LINES]);
  });
});

/**
 * No SailPoint error ever shows a secret: the client secret and access tokens stay out of
 * `message`, `String(err)`, `JSON.stringify(err)`, the stack and `util.inspect`, even when the
 * server echoes them in its error text.
 */
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSailPointClient } from '../../../src/sailpoint/index.js';
import { isProviderError } from '../../../src/core/errors/index.js';
import { freePort } from '../../contract/prism.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const CLIENT_SECRET = 'csecret-8Hq2LmP0vX';
const JWT_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnRfaWQiOiJhY21lIn0.c2lnbmF0dXJlLXNlY3JldA';
const OPAQUE_TOKEN = 'opaque-sp-token-77Yx3';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function expectNoSecrets(err: unknown, secrets: string[]): void {
  expect(isProviderError(err)).toBe(true);
  const e = err as Error;
  for (const text of [e.message, String(e), JSON.stringify(e), e.stack ?? '', inspect(e, { depth: 5 })]) {
    for (const secret of secrets) expect(text).not.toContain(secret);
  }
}

describe('sailpoint errors never carry secrets', () => {
  it('token endpoint errors that echo the client secret', async () => {
    server = await startLoopbackServer((req, res) => {
      const form = new URLSearchParams(req.body);
      sendJson(res, 401, { error: `invalid client secret ${form.get('client_secret')}`, error_description: req.body });
    });
    const err = await createSailPointClient({ baseUrl: server.baseUrl, clientId: 'cid', clientSecret: CLIENT_SECRET, retry: false })
      .accounts.get('a1')
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 401, operationId: 'createOauthToken' });
    expectNoSecrets(err, [CLIENT_SECRET]);
  });

  it.each([JWT_TOKEN, OPAQUE_TOKEN])('API errors that echo the access token %#', async (token) => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/oauth/token') return sendJson(res, 200, { access_token: token, token_type: 'bearer', expires_in: 749 });
      const presented = req.headers.authorization ?? '';
      if (req.url.includes('text')) {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end(`upstream rejected ${presented} (secret ${CLIENT_SECRET})`);
      }
      return sendJson(res, 403, {
        detailCode: `403 Forbidden for ${token}`,
        trackingId: 'trk-1',
        messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: `token ${token} may not do this; header was ${presented}` }],
      });
    });
    const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: 'cid', clientSecret: CLIENT_SECRET, retry: false });
    const errors = [
      await isc.accounts.disable('a1').catch((e: unknown) => e),
      await isc.accounts.get('text').catch((e: unknown) => e),
      await isc.tasks.get('t1').catch((e: unknown) => e),
    ];
    for (const err of errors) expectNoSecrets(err, [token, CLIENT_SECRET]);
    expect(errors[0]).toMatchObject({ status: 403, trackingId: 'trk-1' });
  });

  it('timeouts, network failures and task failures', async () => {
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/oauth/token') return sendJson(res, 200, { access_token: OPAQUE_TOKEN, token_type: 'bearer', expires_in: 749 });
      if (req.url.includes('hang')) return; // never answers
      return sendJson(res, 200, {
        id: 't1',
        type: 'QUARTZ',
        uniqueName: 'x',
        description: 'x',
        parentName: null,
        launcher: 'x',
        created: '2026-01-01T00:00:00Z',
        completionStatus: 'ERROR',
        messages: [{ type: 'ERROR', key: 'k', parameters: [], localizedText: { locale: 'en', message: `failed with ${OPAQUE_TOKEN} and ${JWT_TOKEN} and ${CLIENT_SECRET}` } }],
        returns: [],
        attributes: {},
        percentComplete: 100,
      });
    });
    const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: 'cid', clientSecret: CLIENT_SECRET, retry: false });
    // The short limit only on the call that hangs, so a busy machine cannot time out the others.
    const timeout = await isc.accounts.get('hang', { timeoutMs: 100 }).catch((e: unknown) => e);
    expect(timeout).toMatchObject({ name: 'ProviderTimeoutError' });
    const taskError = await isc.tasks.wait('t1').catch((e: unknown) => e);
    expect(taskError).toMatchObject({ name: 'SailPointTaskError' });
    const network = await createSailPointClient({ baseUrl: `http://127.0.0.1:${await freePort()}`, clientId: 'cid', clientSecret: CLIENT_SECRET, retry: false })
      .accounts.enable('a1')
      .catch((e: unknown) => e);
    expect(network).toMatchObject({ name: 'ProviderNetworkError' });
    for (const err of [timeout, taskError, network]) expectNoSecrets(err, [OPAQUE_TOKEN, JWT_TOKEN, CLIENT_SECRET]);
  });
});

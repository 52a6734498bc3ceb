/**
 * Token endpoints under faults, with 50 concurrent callers sharing one token request: a 500, a
 * reset connection or a bad body from the token endpoint is retried (minting a token is
 * idempotent) and every caller is served; a caller's abort rejects that caller at once and stops
 * the token request when it was the only one waiting for it.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createSailPointClient, createZitadelClient, ProviderAbortError, ProviderError } from '../../../src/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';
import { delay, expectTypedAndClean, rejection, secretEncodings, TRANSPORTS } from './harness.js';

const CLIENT_ID = 'cid-7f3e21c0';
const CLIENT_SECRET = 'Sx/9+kQ= zä€R7/w+==';
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY = { keyId: 'k1', key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), userId: 'm1' };

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type TokenFault = (res: ServerResponse) => void;
const tokenFaults: [string, TokenFault][] = [
  ['a 500', (res) => sendJson(res, 500, { error: 'server_error' })],
  ['a 503', (res) => sendJson(res, 503, { error: 'temporarily_unavailable' })],
  ['a reset connection', (res) => res.socket?.destroy()],
  ['a reset while reading the body', (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '200' });
    res.write('{"access_token":"half');
    setTimeout(() => res.socket?.destroy(), 5);
  }],
  ['an HTML 200', (res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>login</html>');
  }],
  ['truncated JSON', (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"access_token":"tok');
  }],
];

/** Token endpoint at `tokenPath` failing its first `failures` requests with `fault`; API answers 200 for a valid bearer. */
async function startIdp(tokenPath: string, fault: TokenFault, failures: number, tokenDelayMs = 20) {
  const state = { tokenRequests: 0, api: 0, unauthorized: 0 };
  server = await startLoopbackServer(async (req: RecordedRequest, res) => {
    if (req.url === tokenPath) {
      const n = ++state.tokenRequests;
      await delay(tokenDelayMs);
      if (n <= failures) return fault(res);
      return sendJson(res, 200, { access_token: `good-${n}`, token_type: 'bearer', expires_in: 3600 });
    }
    state.api++;
    if (!/^Bearer good-\d+$/.test(req.headers.authorization ?? '')) {
      state.unauthorized++;
      return sendJson(res, 401, { error: 'bad token' });
    }
    return sendJson(res, 200, req.url.startsWith('/v2/') ? { user: { userId: 'u1' } } : { id: 'a1' });
  });
  return { server, state };
}

/**
 * Every fault on the global fetch and on the default pool (its own node:http exchange); on the
 * dispatchers, the ones whose handling differs there (reading the body).
 */
const faultsFor = (transport: string): [string, TokenFault][] =>
  transport === 'globalThis.fetch' || transport === 'default pool' ? tokenFaults : tokenFaults.filter(([name]) => /body|HTML|truncated/.test(name));

describe.each(TRANSPORTS)('token endpoints over %s', (transportName, transport) => {
  describe.each(faultsFor(transportName))('after %s', (_fault, fault) => {
    it('sailpoint: 50 concurrent callers are all served by the retried token request', async () => {
      const { server: s, state } = await startIdp('/oauth/token', fault, 2);
      const isc = createSailPointClient({ baseUrl: s.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST, fetch: transport() });
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => isc.accounts.get('a1')));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(state.tokenRequests).toBe(3);
      expect(state.api).toBe(50);
      expect(state.unauthorized).toBe(0);
    });

    it('zitadel: 50 concurrent callers are all served by the retried JWT profile request', async () => {
      const { server: s, state } = await startIdp('/oauth/v2/token', fault, 2);
      const zitadel = createZitadelClient({ baseUrl: s.baseUrl, serviceAccountKey: KEY, retry: FAST, fetch: transport() });
      const results = await Promise.allSettled(Array.from({ length: 50 }, () => zitadel.users.get('u1')));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(state.tokenRequests).toBe(3);
      expect(state.api).toBe(50);
    });
  });

  it('when the token endpoint keeps failing every caller gets the same typed error, after a bounded number of requests', async () => {
    const { server: s, state } = await startIdp('/oauth/token', (res) => sendJson(res, 500, { error: 'server_error', error_description: `echo ${CLIENT_SECRET}` }), 1000);
    const isc = createSailPointClient({ baseUrl: s.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST, fetch: transport() });
    const results = await Promise.allSettled(Array.from({ length: 50 }, () => isc.accounts.get('a1')));
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
    for (const r of results) {
      const err = (r as PromiseRejectedResult).reason;
      expectTypedAndClean(err, secretEncodings(CLIENT_SECRET, CLIENT_ID));
      expect(err).toMatchObject({ name: 'ProviderApiError', status: 500, operationId: 'createOauthToken' });
    }
    // One shared token request, retried: never one per caller.
    expect(state.tokenRequests).toBeLessThanOrEqual(FAST.attempts * 2);
    expect(state.api).toBe(0);
  });

  it("a caller's abort rejects at once and stops the token request it alone was waiting for", async () => {
    let tokenConnectionClosed = false;
    const state = { tokenRequests: 0 };
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/oauth/token') {
        state.tokenRequests++;
        res.on('close', () => (tokenConnectionClosed = true));
        return; // stalls
      }
      return sendJson(res, 200, { id: 'a1' });
    });
    const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST, timeoutMs: 5_000, fetch: transport() });
    const controller = new AbortController();
    const reason = new Error('job cancelled');
    const pending = rejection(isc.accounts.get('a1', { signal: controller.signal }));
    await delay(50);
    const abortedAt = Date.now();
    controller.abort(reason);
    const err = await pending;
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(ProviderAbortError);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).cause).toBe(reason);
    // The token request it started is cancelled and not retried after the caller gave up.
    await delay(200);
    expect(tokenConnectionClosed).toBe(true);
    expect(state.tokenRequests).toBe(1);
  });

  it('one caller aborting does not cancel the token request another caller still waits for', async () => {
    const state = { tokenRequests: 0 };
    server = await startLoopbackServer(async (req, res) => {
      if (req.url === '/oauth/token') {
        state.tokenRequests++;
        await delay(150);
        return sendJson(res, 200, { access_token: 'good-1', expires_in: 3600 });
      }
      return sendJson(res, 200, { id: 'a1' });
    });
    const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: FAST, fetch: transport() });
    const controller = new AbortController();
    const aborted = rejection(isc.accounts.get('a1', { signal: controller.signal }));
    const patient = isc.accounts.get('a1');
    await delay(30);
    controller.abort();
    expect(await aborted).toBeInstanceOf(ProviderAbortError);
    await expect(patient).resolves.toEqual({ id: 'a1' });
    expect(state.tokenRequests).toBe(1);
  });
});

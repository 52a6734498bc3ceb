/**
 * Every failure is typed: a socket reset before or while the body is read is a
 * ProviderNetworkError, a success status with HTML or truncated JSON is a ProviderResponseError
 * (status, content type, operation, length, never body text), a caller's abort is a
 * ProviderAbortError with the reason as `cause`. Idempotent calls retry the network and
 * truncated-body failures like a 503; non-idempotent calls do not.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createDfnsClient,
  createZitadelClient,
  isProviderAbortError,
  isProviderNetworkError,
  isProviderResponseError,
  ProviderAbortError,
  ProviderError,
  ProviderNetworkError,
  ProviderResponseError,
} from '../../../src/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';
import { delay, errorViews, expectTypedAndClean, rejection, TRANSPORTS } from './harness.js';

const PAT = 'pat/Q2w9+Rz71m=N';
const USER = { user: { userId: 'u1', username: 'jdoe' } };
/** Looks like a token; must never be copied out of a bad body into an error. */
const BODY_SECRET = 'opaque-Kd93hs01Lq-body-token';
const FAST = { attempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type Fault = (res: ServerResponse) => void;

const faults: Record<string, Fault> = {
  'reset before the answer': (res) => res.socket?.destroy(),
  'reset while reading the body': (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
    res.write(`{"user":{"userId":"u1","note":"${BODY_SECRET}`);
    setTimeout(() => res.socket?.destroy(), 5);
  },
  'a body shorter than its Content-Length': (res) => {
    res.socket?.end(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\nconnection: close\r\n\r\n{"user":{"userId":"u1"`);
  },
};

const badBodies: Record<string, { type: string; body: string }> = {
  'an HTML page': { type: 'text/html; charset=utf-8', body: `<html><body>Gateway says hi ${BODY_SECRET}</body></html>` },
  'truncated JSON': { type: 'application/json', body: `{"user":{"userId":"u1","token":"${BODY_SECRET}` },
  'JSON that is not JSON': { type: 'application/json', body: `${BODY_SECRET} is not json` },
};

/** Serve `first` to the first `times` requests, then the user. */
async function serve(first: (res: ServerResponse, req: RecordedRequest) => void, times = 1): Promise<LoopbackServer> {
  let n = 0;
  server = await startLoopbackServer((req, res) => {
    if (n++ < times) return first(res, req);
    return sendJson(res, 200, USER);
  });
  return server;
}

function sendRaw(res: ServerResponse, type: string, body: string, chunked = false): void {
  res.writeHead(200, chunked ? { 'content-type': type } : { 'content-type': type, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

describe.each(TRANSPORTS)('typed failures over %s', (_name, transport) => {
  describe.each(Object.entries(faults))('%s', (_fault, fault) => {
    it('is a ProviderNetworkError on a single attempt', async () => {
      const s = await serve(fault, 10);
      const client = createZitadelClient({ baseUrl: s.baseUrl, token: PAT, retry: false, fetch: transport() });
      const err = await rejection(client.users.get('u1'));
      expectTypedAndClean(err, [PAT, BODY_SECRET]);
      expect(err).toBeInstanceOf(ProviderNetworkError);
      expect(isProviderNetworkError(err)).toBe(true);
      expect(err).toMatchObject({ operationId: 'getUser', method: 'GET' });
      expect(s.requests).toHaveLength(1);
    });

    it('is retried for an idempotent read, which then resolves', async () => {
      const s = await serve(fault, 2);
      const client = createZitadelClient({ baseUrl: s.baseUrl, token: PAT, retry: FAST, fetch: transport() });
      await expect(client.users.get('u1')).resolves.toEqual(USER.user);
      expect(s.requests).toHaveLength(3);
    });

    it('is not retried for a non-idempotent call', async () => {
      const s = await serve(fault, 10);
      const client = createDfnsClient({ baseUrl: s.baseUrl, token: PAT, retry: FAST, fetch: transport() });
      const err = await rejection(
        client.raw.POST('/auth/action', { body: { challengeIdentifier: 'ci-1', firstFactor: { kind: 'Key', credentialAssertion: { credId: 'c', clientData: 'x', signature: 'y' } } } }),
      );
      expect(err).toBeInstanceOf(ProviderNetworkError);
      expect(s.requests).toHaveLength(1);
    });
  });

  describe.each(Object.entries(badBodies))('a 200 with %s', (_what, bad) => {
    it.each([false, true])('is a ProviderResponseError with status, type, operation and length, never the body (chunked: %s)', async (chunked) => {
      const s = await serve((res) => sendRaw(res, bad.type, bad.body, chunked), 10);
      const client = createZitadelClient({ baseUrl: s.baseUrl, token: PAT, retry: false, fetch: transport() });
      const err = await rejection(client.users.get('u1'));
      expectTypedAndClean(err, [PAT, BODY_SECRET, bad.body.slice(0, 12)]);
      expect(err).toBeInstanceOf(ProviderResponseError);
      expect(isProviderResponseError(err)).toBe(true);
      const e = err as ProviderResponseError;
      expect(e).toMatchObject({ status: 200, operationId: 'getUser', method: 'GET', contentType: bad.type, length: Buffer.byteLength(bad.body) });
      expect(e.message).toContain('200');
      expect(e.message).toContain('getUser');
      expect(JSON.parse(JSON.stringify(e))).toMatchObject({ name: 'ProviderResponseError', status: 200, contentType: bad.type });
    });

    it('is retried for an idempotent read, like a 503', async () => {
      const s = await serve((res) => sendRaw(res, bad.type, bad.body), 1);
      const client = createZitadelClient({ baseUrl: s.baseUrl, token: PAT, retry: FAST, fetch: transport() });
      await expect(client.users.get('u1')).resolves.toEqual(USER.user);
      expect(s.requests).toHaveLength(2);
    });

    it('is not retried for a non-idempotent call', async () => {
      const s = await serve((res) => sendRaw(res, bad.type, bad.body), 10);
      const client = createDfnsClient({ baseUrl: s.baseUrl, token: PAT, retry: FAST, fetch: transport() });
      const err = await rejection(
        client.raw.POST('/auth/action', { body: { challengeIdentifier: 'ci-1', firstFactor: { kind: 'Key', credentialAssertion: { credId: 'c', clientData: 'x', signature: 'y' } } } }),
      );
      expect(err).toBeInstanceOf(ProviderResponseError);
      expect(s.requests).toHaveLength(1);
    });
  });

  it('an error status with an HTML body is still a ProviderApiError with its status', async () => {
    const s = await serve((res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end(`<html>${BODY_SECRET.slice(0, 3)} maintenance</html>`);
    }, 10);
    const client = createZitadelClient({ baseUrl: s.baseUrl, token: PAT, retry: false, fetch: transport() });
    const err = await rejection(client.users.get('u1'));
    expectTypedAndClean(err, [PAT]);
    expect(err).toMatchObject({ name: 'ProviderApiError', status: 503 });
  });

  it("a caller's abort while the body trickles in is a ProviderAbortError with the reason as cause", async () => {
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
      res.write('{"user":');
      // Never finishes; the abort must end the wait.
    });
    const client = createZitadelClient({ baseUrl: server.baseUrl, token: PAT, fetch: transport() });
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    const pending = rejection(client.users.get('u1', { signal: controller.signal }));
    // Abort once the body has started to arrive (bounded: the server answers within a second).
    for (let i = 0; i < 200 && server.requests.length === 0; i++) await delay(5);
    await delay(20);
    controller.abort(reason);
    const err = await pending;
    expect(err).toBeInstanceOf(ProviderAbortError);
    expect(err).toBeInstanceOf(ProviderError);
    expect(isProviderAbortError(err)).toBe(true);
    expect((err as Error).name).toBe('AbortError');
    expect((err as Error).cause).toBe(reason);
    expect(err).toMatchObject({ operationId: 'getUser', provider: 'zitadel' });
    expect(server.requests).toHaveLength(1);
    for (const view of errorViews(err)) expect(view).not.toContain(PAT);
  });

  it('an already aborted signal rejects with a ProviderAbortError before anything is sent', async () => {
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, USER));
    const client = createZitadelClient({ baseUrl: server.baseUrl, token: PAT, fetch: transport() });
    const err = await rejection(client.users.get('u1', { signal: AbortSignal.abort() }));
    expect(err).toBeInstanceOf(ProviderAbortError);
    expect((err as Error).name).toBe('AbortError');
    expect(((err as Error).cause as Error).name).toBe('AbortError');
    expect(server.requests).toHaveLength(0);
  });
});

/**
 * A response larger than `maxResponseBytes` is refused while it streams in: the client stops
 * reading and closes the connection (the server sees it hang up long before it has written the
 * whole body), rejects with a typed ProviderResponseError, and keeps nothing of the body. Error
 * answers are bounded the same way. Holds on the global fetch and on a dispatcher.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createZitadelClient, DEFAULT_MAX_RESPONSE_BYTES, isProviderResponseError, ProviderResponseError } from '../../../src/index.js';
import { startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { delay, expectTypedAndClean, rejection, startFloodServer, TRANSPORTS } from './harness.js';

const PAT = 'pat/Q2w9+Rz71m=N';
const LIMIT = 64 * 1024;
/** Far more than loopback socket buffers can absorb, so an early hang-up is visible. */
const TOTAL = 64 * 1024 * 1024;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe.each(TRANSPORTS)('maxResponseBytes over %s', (_name, transport) => {
  it.each([200, 400])('a %i body larger than the limit is refused while streaming, and the connection is closed early', async (status) => {
    const flood = await startFloodServer(TOTAL, status);
    servers.push(flood);
    const client = createZitadelClient({ baseUrl: flood.baseUrl, token: PAT, retry: false, maxResponseBytes: LIMIT, fetch: transport() });
    const err = await rejection(client.users.get('u1'));
    expectTypedAndClean(err, [PAT]);
    expect(err).toBeInstanceOf(ProviderResponseError);
    expect(isProviderResponseError(err)).toBe(true);
    expect(err).toMatchObject({ status, operationId: 'getUser', limitBytes: LIMIT });
    expect((err as Error).message).toContain(String(LIMIT));
    expect((err as { body?: unknown }).body).toBeUndefined();
    for (let i = 0; i < 50 && !flood.records[0]?.closedEarly; i++) await delay(20);
    expect(flood.records).toHaveLength(1);
    expect(flood.records[0]!.closedEarly).toBe(true);
    expect(flood.records[0]!.finished).toBe(false);
    expect(flood.records[0]!.written).toBeLessThan(TOTAL / 2);
  });

  it('a too-large answer is not retried: it would be as large again', async () => {
    const flood = await startFloodServer(4 * LIMIT);
    servers.push(flood);
    const client = createZitadelClient({ baseUrl: flood.baseUrl, token: PAT, retry: { attempts: 3, baseDelayMs: 1 }, maxResponseBytes: LIMIT, fetch: transport() });
    await expect(client.users.get('u1')).rejects.toBeInstanceOf(ProviderResponseError);
    expect(flood.records).toHaveLength(1);
  });

  it('a declared Content-Length above the limit is refused before reading the body', async () => {
    let bodyBytesWritten = 0;
    const server: LoopbackServer = await startLoopbackServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(LIMIT * 8) });
      const tick = setInterval(() => {
        if (res.destroyed || bodyBytesWritten >= LIMIT * 8) return clearInterval(tick);
        bodyBytesWritten += 1024;
        res.write(Buffer.alloc(1024, 0x20));
      }, 20);
    });
    servers.push(server);
    const client = createZitadelClient({ baseUrl: server.baseUrl, token: PAT, retry: false, maxResponseBytes: LIMIT, fetch: transport() });
    const started = Date.now();
    const err = await rejection(client.users.get('u1'));
    expect(err).toMatchObject({ name: 'ProviderResponseError', limitBytes: LIMIT, length: LIMIT * 8 });
    // Refused on the header: well before the trickle could have reached the limit (64 ticks).
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('a body within the limit is read in full', async () => {
    const flood = await startFloodServer(LIMIT - 10);
    servers.push(flood);
    const client = createZitadelClient({ baseUrl: flood.baseUrl, token: PAT, retry: false, maxResponseBytes: LIMIT, fetch: transport() });
    // The flood body is `[` + spaces + `]`: valid JSON, an empty array.
    await expect(client.raw.GET('/v2/users/{userId}', { params: { path: { userId: 'u1' } } })).resolves.toMatchObject({ data: [] });
    expect(flood.records[0]!.finished).toBe(true);
  });
});

describe('the documented default', () => {
  it('applies when no maxResponseBytes is given', async () => {
    const flood = await startFloodServer(DEFAULT_MAX_RESPONSE_BYTES + 1024);
    servers.push(flood);
    const client = createZitadelClient({ baseUrl: flood.baseUrl, token: PAT, retry: false });
    const err = await rejection(client.users.get('u1'));
    expect(err).toMatchObject({ name: 'ProviderResponseError', limitBytes: DEFAULT_MAX_RESPONSE_BYTES });
  });
});

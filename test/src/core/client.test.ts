import { afterEach, describe, expect, it } from 'vitest';
import {
  ProviderApiError,
  bearerAuth,
  createTypedClient,
  isProviderApiError,
  isProviderConfigError,
  isProviderNetworkError,
  isProviderTimeoutError,
  type CoreClientOptions,
  type FetchLike,
} from '../../../src/core/index.js';
import { sendJson, startLoopbackServer, type Handler, type LoopbackServer } from '../../helpers/loopback-server.js';
import { fixtureErrorDetails, fixtureOperations, type fixturePaths } from './fixture-api.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(handler: Handler, options: Partial<CoreClientOptions<typeof fixtureOperations>> = {}) {
  server = await startLoopbackServer(handler);
  const client = createTypedClient<fixturePaths, typeof fixtureOperations>({
    provider: 'fixture',
    baseUrl: server.baseUrl,
    operations: fixtureOperations,
    errorDetails: fixtureErrorDetails,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    middleware: [bearerAuth('tok-secret-123', { provider: 'fixture' })],
    ...options,
  });
  return { server, client };
}

const ok: Handler = (req, res) => sendJson(res, 200, { id: req.url });

describe('createTypedClient: options', () => {
  it.each([
    ['http://api.example.com', false],
    ['ftp://127.0.0.1', false],
    ['https://api.example.com', true],
    ['http://127.0.0.1:8080', true],
    ['http://localhost:1', true],
    ['http://[::1]:1', true],
  ])('baseUrl %s accepted: %s', (baseUrl, accepted) => {
    const create = () => createTypedClient<fixturePaths>({ provider: 'fixture', baseUrl, operations: fixtureOperations, errorDetails: fixtureErrorDetails });
    if (accepted) expect(create).not.toThrow();
    else expect(create).toThrow(/https/);
  });

  it('refuses a non-positive timeout', () => {
    expect(() =>
      createTypedClient<fixturePaths>({ provider: 'fixture', baseUrl: 'https://x.test', operations: fixtureOperations, errorDetails: fixtureErrorDetails, timeoutMs: 0 }),
    ).toThrow(/timeoutMs/);
  });
});

describe('createTypedClient: path parameters through the real client', () => {
  const cases: [string, string][] = [
    ['../x', '/items/..%2Fx'],
    ['a/b', '/items/a%2Fb'],
    ['a?b=c', '/items/a%3Fb%3Dc'],
    ['a#frag', '/items/a%23frag'],
    ['%2F', '/items/%252F'],
    ['..%2F..%2Fadmin', '/items/..%252F..%252Fadmin'],
    ["$'", '/items/%24%27'],
    ['$&', '/items/%24%26'],
    ['a b', '/items/a%20b'],
    ['{id}', '/items/%7Bid%7D'],
    ['ü', '/items/%C3%BC'],
  ];
  it.each(cases)('%j stays one segment', async (id, expected) => {
    const { client, server } = await setup(ok);
    const { data } = await client.raw.GET('/items/{id}', { params: { path: { id } } });
    expect(server.requests[0]!.url).toBe(expected);
    expect(data).toEqual({ id: expected });
  });

  it('fills two parameters without one leaking into the other', async () => {
    const { client, server } = await setup(ok);
    await client.raw.GET('/items/{id}/parts/{partId}', { params: { path: { id: '{partId}', partId: '$`' } } });
    expect(server.requests[0]!.url).toBe('/items/%7BpartId%7D/parts/%24%60');
  });

  it.each(['', '.', '..'])('refuses %j before sending anything', async (id) => {
    const { client, server } = await setup(ok);
    await expect(client.raw.GET('/items/{id}', { params: { path: { id } } })).rejects.toSatisfy(isProviderConfigError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a missing path parameter', async () => {
    const { client, server } = await setup(ok);
    await expect(client.raw.GET('/items/{id}', {} as never)).rejects.toThrow(/missing path parameter id/);
    expect(server.requests).toHaveLength(0);
  });

  it('encodes query values', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 200, { items: [] }));
    await client.raw.GET('/items', { params: { query: { cursor: 'a&b=c#d' } } });
    expect(server.requests[0]!.url).toBe('/items?cursor=a%26b%3Dc%23d');
  });
});

describe('createTypedClient: headers', () => {
  it.each(['x\r\nInjected: 1', '\nleading', 'trailing\n', 'nul\0'])('refuses header value %j', async (value) => {
    const { client, server } = await setup(ok);
    await expect(client.raw.GET('/items/{id}', { params: { path: { id: '1' } }, headers: { 'x-custom': value } })).rejects.toSatisfy(isProviderConfigError);
    expect(server.requests).toHaveLength(0);
  });

  it('refuses a token with a line break from a token function', async () => {
    const { client, server } = await setup(ok, { middleware: [bearerAuth(async () => 'tok\r\nX-Evil: 1', { provider: 'fixture' })] });
    await expect(client.raw.GET('/items/{id}', { params: { path: { id: '1' } } })).rejects.toSatisfy(isProviderConfigError);
    expect(server.requests).toHaveLength(0);
  });

  it('sends the bearer token, resolving a function on every attempt', async () => {
    let n = 0;
    const { client, server } = await setup((req, res) => (server.requests.length === 1 ? sendJson(res, 503, {}) : ok(req, res)), {
      middleware: [bearerAuth(async () => `tok-${++n}`, { provider: 'fixture' })],
    });
    await client.raw.GET('/items/{id}', { params: { path: { id: '1' } } });
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
  });

  it('refuses a per-call baseUrl that is not https', async () => {
    const { client } = await setup(ok);
    await expect(client.raw.GET('/items/{id}', { params: { path: { id: '1' } }, baseUrl: 'http://example.com' })).rejects.toSatisfy(isProviderConfigError);
  });
});

describe('createTypedClient: retries', () => {
  it('honours Retry-After in seconds on 429', async () => {
    const { client, server } = await setup((req, res) =>
      server.requests.length === 1 ? sendJson(res, 429, { message: 'slow down' }, { 'retry-after': '1' }) : ok(req, res),
    );
    const started = Date.now();
    const item = await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }));
    expect(item).toEqual({ id: '/items/1' });
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('honours Retry-After as an HTTP date', async () => {
    let first = 0;
    const { client, server } = await setup((req, res) => {
      if (server.requests.length === 1) {
        first = Date.now();
        // Two seconds ahead, truncated to whole seconds by the date format: a wait of 1-2 s.
        return sendJson(res, 503, {}, { 'retry-after': new Date(Date.now() + 2000).toUTCString() });
      }
      expect(Date.now() - first).toBeGreaterThanOrEqual(900);
      return ok(req, res);
    });
    await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }));
    expect(server.requests).toHaveLength(2);
  });

  it('clamps a long Retry-After to maxRetryAfterMs', async () => {
    const { client, server } = await setup(
      (req, res) => (server.requests.length === 1 ? sendJson(res, 429, {}, { 'retry-after': '3600' }) : ok(req, res)),
      { retry: { maxRetryAfterMs: 20 } },
    );
    const started = Date.now();
    await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }));
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not retry a non-idempotent operation on 503', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 503, { message: 'unavailable' }));
    const err = await client.call('createItem', client.raw.POST('/items', { body: { name: 'n' } })).catch((e: unknown) => e);
    expect(isProviderApiError(err) && err.status).toBe(503);
    expect(server.requests).toHaveLength(1);
  });

  it.each([502, 503, 504])('retries an idempotent operation on %i up to the attempt limit', async (status) => {
    const { client, server } = await setup((_req, res) => sendJson(res, status, { message: 'busy' }));
    const { response } = await client.raw.PUT('/items/{id}', { params: { path: { id: '1' } } });
    expect(response.status).toBe(status);
    expect(server.requests).toHaveLength(3);
  });

  it('always retries 429, even for a non-idempotent operation', async () => {
    const { client, server } = await setup((req, res) =>
      server.requests.length < 3 ? sendJson(res, 429, {}, { 'retry-after': '0' }) : sendJson(res, 200, { id: 'new' }),
    );
    const item = await client.call('createItem', client.raw.POST('/items', { body: { name: 'n' } }));
    expect(item).toEqual({ id: 'new' });
    expect(server.requests).toHaveLength(3);
    // The body is sent again, whole, on every attempt.
    expect(server.requests.map((r) => r.body)).toEqual(Array(3).fill('{"name":"n"}'));
  });

  it('does not retry 4xx other than 429', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 404, { message: 'no such item', code: 'NOT_FOUND' }, { 'x-trace-id': 'tr-1' }));
    const err = await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: 'zz' } } })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderApiError);
    const apiErr = err as ProviderApiError;
    expect(apiErr).toMatchObject({ provider: 'fixture', operationId: 'getItem', method: 'GET', status: 404, code: 'NOT_FOUND', trackingId: 'tr-1' });
    expect(apiErr.url).toBe(`${server.baseUrl}/items/zz`);
    expect(apiErr.message).toBe(`fixture getItem: GET ${server.baseUrl}/items/zz failed with HTTP 404: no such item`);
    expect(apiErr.body).toEqual({ message: 'no such item', code: 'NOT_FOUND' });
    expect(server.requests).toHaveLength(1);
  });

  it('retry: false makes a single attempt', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 429, {}, { 'retry-after': '0' }), { retry: false });
    const err = await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '1' } } })).catch((e: unknown) => e);
    expect(isProviderApiError(err) && err.retryAfterMs).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('retries a refused connection for idempotent operations only', async () => {
    server = await startLoopbackServer(ok);
    const baseUrl = server.baseUrl;
    await server.close();
    server = undefined;
    let calls = 0;
    const counting: FetchLike = (req) => {
      calls++;
      return fetch(req);
    };
    const client = createTypedClient<fixturePaths, typeof fixtureOperations>({
      provider: 'fixture',
      baseUrl,
      operations: fixtureOperations,
      errorDetails: fixtureErrorDetails,
      retry: { baseDelayMs: 1 },
      fetch: counting,
    });
    const getErr = await client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);
    expect(isProviderNetworkError(getErr)).toBe(true);
    expect(getErr).toMatchObject({ operationId: 'getItem', method: 'GET', url: `${baseUrl}/items/1`, causeCode: 'ECONNREFUSED' });
    expect(calls).toBe(3);
    calls = 0;
    const postErr = await client.raw.POST('/items', { body: { name: 'n' } }).catch((e: unknown) => e);
    expect(isProviderNetworkError(postErr)).toBe(true);
    expect(calls).toBe(1);
  });

  it('repeats an attempt once after onUnauthorized resolves true', async () => {
    let refreshes = 0;
    const { client, server } = await setup((req, res) => (server.requests.length === 1 ? sendJson(res, 401, {}) : ok(req, res)), {
      onUnauthorized: () => {
        refreshes++;
        return true;
      },
    });
    const item = await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }));
    expect(item).toEqual({ id: '/items/1' });
    expect(refreshes).toBe(1);
  });
});

describe('createTypedClient: timeout and abort', () => {
  const hang: Handler = () => undefined; // never answers

  it('rejects with a timeout error per attempt and retries idempotent operations', async () => {
    const { client, server } = await setup(hang, { timeoutMs: 100, retry: { attempts: 2, baseDelayMs: 1 } });
    const started = Date.now();
    const err = await client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);
    expect(isProviderTimeoutError(err)).toBe(true);
    expect(err).toMatchObject({ operationId: 'getItem', method: 'GET', timeoutMs: 100, url: `${server.baseUrl}/items/1` });
    expect(String(err)).toBe(`ProviderTimeoutError: fixture getItem: GET ${server.baseUrl}/items/1 timed out after 100 ms`);
    expect(server.requests).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not retry a timed-out non-idempotent operation', async () => {
    const { client, server } = await setup(hang, { timeoutMs: 100 });
    await expect(client.raw.POST('/items', { body: { name: 'n' } })).rejects.toSatisfy(isProviderTimeoutError);
    expect(server.requests).toHaveLength(1);
  });

  it("the caller's signal aborts the attempt and the retries", async () => {
    const { client, server } = await setup(hang, { timeoutMs: 10_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = Date.now();
    const err = await client.raw.GET('/items/{id}', { params: { path: { id: '1' } }, signal: controller.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(server.requests).toHaveLength(1);
  });

  it('an abort during the backoff wait stops further attempts', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 503, {}, { 'retry-after': '5' }));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 100);
    await expect(client.raw.GET('/items/{id}', { params: { path: { id: '1' } }, signal: controller.signal })).rejects.toThrow('stop');
    expect(server.requests).toHaveLength(1);
  });

  it('an already aborted signal sends nothing', async () => {
    const { client, server } = await setup(ok);
    await expect(client.raw.GET('/items/{id}', { params: { path: { id: '1' } }, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests).toHaveLength(0);
  });
});

describe('createTypedClient: raw keeps the openapi-fetch shape', () => {
  it('returns { data, error, response } without throwing on HTTP errors', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 400, { message: 'bad' }));
    const result = await client.raw.GET('/items/{id}', { params: { path: { id: '1' } } });
    expect(result.data).toBeUndefined();
    expect(result.error).toEqual({ message: 'bad' });
    expect(result.response.status).toBe(400);
  });

  it('serializes a JSON body once per call and shows middleware the exact text', async () => {
    const { client, server } = await setup((req, res) => (server.requests.length === 1 ? sendJson(res, 429, {}, { 'retry-after': '0' }) : sendJson(res, 200, { id: 'x' })));
    const seen: (string | undefined)[] = [];
    client.raw.use({ onRequest: ({ call }) => void seen.push(call.body) });
    let calls = 0;
    const body = {
      get name() {
        calls++;
        return 'n';
      },
    };
    await client.call('createItem', client.raw.POST('/items', { body }));
    expect(calls).toBe(1);
    expect(seen).toEqual(['{"name":"n"}', '{"name":"n"}']);
    expect(server.requests.map((r) => r.body)).toEqual(['{"name":"n"}', '{"name":"n"}']);
  });

  it('exposes operations by method and path', async () => {
    const { client } = await setup(ok);
    expect(client.operation('put', '/items/{id}')).toMatchObject({ operationId: 'putItem', idempotent: true });
    expect(client.operation('GET', '/nope')).toBeUndefined();
  });
});

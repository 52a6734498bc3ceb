/**
 * The client's transport: the deferred Request openapi-fetch builds, the buffered Response a
 * dispatcher answers with, and `dispatcherFetch` end to end against a real loopback server
 * (through a small `node:http` dispatcher with undici's `request()` shape).
 */
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BufferedResponse, DeferredRequest } from '../../../src/core/deferred.js';
import {
  createTypedClient,
  dispatcherFetch,
  isProviderApiError,
  isProviderNetworkError,
  isProviderTimeoutError,
  type FetchLike,
  type RequestDispatcher,
} from '../../../src/core/index.js';
import { sendJson, startLoopbackServer, type Handler, type LoopbackServer } from '../../helpers/loopback-server.js';
import { fixtureErrorDetails, fixtureOperations, type fixturePaths } from './fixture-api.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

type DispatchOptions = Parameters<RequestDispatcher['request']>[0];

/** undici's `request()` contract over node:http with keep-alive, recording what it was asked. */
function httpDispatcher(): RequestDispatcher & { calls: DispatchOptions[]; agent: http.Agent } {
  const agent = new http.Agent({ keepAlive: true });
  const calls: DispatchOptions[] = [];
  return {
    calls,
    agent,
    request(options) {
      calls.push(options);
      return new Promise((resolve, reject) => {
        const req = http.request(`${options.origin}${options.path}`, { method: options.method, headers: options.headers, agent, signal: options.signal }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const bytes = Buffer.concat(chunks);
            resolve({
              statusCode: res.statusCode ?? 0,
              headers: res.headers,
              body: { arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, dump: async () => {} },
            });
          });
          res.on('error', reject);
        });
        req.on('error', reject);
        req.end(options.body ?? undefined);
      });
    },
  };
}

async function setup(handler: Handler, fetch?: FetchLike, timeoutMs?: number) {
  server = await startLoopbackServer(handler);
  const client = createTypedClient<fixturePaths, typeof fixtureOperations>({
    provider: 'fixture',
    baseUrl: server.baseUrl,
    operations: fixtureOperations,
    errorDetails: fixtureErrorDetails,
    retry: false,
    ...(fetch ? { fetch } : {}),
    ...(timeoutMs ? { timeoutMs } : {}),
  });
  return { server, client };
}

describe('DeferredRequest', () => {
  const url = 'http://127.0.0.1:9/items/a b?x=1';

  it('shows URL, method, headers, signal and redirect as a real Request would', () => {
    const init = { method: 'post', headers: new Headers({ 'X-Trace': '1' }), body: '{"a":1}' };
    const deferred = new DeferredRequest(url, init);
    const real = new Request(url, init);
    expect([deferred.url, deferred.method, deferred.redirect, deferred.signal.aborted]).toEqual([real.url, real.method, real.redirect, false]);
    expect(deferred.headers.get('x-trace')).toBe('1');
    expect(new DeferredRequest(url, { method: 'purge' }).method).toBe(new Request(url, { method: 'purge' }).method);
    expect([deferred.mode, deferred.cache, deferred.credentials, deferred.keepalive]).toEqual([real.mode, real.cache, real.credentials, real.keepalive]);
  });

  it('reads a plain body once, like a Request', async () => {
    const deferred = new DeferredRequest(url, { method: 'POST', body: '{"a":1}' });
    expect(deferred.bodyUsed).toBe(false);
    expect(await deferred.json()).toEqual({ a: 1 });
    expect(deferred.bodyUsed).toBe(true);
    await expect(deferred.text()).rejects.toThrow(TypeError);
    expect([deferred.mode, deferred.bodyUsed]).toEqual(['cors', true]);
    expect(await new DeferredRequest(url, { method: 'POST', body: new URLSearchParams({ a: 'b c' }) }).text()).toBe('a=b+c');
    expect(new Uint8Array(await new DeferredRequest(url, { method: 'POST', body: 'é' }).arrayBuffer())).toEqual(new TextEncoder().encode('é'));
    const empty = new DeferredRequest(url);
    expect(empty.body).toBeNull();
    expect(await empty.text()).toBe('');
  });

  it('becomes a real Request for the body stream and clone(), keeping headers set before', async () => {
    const deferred = new DeferredRequest(url, { method: 'PUT', headers: new Headers(), body: 'payload' });
    deferred.headers.set('authorization', 'Bearer t');
    const clone = deferred.clone();
    expect(clone).toBeInstanceOf(Request);
    expect(clone.headers.get('authorization')).toBe('Bearer t');
    expect(await clone.text()).toBe('payload');
    expect(await new Response(deferred.body).text()).toBe('payload');
  });

  it('counts real Requests as instances (what openapi-fetch checks onRequest results against)', () => {
    expect(new Request(url) instanceof DeferredRequest).toBe(true);
    expect(new DeferredRequest(url) instanceof DeferredRequest).toBe(true);
    expect({ url } instanceof DeferredRequest).toBe(false);
  });

  it('refuses a URL with credentials, as Request does', () => {
    expect(() => new DeferredRequest('http://user:pw@127.0.0.1/')).toThrow(TypeError);
  });
});

describe('BufferedResponse', () => {
  const make = (status = 200, body: string | null = '{"id":"1"}') =>
    new BufferedResponse(body === null ? null : new TextEncoder().encode(body), { status, headers: new Headers({ 'content-type': 'application/json' }), url: 'http://127.0.0.1:9/x' });

  it('has status, ok, statusText, headers and url', () => {
    const response = make(404);
    expect([response.status, response.ok, response.statusText, response.url, response.headers.get('content-type')]).toEqual([404, false, 'Not Found', 'http://127.0.0.1:9/x', 'application/json']);
    expect(make().ok).toBe(true);
  });

  it('reads the body once; clones read on their own', async () => {
    const response = make();
    const clone = response.clone();
    expect(await response.json()).toEqual({ id: '1' });
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect(await clone.text()).toBe('{"id":"1"}');
    expect(await (await make().blob()).text()).toBe('{"id":"1"}');
    expect(await new Response(make().body).json()).toEqual({ id: '1' });
  });

  it('has no body for 204 and refuses statuses a Response cannot have', async () => {
    const response = make(204, 'ignored');
    expect(response.body).toBeNull();
    expect(await response.text()).toBe('');
    expect(() => make(99)).toThrow(RangeError);
  });
});

describe('the client transport', () => {
  const echo: Handler = (req, res) =>
    req.url === '/items/gone' ? sendJson(res, 404, { message: 'no such item', code: 'E404' }) : sendJson(res, 200, { id: req.url });

  it('hands a custom fetch a real Request', async () => {
    const seen: unknown[] = [];
    const { client } = await setup(echo, async (request) => {
      seen.push(request instanceof Request, request.method, await request.clone().json());
      return fetch(request);
    });
    const { data } = await client.raw.POST('/items', { body: { name: 'n' } });
    expect(data).toEqual({ id: '/items' });
    expect(seen).toEqual([true, 'POST', { name: 'n' }]);
  });

  it("gives callers' middleware real Requests once they add some", async () => {
    const { client } = await setup(echo);
    const seen: boolean[] = [];
    client.raw.use({
      onRequest({ request }) {
        seen.push(request instanceof Request);
        return undefined;
      },
    });
    await client.raw.GET('/items/{id}', { params: { path: { id: '1' } } });
    expect(seen).toEqual([true]);
  });

  describe('through dispatcherFetch', () => {
    it('sends method, path with query, headers and the exact JSON body', async () => {
      const dispatcher = httpDispatcher();
      const { client, server } = await setup(echo, dispatcherFetch(dispatcher));
      const posted = await client.raw.POST('/items', { body: { name: 'ü' }, headers: { authorization: 'Bearer t' } });
      expect(posted.data).toEqual({ id: '/items' });
      expect(posted.response.url).toBe(`${server.baseUrl}/items`);
      expect(server.requests[0]).toMatchObject({ method: 'POST', url: '/items', body: '{"name":"ü"}' });
      expect(server.requests[0]!.headers).toMatchObject({ authorization: 'Bearer t', 'content-type': 'application/json' });
      await client.raw.GET('/items', { params: { query: { cursor: 'a b', limit: 2 } } });
      expect(dispatcher.calls[1]).toMatchObject({ origin: server.baseUrl, path: '/items?cursor=a%20b&limit=2', method: 'GET', body: null });
      dispatcher.agent.destroy();
    });

    it('maps error answers, timeouts and refused connections like the default transport', async () => {
      const dispatcher = httpDispatcher();
      const { client, server: live } = await setup((req, res) => (req.url === '/items/slow' ? undefined : echo(req, res)), dispatcherFetch(dispatcher), 200);
      const gone = await client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: 'gone' } } })).catch((e: unknown) => e);
      expect(isProviderApiError(gone) && [gone.status, gone.code, gone.url]).toEqual([404, 'E404', `${live.baseUrl}/items/gone`]);
      const slow = await client.raw.GET('/items/{id}', { params: { path: { id: 'slow' } } }).catch((e: unknown) => e);
      expect(isProviderTimeoutError(slow)).toBe(true);
      expect(dispatcher.calls[1]?.signal?.aborted).toBe(true);
      await live.close();
      server = undefined;
      const refused = await client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }).catch((e: unknown) => e);
      expect(isProviderNetworkError(refused) && refused.causeCode).toBe('ECONNREFUSED');
      dispatcher.agent.destroy();
    });

    it('encodes form and multipart bodies with their content types', async () => {
      const dispatcher = httpDispatcher();
      const { client, server } = await setup(echo, dispatcherFetch(dispatcher));
      await client.raw.POST('/items', { body: { name: 'a b' } as never, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
      expect(server.requests[0]).toMatchObject({ body: 'name=a+b' });
      expect(server.requests[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
      const form = new FormData();
      form.append('name', 'n');
      await client.raw.POST('/items', { body: form as never });
      expect(server.requests[1]!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      expect(server.requests[1]!.body).toContain('name="name"');
      dispatcher.agent.destroy();
    });

    it('answers real Requests with real Responses (on its own, or under callers middleware)', async () => {
      const dispatcher = httpDispatcher();
      const send = dispatcherFetch(dispatcher);
      const { client, server } = await setup(echo, send);
      const alone = await send(new Request(`${server.baseUrl}/items`, { method: 'POST', body: 'x' }));
      expect(alone).toBeInstanceOf(Response);
      expect(await alone.json()).toEqual({ id: '/items' });
      expect(server.requests[0]!.body).toBe('x');
      client.raw.use({ onResponse: ({ response }) => void expect(response).toBeInstanceOf(Response) });
      const { data, response } = await client.raw.GET('/items/{id}', { params: { path: { id: '2' } } });
      expect(data).toEqual({ id: '/items/2' });
      expect(response).toBeInstanceOf(Response);
      dispatcher.agent.destroy();
    });
  });
});

/**
 * The seam between the client's transport and openapi-fetch, pinned: the transport hands
 * openapi-fetch its own `Request` class and relies on how openapi-fetch uses it. These tests run
 * openapi-fetch itself (not our client) with that class, so an openapi-fetch release that builds
 * requests differently, re-wraps them or checks middleware results another way fails here.
 */
import { readFileSync } from 'node:fs';
import createClient from 'openapi-fetch';
import { describe, expect, it } from 'vitest';
import { DeferredRequest } from '../../../src/core/deferred.js';
import { dispatcherFetch, type RequestDispatcher } from '../../../src/core/index.js';
import { OPENAPI_FETCH_VERIFIED, createTransport } from '../../../src/core/transport.js';
import type { fixturePaths } from './fixture-api.js';

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as { version: string; dependencies: Record<string, string> };

type Answer = { status: number; body: string | null; headers?: Record<string, string> };

/** A dispatcher that answers from a list and records what it was asked; no network. */
function answering(...answers: Answer[]): RequestDispatcher & { calls: Parameters<RequestDispatcher['request']>[0][] } {
  const calls: Parameters<RequestDispatcher['request']>[0][] = [];
  return {
    calls,
    async request(options) {
      calls.push(options);
      const answer = answers.shift() ?? { status: 200, body: '{}' };
      const bytes = new TextEncoder().encode(answer.body ?? '');
      return {
        statusCode: answer.status,
        headers: { 'content-type': 'application/json', ...answer.headers },
        body: { arrayBuffer: async () => bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, dump: async () => {} },
      };
    },
  };
}

describe('openapi-fetch, as the transport relies on it', () => {
  it(`is the release the transport was checked against (${OPENAPI_FETCH_VERIFIED})`, () => {
    expect(readJson('node_modules/openapi-fetch/package.json').version).toBe(OPENAPI_FETCH_VERIFIED);
    expect(readJson('package.json').dependencies['openapi-fetch']).toMatch(new RegExp(`^[~^]?${OPENAPI_FETCH_VERIFIED.replaceAll('.', '\\.')}$`));
  });

  it('builds one request per call with the Request option, before the middleware, and sends that very object', async () => {
    const dispatcher = answering({ status: 200, body: '{"id":"1"}' });
    const transport = createTransport(dispatcherFetch(dispatcher));
    const built: unknown[] = [];
    const inputs: unknown[] = [];
    class Recording extends (transport.Request as unknown as typeof DeferredRequest) {
      constructor(input: string | URL, init?: RequestInit) {
        super(input, init);
        built.push(this);
        inputs.push(input);
      }
    }
    const sent: unknown[] = [];
    const seen: unknown[] = [];
    const client = createClient<fixturePaths>({
      baseUrl: 'http://127.0.0.1:9',
      Request: Recording as unknown as typeof Request,
      fetch: (request) => (sent.push(request), transport.fetch(request)),
    });
    client.use({ onRequest: ({ request }) => void seen.push(request) });
    const { data } = await client.POST('/items', { body: { name: 'n' } });
    expect(data).toEqual({ id: '1' });
    expect(built).toHaveLength(1);
    // From the URL string: a DeferredRequest is never built from another Request.
    expect(inputs).toEqual(['http://127.0.0.1:9/items']);
    expect(DeferredRequest.isDeferred(built[0])).toBe(true);
    expect(seen).toEqual([built[0]]);
    expect(sent[0]).toBe(built[0]);
    // The deferred parts went straight to the dispatcher: method, URL and the serialized body.
    expect(dispatcher.calls[0]).toMatchObject({ origin: 'http://127.0.0.1:9', path: '/items', method: 'POST', body: '{"name":"n"}' });
    expect(dispatcher.calls[0]!.headers['content-type']).toBe('application/json');
  });

  it('accepts a real Request returned by onRequest (its instanceof goes through the Request option)', async () => {
    const dispatcher = answering({ status: 200, body: '{"id":"2"}' });
    const transport = createTransport(dispatcherFetch(dispatcher));
    const client = createClient<fixturePaths>({ baseUrl: 'http://127.0.0.1:9', Request: transport.Request, fetch: transport.fetch });
    client.use({ onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: { 'x-replaced': '1' } }) });
    const { data } = await client.GET('/items/{id}', { params: { path: { id: '2' } } });
    expect(data).toEqual({ id: '2' });
    expect(dispatcher.calls[0]!.headers['x-replaced']).toBe('1');
  });

  it('reads the buffered answers the dispatcher fetch gives: JSON, empty 204, error bodies', async () => {
    const dispatcher = answering({ status: 204, body: null }, { status: 404, body: '{"message":"gone"}' }, { status: 200, body: '' });
    const transport = createTransport(dispatcherFetch(dispatcher));
    const client = createClient<fixturePaths>({ baseUrl: 'http://127.0.0.1:9', Request: transport.Request, fetch: transport.fetch });
    const empty = await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    expect([empty.data, empty.error, empty.response.status]).toEqual([undefined, undefined, 204]);
    const gone = await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    expect([gone.data, gone.error, gone.response.status]).toEqual([undefined, { message: 'gone' }, 404]);
    const blank = await client.GET('/items/{id}', { params: { path: { id: '1' } } });
    expect([blank.data, blank.response.ok]).toEqual([undefined, true]);
  });
});

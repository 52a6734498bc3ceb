/**
 * The one rule for which operations take the bearer token, read from the operations table the
 * generator writes, and the cached-bearer middleware built on it: a token endpoint whose
 * security comes from upstream as `[{}]` is called without a token (asking the cache for one
 * while fetching one would wait on itself).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { collectOperations } from '../../../scripts/lib/generate/index.js';
import { readSpecFile } from '../../../scripts/lib/generate/spec-file.js';
import { cachedBearerAuth, createTokenCache, createTypedClient, requiresToken, type OperationMeta } from '../../../src/core/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';
import { fixtureErrorDetails } from './fixture-api.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const op = (security: string[][]): OperationMeta => ({ method: 'POST', path: '/x', idempotent: false, tags: [], security });

describe('requiresToken', () => {
  it.each([
    ['no security ([])', [], false],
    ["upstream's [{}], generated as [[]]", [[]], false],
    ['one scheme', [['bearer']], true],
    ['two schemes in one alternative', [['bearer', 'userAction']], true],
    ['two alternatives with schemes', [['bearer'], ['oauth']], true],
    ['a scheme or nothing', [['bearer'], []], false],
  ] as [string, string[][], boolean][])('%s: %s', (_name, security, expected) => {
    expect(requiresToken(op(security))).toBe(expected);
  });

  it('sends the token for a path outside the table', () => {
    expect(requiresToken(undefined)).toBe(true);
  });

  it("reads upstream's `security: [{}]` through the generator as no token", () => {
    const spec = readSpecFile('specs/sailpoint/openapi.yaml', 'specs/sailpoint/openapi.yaml');
    spec.doc.paths['/oauth/token'].post.security = [{}];
    const table = collectOperations(spec);
    expect(table.createOauthToken!.security).toEqual([[]]);
    expect(requiresToken(table.createOauthToken)).toBe(false);
    expect(requiresToken(table.getAccount)).toBe(true);
  });
});

describe('cachedBearerAuth', () => {
  const operations = {
    getToken: { method: 'POST', path: '/token', idempotent: false, tags: [], security: [[]] },
    getItem: { method: 'GET', path: '/items/{id}', idempotent: true, tags: [], security: [['bearer']] },
  } as const;
  type Paths = {
    '/token': { post: { parameters: {}; requestBody?: never; responses: { 200: { content: { 'application/json': { token: string } } } } } };
    '/items/{id}': { get: { parameters: { path: { id: string } }; requestBody?: never; responses: { 200: { content: { 'application/json': { id: string } } } } } };
  };

  it('fetches the token through the same client without asking itself for one', async () => {
    let minted = 0;
    server = await startLoopbackServer((req, res) => {
      if (req.url === '/token') return sendJson(res, 200, { token: `t-${++minted}` });
      return req.headers.authorization === `Bearer t-${minted}` ? sendJson(res, 200, { id: req.url }) : sendJson(res, 401, {});
    });
    const tokens = createTokenCache({
      fetchToken: async () => ({ token: (await client.call('getToken', client.raw.POST('/token', {}))).token }),
    });
    const auth = cachedBearerAuth(tokens, { provider: 'fixture' });
    const client = createTypedClient<Paths, typeof operations>({
      provider: 'fixture',
      baseUrl: server.baseUrl,
      operations,
      errorDetails: fixtureErrorDetails,
      retry: false,
      timeoutMs: 2000,
      middleware: [auth.middleware],
      onUnauthorized: auth.onUnauthorized,
    });
    await expect(client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '1' } } }))).resolves.toEqual({ id: '/items/1' });
    expect(server.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/token', undefined],
      ['/items/1', 'Bearer t-1'],
    ]);
    // A revoked token is dropped and the call repeated once with a fresh one.
    minted++;
    await expect(client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: '2' } } }))).resolves.toEqual({ id: '/items/2' });
    expect(server.requests.slice(2).map((r) => [r.url, r.headers.authorization])).toEqual([
      ['/items/2', 'Bearer t-1'],
      ['/token', undefined],
      ['/items/2', 'Bearer t-3'],
    ]);
  });

  it('refuses a token operation whose security asks for a token, at once, instead of waiting on itself', async () => {
    // A spec edit that gives the token endpoint security: fetching a token would need the token.
    const selfSecured = { ...operations, getToken: { ...operations.getToken, security: [['bearer']] } } as const;
    server = await startLoopbackServer((_req, res) => sendJson(res, 200, { token: 't-1', id: 'x' }));
    const tokens = createTokenCache({
      fetchToken: async (signal) => ({ token: (await client.call('getToken', client.raw.POST('/token', { signal }))).token }),
    });
    const auth = cachedBearerAuth(tokens, { provider: 'fixture', tokenOperation: 'getToken' });
    const client = createTypedClient<Paths, typeof selfSecured>({
      provider: 'fixture',
      baseUrl: server.baseUrl,
      operations: selfSecured,
      errorDetails: fixtureErrorDetails,
      // Retries on and a timeout far longer than the test's: a wait or a retry loop would show.
      timeoutMs: 600_000,
      middleware: [auth.middleware],
      onUnauthorized: auth.onUnauthorized,
    });
    const calls = [1, 2].map((id) => client.call('getItem', client.raw.GET('/items/{id}', { params: { path: { id: String(id) } } })));
    for (const call of calls) {
      await expect(call).rejects.toMatchObject({ name: 'ProviderError', operationId: 'getToken', message: "fixture: getToken fetches the client's tokens, but its security in the spec asks for a token" });
    }
    expect(server.requests).toEqual([]);
  });
});

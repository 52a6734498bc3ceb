/**
 * The default transport: each client's own keep-alive pool. Connections are reused, `close()`
 * and `await using` release them, a process that forgets to close still exits after its last
 * call, the process's global dispatcher is left alone, and a redirect is returned rather than
 * followed. The pool's two stages: the first requests over `node:http`/`node:https` (undici not
 * even loaded), the rest over undici, and `close()` releasing both.
 */
import { spawn } from 'node:child_process';
import { Agent as HttpAgent, createServer, type IncomingMessage, type Server } from 'node:http';
import { Agent as HttpsAgent, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeExchange } from '../../../src/core/node-http.js';
import { ownPool } from '../../../src/core/pool.js';
import { createZitadelClient } from '../../../src/zitadel/index.js';
import { selfSignedCert } from '../faults/harness.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that keeps idle connections open for a long time and counts them. */
async function start(
  answer: (url: string, req: IncomingMessage) => { status: number; headers?: Record<string, string>; body?: unknown; delayMs?: number } = () => ({ status: 200, body: { user: { userId: 'u1' } } }),
) {
  const sockets = new Set<Socket>();
  const open = new Set<Socket>();
  server = createServer((req, res) => {
    const { status, headers, body, delayMs } = answer(req.url ?? '', req);
    const send = (): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(body === undefined ? '' : JSON.stringify(body));
    };
    if (delayMs === undefined) send();
    else setTimeout(send, delayMs);
  });
  // An idle socket a client forgot would otherwise stay open for ten minutes.
  server.keepAliveTimeout = 600_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets, open };
}

/** Run a script of ./fixtures against the server, as a user's script would run; its exit code and output. */
function runFixture(name: string, baseUrl: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, 'fixtures', name), baseUrl], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, out })));
}

describe('the default keep-alive pool', () => {
  it('reuses connections across sequential calls and closes it on close()', async () => {
    const { baseUrl, sockets, open } = await start();
    const client = createZitadelClient({ baseUrl, token: 'pat-1234' });
    for (let i = 0; i < 10; i++) await client.users.get('u1');
    // Reused, not one per call (undici may open a second while the first is being released).
    expect(sockets.size).toBeLessThanOrEqual(2);
    await client.close();
    await new Promise((resolve) => setImmediate(resolve));
    await expect.poll(() => open.size).toBe(0);
    await expect(client.users.get('u1', { retry: false })).rejects.toMatchObject({ name: 'ProviderNetworkError' });
  });

  it('await using closes the pool at the end of the block', async () => {
    const { baseUrl, open } = await start();
    {
      await using client = createZitadelClient({ baseUrl, token: 'pat-1234' });
      await client.users.get('u1');
      expect(open.size).toBe(1);
    }
    await expect.poll(() => open.size).toBe(0);
  });

  it('a script that never closes its client exits after its last call', async () => {
    const { baseUrl, sockets } = await start();
    // The server holds the connection open for ten minutes: only an unreferenced socket lets
    // the child exit before the test's own time limit.
    const { code, out } = await runFixture('one-call.ts', baseUrl);
    expect([code, out.trim()]).toEqual([0, 'u1']);
    expect(sockets.size).toBe(1);
  });

  it("leaves the process's global dispatcher alone (globalThis.fetch keeps Node's own)", async () => {
    const { baseUrl } = await start();
    const { code, out } = await runFixture('global-dispatcher.ts', baseUrl);
    expect([code, JSON.parse(out.trim())]).toEqual([0, { before: 'undefined', undiciLoaded: true, afterIsPackageAgent: false }]);
  });

  it('returns a redirect instead of following it (no token to another origin)', async () => {
    const elsewhere = 'http://127.0.0.2:9/v2/users/u1';
    const { baseUrl, sockets } = await start(() => ({ status: 302, headers: { location: elsewhere } }));
    const client = createZitadelClient({ baseUrl, token: 'pat-1234', retry: false });
    const err = await client.users.get('u1').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'ProviderRedirectError', status: 302 });
    expect(sockets.size).toBe(1);
    await client.close();
  });

  it('globalThis.fetch by option replaces the pool', async () => {
    const { baseUrl } = await start();
    const client = createZitadelClient({ baseUrl, token: 'pat-1234', fetch: globalThis.fetch });
    await expect(client.users.get('u1')).resolves.toEqual({ userId: 'u1' });
    await client.close();
  });
});

/**
 * Which client sent a request, from the raw case of its first header: `node:http` writes
 * `Host`, undici writes `host`.
 */
function sender(req: IncomingMessage): 'node:http' | 'undici' | string {
  const first = req.rawHeaders[0];
  return first === 'Host' ? 'node:http' : first === 'host' ? 'undici' : String(first);
}

/** A plain GET through a pool's `fetch`, as a caller's middleware would make it. */
async function get(fetch: (request: Request) => Promise<Response>, url: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(new Request(url));
  return { status: response.status, body: await response.json() };
}

describe("the default pool's two stages", () => {
  it('sends its first n requests through node:http, then moves to undici for good', async () => {
    const senders: string[] = [];
    const { baseUrl } = await start((url, req) => {
      senders.push(sender(req));
      return { status: 200, body: { url } };
    });
    const pool = ownPool(3);
    for (let i = 0; i < 3; i++) expect(await get(pool.fetch, `${baseUrl}/n/${i}`)).toEqual({ status: 200, body: { url: `/n/${i}` } });
    expect(senders).toEqual(['node:http', 'node:http', 'node:http']);
    // undici loads in the background; requests go on through node:http meanwhile (bounded wait).
    for (let i = 0; i < 200 && senders.at(-1) !== 'undici'; i++) {
      expect(await get(pool.fetch, `${baseUrl}/u/${i}`)).toMatchObject({ status: 200 });
      if (senders.at(-1) !== 'undici') await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const switched = senders.indexOf('undici');
    expect(switched).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 5; i++) expect(await get(pool.fetch, `${baseUrl}/after/${i}`)).toEqual({ status: 200, body: { url: `/after/${i}` } });
    expect(senders.slice(switched)).toEqual(senders.slice(switched).map(() => 'undici'));
    expect(senders.slice(0, switched)).toEqual(senders.slice(0, switched).map(() => 'node:http'));
    await pool.close();
  });

  it('close() after the move releases the sockets of both stages, and later calls reject unsent', async () => {
    const senders: string[] = [];
    const { baseUrl, open } = await start((_url, req) => {
      senders.push(sender(req));
      return { status: 200, body: {} };
    });
    const pool = ownPool(1);
    for (let i = 0; i < 200 && senders.at(-1) !== 'undici'; i++) {
      await get(pool.fetch, `${baseUrl}/x`);
      if (senders.at(-1) !== 'undici') await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(new Set(senders)).toEqual(new Set(['node:http', 'undici']));
    // One idle keep-alive socket per stage: the server holds both open.
    expect(open.size).toBe(2);
    await pool.close();
    await expect.poll(() => open.size).toBe(0);
    const count = senders.length;
    await expect(pool.fetch(new Request(`${baseUrl}/late`))).rejects.toMatchObject({ code: 'ERR_CLIENT_CLOSED' });
    expect(senders).toHaveLength(count);
    await pool.close();
  });

  it('close() waits for a call in flight, which gets its whole answer', async () => {
    const order: string[] = [];
    const { baseUrl, open } = await start(() => {
      setTimeout(() => order.push('answered'), 200);
      return { status: 200, body: { slow: true }, delayMs: 200 };
    });
    const pool = ownPool(1000);
    const call = get(pool.fetch, `${baseUrl}/slow`);
    await expect.poll(() => open.size).toBe(1);
    order.push('close called');
    await pool.close().then(() => order.push('closed'));
    expect(order).toEqual(['close called', 'answered', 'closed']);
    expect(await call).toEqual({ status: 200, body: { slow: true } });
    await expect.poll(() => open.size).toBe(0);
  });

  it('close() after the move also waits for a call in flight over undici', async () => {
    const order: string[] = [];
    const senders: string[] = [];
    let slow = false;
    const { baseUrl, open } = await start((_url, req) => {
      senders.push(sender(req));
      if (!slow) return { status: 200, body: {} };
      setTimeout(() => order.push('answered'), 200);
      return { status: 200, body: { slow: true }, delayMs: 200 };
    });
    const pool = ownPool(1);
    for (let i = 0; i < 200 && senders.at(-1) !== 'undici'; i++) {
      await get(pool.fetch, `${baseUrl}/x`);
      if (senders.at(-1) !== 'undici') await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(senders.at(-1)).toBe('undici');
    slow = true;
    const count = senders.length;
    const call = get(pool.fetch, `${baseUrl}/slow`);
    await expect.poll(() => senders.length).toBe(count + 1);
    expect(senders.at(-1)).toBe('undici');
    order.push('close called');
    await pool.close().then(() => order.push('closed'));
    expect(order).toEqual(['close called', 'answered', 'closed']);
    expect(await call).toEqual({ status: 200, body: { slow: true } });
    await expect.poll(() => open.size).toBe(0);
  });

  it('a client that makes a few calls never loads undici', async () => {
    const { baseUrl } = await start();
    const { code, out } = await runFixture('undici-unloaded.ts', baseUrl);
    expect([code, JSON.parse(out.trim())]).toEqual([0, { user: 'u1', undiciModules: 0 }]);
  });

  it('the node:http stage speaks https through its https agent, reusing the connection', async () => {
    const tls = selfSignedCert();
    const connections: Socket[] = [];
    const tlsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ secure: true, path: req.url }));
    });
    tlsServer.on('secureConnection', (socket: Socket) => connections.push(socket));
    await new Promise<void>((resolve) => tlsServer.listen(0, '127.0.0.1', resolve));
    const origin = `https://127.0.0.1:${(tlsServer.address() as AddressInfo).port}`;
    const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true, ca: tls.cert }) };
    try {
      for (const id of ['a', 'b']) {
        const answer = await nodeExchange(agents, { origin, path: `/users/${id}`, method: 'GET', headers: {}, body: null, signal: new AbortController().signal }, 1024);
        expect([answer.status, JSON.parse(new TextDecoder().decode(answer.bytes!))]).toEqual([200, { secure: true, path: `/users/${id}` }]);
      }
      expect(connections).toHaveLength(1);
      // A certificate the agent does not trust fails before any answer, with TLS's own code.
      const untrusted = { http: agents.http, https: new HttpsAgent({ keepAlive: false }) };
      await expect(nodeExchange(untrusted, { origin, path: '/', method: 'GET', headers: {}, body: null, signal: new AbortController().signal }, 1024)).rejects.toMatchObject({
        code: expect.stringMatching(/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/),
      });
    } finally {
      agents.http.destroy();
      agents.https.destroy();
      tlsServer.closeAllConnections();
      await new Promise((resolve) => tlsServer.close(resolve));
    }
  });

  it('a refused connection keeps its code for the client (ECONNREFUSED)', async () => {
    const { baseUrl } = await start();
    server!.closeAllConnections();
    await new Promise((resolve) => server!.close(resolve));
    server = undefined;
    const client = createZitadelClient({ baseUrl, token: 'pat-1234', retry: false });
    await expect(client.users.get('u1')).rejects.toMatchObject({ name: 'ProviderNetworkError', causeCode: 'ECONNREFUSED' });
    await client.close();
  });
});

/**
 * The default transport: each client's own keep-alive pool. Connections are reused, `close()`
 * and `await using` release them, a process that forgets to close still exits after its last
 * call, the process's global dispatcher is left alone, and a redirect is returned rather than
 * followed.
 */
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createZitadelClient } from '../../../src/zitadel/index.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A server that keeps idle connections open for a long time and counts them. */
async function start(answer: (url: string) => { status: number; headers?: Record<string, string>; body?: unknown } = () => ({ status: 200, body: { user: { userId: 'u1' } } })) {
  const sockets = new Set<Socket>();
  const open = new Set<Socket>();
  server = createServer((req, res) => {
    const { status, headers, body } = answer(req.url ?? '');
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body === undefined ? '' : JSON.stringify(body));
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
    expect([code, JSON.parse(out.trim())]).toEqual([0, { before: 'undefined', afterIsPackageAgent: false }]);
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

/**
 * Shared pieces of the hostile-server tests: every text view of an error, every encoding a
 * secret takes on the wire, a dispatcher over `node:http`/`node:https` (so the limits are also
 * checked on the dispatcher path, not only on `globalThis.fetch`), a throwaway TLS certificate,
 * and a server that streams until the client hangs up.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
// @ts-expect-error -- undici ships declarations for its entry point only. Its entry point is not
// loaded: that would install an undici 7 Agent as the global dispatcher, and `globalThis.fetch`
// below would no longer be Node's own.
import UndiciAgent from 'undici/lib/dispatcher/agent.js';
import { expect } from 'vitest';
import { dispatcherFetch, isProviderError, ProviderError, type FetchLike, type RequestDispatcher } from '../../../src/index.js';
import { nodeDispatcher } from './node-dispatcher.js';

export { nodeDispatcher };

/** Every text through which an error can reach a log, its `cause` chain included. */
export function errorViews(err: unknown): string[] {
  const views: string[] = [];
  const e = err as Error;
  views.push(String(e), e?.message ?? '', e?.stack ?? '', JSON.stringify(e) ?? '', inspect(e, { depth: 10 }));
  let cause = (e as { cause?: unknown })?.cause;
  for (let depth = 0; cause !== undefined && depth < 10; depth++) {
    const c = cause as Error;
    views.push(String(c), typeof c === 'object' && c ? `${c.message ?? ''}\n${c.stack ?? ''}` : '', safeJson(c), inspect(c, { depth: 10 }));
    cause = typeof c === 'object' && c ? (c as { cause?: unknown }).cause : undefined;
  }
  return views;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    return '';
  }
}

/**
 * The forms a secret takes on the wire and in echoes: raw, percent-encoded (both hex cases),
 * form-encoded, base64/base64url of the credential pair and of the secret alone, and the UTF-8
 * bytes read back as latin1 (how a reason phrase or header value with non-ASCII comes back).
 */
export function secretEncodings(secret: string, id?: string): string[] {
  const pct = encodeURIComponent(secret);
  const form = new URLSearchParams([['x', secret]]).toString().slice(2);
  const forms = [secret, pct, pct.toLowerCase().replace(/%[0-9a-f]{2}/gi, (m) => m.toLowerCase()), form, Buffer.from(secret, 'utf8').toString('latin1')];
  const b64 = (text: string) => [Buffer.from(text).toString('base64'), Buffer.from(text).toString('base64url')];
  forms.push(...b64(secret));
  if (id !== undefined) forms.push(...b64(`${id}:${secret}`), ...b64(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`));
  return [...new Set(forms)].filter((f) => f.length >= 4);
}

/** Assert `err` is a package error and no view of it shows any of the given texts. */
export function expectTypedAndClean(err: unknown, forbidden: string[]): void {
  expect(err).toBeInstanceOf(ProviderError);
  expect(isProviderError(err)).toBe(true);
  for (const view of errorViews(err)) {
    for (const text of forbidden) {
      if (view.includes(text)) throw new Error(`an error view shows a secret form ${JSON.stringify(text)}:\n${view.slice(0, 2000)}`);
    }
  }
}

/** Await a promise that must reject; return what it rejected with. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection, the call resolved');
}

/** Collect an async iterable. */
export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/**
 * The transports every limit must hold for: the clients' default pool (no `fetch` option), the
 * undici `Agent` it moves to after its first thousand requests, the global fetch passed as the
 * option, and a dispatcher of the caller's with a `request()` method only.
 */
export const TRANSPORTS: [string, () => FetchLike | undefined][] = [
  // Its node:http stage: no test here sends the thousand requests that move it to undici.
  ['default pool', () => undefined],
  // What the default pool sends through after those (and what a caller may pass): undici's
  // `dispatch()`, collected by the clients' own handler.
  ['dispatcherFetch(undici Agent)', () => dispatcherFetch(new (UndiciAgent as new () => RequestDispatcher)())],
  ['globalThis.fetch', () => globalThis.fetch],
  ['dispatcherFetch(node:http request())', () => dispatcherFetch(nodeDispatcher())],
];

/** A self-signed certificate for 127.0.0.1 (openssl on PATH), made once per test file. */
export function selfSignedCert(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'faults-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
        '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'ignore', timeout: 20_000 },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What a {@link startFloodServer} saw of one answer. */
export interface FloodRecord {
  written: number;
  /** The client closed the connection before the whole body was written. */
  closedEarly: boolean;
  finished: boolean;
}

/**
 * A server that answers every request with `total` bytes of JSON-looking body, written as fast
 * as the client reads it, and records how far it got before the client hung up.
 */
export async function startFloodServer(total: number, status = 200, declareLength = false): Promise<{ baseUrl: string; records: FloodRecord[]; close(): Promise<void> }> {
  const records: FloodRecord[] = [];
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const record: FloodRecord = { written: 0, closedEarly: false, finished: false };
    records.push(record);
    // Chunked by default, so only a limit enforced while streaming can stop it.
    res.writeHead(status, declareLength ? { 'content-type': 'application/json', 'content-length': String(total) } : { 'content-type': 'application/json' });
    res.write('[');
    record.written = 1;
    res.on('close', () => {
      if (!record.finished) record.closedEarly = true;
    });
    const pump = (): void => {
      while (record.written < total - 1) {
        if (res.destroyed) return;
        const n = Math.min(chunk.length, total - 1 - record.written);
        record.written += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      record.written += 1;
      record.finished = true;
      res.end(']');
    };
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    records,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolve after `ms`. */
export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

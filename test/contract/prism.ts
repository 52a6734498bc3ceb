/**
 * Starts Prism (`@stoplight/prism-cli`) as a spec-validating mock server on loopback for the
 * contract tests, and records every exchange the facades make with it.
 *
 * Prism validates each request against the spec (path, query, headers, security, body); with
 * `--errors` a request that violates the spec is answered with an error status and an
 * `sl-violations` header listing what was wrong, and a response example that violates its own
 * schema becomes a 500. The recorder keeps those headers so a test can assert that Prism accepted
 * every request it saw, not only that the facade call resolved.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const PRISM_BIN = path.join(repoRoot, 'node_modules/@stoplight/prism-cli/dist/index.js');

/** Preloaded into Prism: faker with the one locale Prism uses, not all 57 (./prism-locale.cjs). */
const PRISM_PRELOAD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'prism-locale.cjs');

/**
 * And the project's code cache of large CommonJS files (scripts/build/compile-cache.cjs), where
 * this tree has it: a regen's contract run copies this folder without it, and passes the cache
 * on through `NODE_OPTIONS` instead.
 */
const CACHE_PRELOAD = path.join(repoRoot, 'scripts/build/compile-cache-preload.cjs');
const PRELOADS = [PRISM_PRELOAD, ...(existsSync(CACHE_PRELOAD) ? [CACHE_PRELOAD] : [])].flatMap((file) => ['--require', file]);

/** One request Prism answered. */
export interface Exchange {
  method: string;
  url: string;
  status: number;
  /** Parsed `sl-violations` header: what Prism found wrong with the request (or its own answer). */
  violations: unknown[];
}

/** A running Prism mock server. */
export interface PrismServer {
  /** `http://127.0.0.1:<port>`. */
  baseUrl: string;
  /** Every exchange made through {@link PrismServer.fetch}, in order. */
  exchanges: Exchange[];
  /** A `fetch` that records each exchange; pass it to the facade under test. */
  fetch: typeof fetch;
  /** Prism's console output so far (for failure messages). */
  output: () => string;
  /** Stops the server and waits for the process to exit. */
  stop: () => Promise<void>;
}

/** A port that was free a moment ago on 127.0.0.1 (bind port 0, read it back, release it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

async function startOnce(specFile: string, port: number, readyTimeoutMs: number): Promise<PrismServer | undefined> {
  const child = spawn(
    process.execPath,
    [...PRELOADS, PRISM_BIN, 'mock', specFile, '--host', '127.0.0.1', '--port', String(port), '--errors', '--verboseLevel', 'warn'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  let log = '';
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));

  // Safety net: a test run that dies without reaching afterAll must not leave Prism running.
  const killOnExit = (): void => {
    child.kill('SIGTERM');
  };
  process.once('exit', killOnExit);
  const stop = async (): Promise<void> => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await waitForExit(child);
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      process.removeListener('exit', killOnExit);
      return undefined; // e.g. the port was taken meanwhile
    }
    if (await canConnect(port)) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Prism did not start within ${readyTimeoutMs} ms for ${specFile}:\n${log}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const exchanges: Exchange[] = [];
  const recordingFetch: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const response = await fetch(request);
    const header = response.headers.get('sl-violations');
    let violations: unknown[] = [];
    if (header) {
      try {
        violations = JSON.parse(header) as unknown[];
      } catch {
        violations = [header];
      }
    }
    exchanges.push({ method: request.method, url: request.url, status: response.status, violations });
    return response;
  };

  return { baseUrl: `http://127.0.0.1:${port}`, exchanges, fetch: recordingFetch, output: () => log, stop };
}

/**
 * Starts Prism for one spec on a free loopback port and resolves once it accepts connections.
 * A lost race for the port (another process bound it between probe and start) is retried.
 */
export async function startPrism(specFile: string, readyTimeoutMs = 45_000): Promise<PrismServer> {
  const absolute = path.resolve(repoRoot, specFile);
  for (let attempt = 0; attempt < 3; attempt++) {
    const server = await startOnce(absolute, await freePort(), readyTimeoutMs);
    if (server) return server;
  }
  throw new Error(`Prism could not be started for ${specFile}`);
}

/**
 * Every exchange Prism answered without a violation and with a success status. Prism reports
 * what it disliked in `sl-violations`; with `--errors` an invalid request gets 4xx (typically 422
 * or 400 with a problem+json or the spec's error example) and an invalid example of its own 500.
 */
export function rejectedExchanges(server: PrismServer): Exchange[] {
  return server.exchanges.filter((exchange) => exchange.violations.length > 0 || exchange.status >= 400);
}

/** Collect at most `max` items of an async iterable (Prism answers every page with the same example). */
export async function take<T>(iterable: AsyncIterable<T>, max: number): Promise<T[]> {
  const out: T[] = [];
  if (max <= 0) return out;
  for await (const item of iterable) {
    out.push(item);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * The `namespace.method` names of a facade client (every function one level down, `raw` left
 * out), so a contract test can prove it called each of them.
 */
export function namedMethods(client: object): string[] {
  const names: string[] = [];
  for (const [namespace, value] of Object.entries(client)) {
    if (namespace === 'raw' || typeof value !== 'object' || value === null) continue;
    for (const [method, fn] of Object.entries(value)) if (typeof fn === 'function') names.push(`${namespace}.${method}`);
  }
  return names.sort();
}

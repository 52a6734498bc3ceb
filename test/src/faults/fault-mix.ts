/**
 * The bounded fault-mix run: a few thousand calls at concurrency 50 from SailPoint and Dfns
 * clients (on the global fetch and on a dispatcher) against one loopback server that answers a
 * seeded mix of successes, 429s, 5xx, resets before and during the body, stalls, HTML and
 * truncated JSON behind 200s, 401s and redirects to another origin, echoing the request (and so
 * its secrets) in its error answers.
 *
 * It counts what must stay at zero: calls that never settle, rejections that are not the
 * package's ProviderError, non-idempotent calls sent again after an answer other than 429,
 * requests reaching the other origin, secrets in any view of any error, and unhandled
 * rejections or exceptions. Run as a script (the test spawns it) it prints the counts as one JSON
 * line and must then exit on its own: nothing may keep the process alive.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { createDfnsClient, createSailPointClient, dispatcherFetch, isProviderError, ProviderError, type FetchLike } from '../../../src/index.js';
import { nodeDispatcher } from './node-dispatcher.js';

/** What one run counted. */
export interface FaultMixReport {
  calls: number;
  resolved: number;
  rejected: number;
  hung: number;
  untyped: string[];
  wrongRetries: number;
  sinkRequests: number;
  secretLeaks: string[];
  unhandled: number;
  requests: number;
  faults: Record<string, number>;
  rejectionsByName: Record<string, number>;
  elapsedMs: number;
}

const CLIENT_ID = 'cid-7f3e21c0';
const CLIENT_SECRET = 'Sx/9+kQ= zä€R7/w+==';
const DFNS_TOKEN = 'dfns/Tk3+Lq9=Zw';

/** The forms a secret takes on the wire (as in the harness, without the test runner). */
function encodings(secret: string, id?: string): string[] {
  const pct = encodeURIComponent(secret);
  const forms = [secret, pct, pct.toLowerCase(), new URLSearchParams([['x', secret]]).toString().slice(2), Buffer.from(secret, 'utf8').toString('latin1')];
  const b64 = (t: string) => [Buffer.from(t).toString('base64'), Buffer.from(t).toString('base64url')];
  forms.push(...b64(secret));
  if (id !== undefined) forms.push(...b64(`${id}:${secret}`));
  return [...new Set(forms)];
}

/** mulberry32: a small seeded PRNG, so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Fault = 'ok' | '429' | '500' | '502' | '503' | 'reset' | 'reset-body' | 'stall' | 'html' | 'truncated' | 'redirect' | '401';
const MIX: [Fault, number][] = [
  ['ok', 44], ['429', 8], ['500', 5], ['502', 3], ['503', 4], ['reset', 6], ['reset-body', 6], ['stall', 3], ['html', 6], ['truncated', 6], ['redirect', 5], ['401', 4],
];

function picker(mix: [Fault, number][], random: () => number): () => Fault {
  const total = mix.reduce((sum, [, w]) => sum + w, 0);
  return () => {
    let r = random() * total;
    for (const [fault, weight] of mix) if ((r -= weight) < 0) return fault;
    return 'ok';
  };
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/**
 * Per-attempt limit of the clients, and how long a stalled answer stays silent. Generous, so a
 * busy machine does not turn ordinary answers into timeouts; stalls are few, so they cost little.
 */
const TIMEOUT_MS = 1_500;
const STALL_MS = 2_500;

/** Run the mix. */
export async function runFaultMix(options: { calls?: number; concurrency?: number; seed?: number; mix?: [Fault, number][] } = {}): Promise<FaultMixReport> {
  const calls = options.calls ?? 2000;
  const concurrency = options.concurrency ?? 50;
  const pick = picker(options.mix ?? MIX, prng(options.seed ?? 20261201));
  const started = Date.now();
  let unhandled = 0;
  const onUnhandled = (): void => void unhandled++;
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);

  const faults: Record<string, number> = {};
  const minted: string[] = [];
  /** Non-idempotent call key → the answers it got so far. */
  const answered = new Map<string, Fault[]>();
  let wrongRetries = 0;
  let requests = 0;
  let sinkRequests = 0;
  let tokenCounter = 0;
  let challengeCounter = 0;

  const sink = createServer((req, res) => {
    sinkRequests++;
    req.resume();
    json(res, 200, { access_token: 'foreign', userAction: 'foreign', userId: 'x', items: [] });
  });
  const sinkUrl = await listen(sink);

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      const body = Buffer.concat(chunks).toString('utf8');
      const path = req.url ?? '/';
      const fault = pick();
      faults[fault] = (faults[fault] ?? 0) + 1;
      // Non-idempotent calls: a second arrival after anything but a 429 is a wrong retry.
      let key: string | undefined;
      if (req.method === 'POST' && path === '/auth/service-accounts') key = `sa:${(JSON.parse(body) as { name: string }).name}`;
      if (req.method === 'POST' && path === '/auth/action') key = `ua:${(JSON.parse(body) as { challengeIdentifier: string }).challengeIdentifier}`;
      if (key !== undefined) {
        const before = answered.get(key) ?? [];
        if (before.some((f) => f !== '429')) wrongRetries++;
        answered.set(key, [...before, fault]);
      }
      const echo = `${req.method} ${path} ${JSON.stringify(req.headers)} ${body}`;
      switch (fault) {
        case '429':
          return json(res, 429, { message: `slow down ${echo}` }, { 'retry-after': '0' });
        case '500':
        case '502':
        case '503':
          return json(res, Number(fault), { error: { message: echo }, error_description: echo, messages: [{ text: echo }] });
        case '401':
          return json(res, 401, { error: `invalid token ${echo}` });
        case 'reset':
          return void res.socket?.destroy();
        case 'reset-body':
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': '300' });
          res.write(`{"partial":"${encodeURIComponent(echo).slice(0, 100)}`);
          return void setTimeout(() => res.socket?.destroy(), 2);
        case 'stall':
          // Silent for longer than the client's per-attempt limit, then hang up.
          return void setTimeout(() => res.socket?.destroy(), STALL_MS).unref();
        case 'html':
          res.writeHead(200, { 'content-type': 'text/html' });
          return void res.end(`<html><pre>${echo}</pre></html>`);
        case 'truncated':
          res.writeHead(200, { 'content-type': 'application/json' });
          return void res.end(`{"access_token":"${echo.slice(0, 40)}`);
        case 'redirect':
          res.writeHead(307, { location: `${sinkUrl}${path}` });
          return void res.end();
        default:
          return answer(req.method ?? 'GET', path, body, res);
      }
    });
  });

  function answer(method: string, path: string, body: string, res: ServerResponse): void {
    if (path === '/oauth/token') {
      const token = `tok/+=${++tokenCounter}Qz`;
      minted.push(...encodings(token));
      return json(res, 200, { access_token: token, token_type: 'bearer', expires_in: 3600 });
    }
    if (path === '/auth/action/init') {
      const n = ++challengeCounter;
      return json(res, 200, { challenge: `ch-${n}`, challengeIdentifier: `ci-${n}`, allowCredentials: { key: [{ type: 'public-key', id: 'cred-1' }], webauthn: [] } });
    }
    if (path === '/auth/action') return json(res, 200, { userAction: `uaZ${challengeCounter}Q/+=w` });
    if (path.startsWith('/v3/accounts/')) return json(res, 200, { id: path.split('/').pop() });
    if (method === 'POST' && path === '/auth/service-accounts') return json(res, 200, { userInfo: { userId: `us-${(JSON.parse(body) as { name: string }).name}` } });
    return json(res, 200, { userId: path.split('/')[3] ?? 'us-x', isActive: true });
  }
  const baseUrl = await listen(server);

  const { privateKey } = generateKeyPairSync('ed25519');
  const transports: (FetchLike | undefined)[] = [undefined, dispatcherFetch(nodeDispatcher())];
  const retry = { attempts: 3, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 10 };
  const timeoutMs = TIMEOUT_MS;
  const clients = transports.map((fetch) => ({
    isc: createSailPointClient({ baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch, retry, timeoutMs }),
    dfns: createDfnsClient({ baseUrl, token: DFNS_TOKEN, signer: { credId: 'cred-1', privateKey }, fetch, retry, timeoutMs }),
  }));

  const fixedForms = [...encodings(CLIENT_SECRET, CLIENT_ID), ...encodings(DFNS_TOKEN)];
  const secretLeaks: string[] = [];
  const untyped: string[] = [];
  const rejectionsByName: Record<string, number> = {};
  let resolved = 0;
  let rejected = 0;
  let hung = 0;

  function check(err: unknown): void {
    rejected++;
    const name = `${(err as Error)?.name ?? typeof err}:${(err as { operationId?: string })?.operationId}`;
    rejectionsByName[name] = (rejectionsByName[name] ?? 0) + 1;
    if (!(err instanceof ProviderError) || !isProviderError(err)) untyped.push(`${name}: ${String((err as Error)?.message ?? err).slice(0, 120)}`);
    const e = err as Error;
    let views = [String(e), e?.message, e?.stack, JSON.stringify(e), inspect(e, { depth: 10 })].join('\n');
    for (let c = e?.cause as Error | undefined, i = 0; c && i < 10; c = c.cause as Error | undefined, i++) views += `\n${String(c)}\n${c.stack ?? ''}\n${inspect(c, { depth: 10 })}`;
    for (const form of [...fixedForms, ...minted]) {
      if (views.includes(form)) secretLeaks.push(`${name}: ${JSON.stringify(form)}`);
    }
    if (/uaZ\d+Q/.test(views)) secretLeaks.push(`${name}: a user action token`);
  }

  let next = 0;
  async function worker(): Promise<void> {
    while (next < calls) {
      const i = next++;
      const { isc, dfns } = clients[i % clients.length]!;
      // 45% SailPoint reads (token flow), 35% Dfns reads, 10% Dfns creates (not idempotent, signed), 10% signed state changes.
      const kind = i % 20;
      const call: Promise<unknown> =
        kind < 9
          ? isc.accounts.get(`acc${i}`)
          : kind < 16
            ? dfns.users.get(`us-${i}`)
            : kind < 18
              ? dfns.serviceAccounts.create({ name: `sa${i}`, permissionId: 'pm-1', externalId: `x${i}` } as never)
              : dfns.users.deactivate(`us-${i}`);
      let timer: ReturnType<typeof setTimeout> | undefined;
      const deadline = new Promise<'hung'>((resolve) => (timer = setTimeout(() => resolve('hung'), 20_000)));
      const outcome = await Promise.race([call.then(() => 'resolved' as const, (err: unknown) => (check(err), 'rejected' as const)), deadline]);
      clearTimeout(timer);
      if (outcome === 'resolved') resolved++;
      if (outcome === 'hung') hung++;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  await Promise.all([close(server), close(sink)]);
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  return {
    calls,
    resolved,
    rejected,
    hung,
    untyped: untyped.slice(0, 20),
    wrongRetries,
    sinkRequests,
    secretLeaks: secretLeaks.slice(0, 20),
    unhandled,
    requests,
    faults,
    rejectionsByName,
    elapsedMs: Date.now() - started,
  };
}

// Run as a script: print the report; the process must then end by itself.
if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const calls = Number(process.env.FAULT_MIX_CALLS ?? 2000);
  void runFaultMix({ calls }).then((report) => process.stdout.write(`${JSON.stringify(report)}\n`));
}

/**
 * Facade bench: our provider clients against the raw transport and the official SDKs, on one
 * loopback server, side by side in one process.
 *
 *   npm --prefix bench run facade                     # N=20000 calls per subject, concurrency 50
 *   BENCH_N=2000 npm --prefix bench run facade        # a quick run
 *
 * Environment: BENCH_N (calls per subject, default 20000), BENCH_CONCURRENCY (default 50),
 * BENCH_ROUNDS (the N calls of each subject are split over this many rounds, subjects taking
 * turns, so drift in machine load hits every subject alike; default 20: on a shared 2-core machine
the rate drifts by up to 2x within seconds, and the median of 20 short rounds' ratios moves far
less from run to run than that of 4 long ones), BENCH_ONLY (a regular
 * expression: only subjects whose name matches, plus raw fetch), BENCH_NO_BASELINE=1 (leave raw
 * fetch out too, to profile one subject: `node --cpu-prof --import tsx facade.ts`),
 * BENCH_VERBOSE=1 (print each round's rate), BENCH_SAILPOINT_SDK_N (calls timed for
 * sailpoint-api-client, default 2000: it adds retry interceptors to the shared axios instance on
 * every call, so each call is slower than the last and 20000 calls would take many minutes; fewer
 * calls flatter it, so its ratio is conservative).
 *
 * The server (bench/facade-server.mjs) runs in a worker thread and answers:
 * - ZITADEL `POST /v2/users/{id}/deactivate`;
 * - Dfns `POST /auth/action/init`, `POST /auth/action` and `PUT /auth/service-accounts/{id}/deactivate`
 *   (a Dfns deactivate is these three requests; ours signs the challenge with a real Ed25519 key,
 *   @dfns/sdk gets a stub signer that returns a fixed assertion);
 * - SailPoint `POST /oauth/token` and `POST /v3/accounts/{id}/disable`.
 *
 * Our clients are the package as `npm run build` makes it (built first into bench/.out/pkg).
 *
 * Printed: the load average, calls per second of each subject (overall and per round), its ratio
 * to raw `fetch` doing the ZITADEL POST, and the ratio each target is about: the median over the
 * rounds of the two subjects' ratio within each round. No pass/fail: the numbers depend on the
 * machine.
 */
import { generateKeyPairSync } from 'node:crypto';
import { loadavg } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import axios from 'axios';
import { DfnsApiClient } from '@dfns/sdk';
import { AccountsApi, Configuration } from 'sailpoint-api-client';
import createClient from 'openapi-fetch';
import type { paths as ZitadelPaths } from '../generated/zitadel/schema.js';
import { buildPackage } from './build-package.js';
import { median, printTargets, type Target } from './targets.js';

// Our clients as consumers get them: the package built by tsc (plain JavaScript), not the
// sources through a TypeScript loader (which adds work to every function it creates).
const pkg = await buildPackage();
const load = <T>(entry: string): Promise<T> => import(pathToFileURL(path.join(pkg, 'src', entry, 'index.js')).href) as Promise<T>;

// Loopback only: no proxy settings may send these requests anywhere else.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) delete process.env[name];
process.env.NO_PROXY = process.env.no_proxy = '127.0.0.1,localhost,::1';

const N = positiveInt('BENCH_N', 20_000);
const CONCURRENCY = positiveInt('BENCH_CONCURRENCY', 50);
const ROUNDS = positiveInt('BENCH_ROUNDS', 20);
const SDK_N = positiveInt('BENCH_SAILPOINT_SDK_N', 2_000);
const VERBOSE = process.env.BENCH_VERBOSE === '1';
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined;
const WARMUP = Math.min(1_000, Math.ceil(N / 10));

function positiveInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer (got "${text}")`);
  return value;
}

/** One thing measured: `call(i)` makes one logical call (1 or 3 HTTP requests). */
interface Subject {
  name: string;
  requestsPerCall: number;
  call: (i: number) => Promise<unknown>;
  /** Checked once before timing: the call really did what it should. */
  check: (result: unknown) => boolean;
  /** Calls to time. */
  n: number;
  ms: number;
  calls: number;
  /** Calls per second of each round. */
  rounds: number[];
}

const CRED_ID = 'cr-bench-ed25519';
const server = new Worker(new URL('./facade-server.mjs', import.meta.url), { workerData: { credId: CRED_ID } });
const port = await new Promise<number>((resolve, reject) => {
  server.once('message', (message: { port: number }) => resolve(message.port));
  server.once('error', reject);
});
const baseUrl = `http://127.0.0.1:${port}`;

// Node's fetch sets up its own global dispatcher on first use. Loading undici 7 before that would
// install undici 7's Agent as the global dispatcher, and "raw fetch" would no longer be Node's
// fetch as shipped; so one raw fetch goes first.
await (await fetch(`${baseUrl}/v2/users/1/deactivate`, { method: 'POST', body: '{}' })).arrayBuffer();
const { Agent } = await import('undici');
// Our package comes after it too (a client's pool loads undici's Agent module, not its entry
// point, once the client has made 1000 requests).
const { createZitadelClient } = await load<typeof import('../src/zitadel/index.js')>('zitadel');
const { createDfnsClient } = await load<typeof import('../src/dfns/index.js')>('dfns');
const { createSailPointClient } = await load<typeof import('../src/sailpoint/index.js')>('sailpoint');
const { dispatcherFetch } = await load<typeof import('../src/index.js')>('');

/** A keep-alive undici 7 dispatcher, for the subjects that take it as their transport. */
const agent = new Agent({ keepAliveTimeout: 30_000, connections: CONCURRENCY });
/** Our clients' `fetch` option for it: requests go through `agent.request()`, no WHATWG fetch. */
const agentFetch = dispatcherFetch(agent);

const ZITADEL_TOKEN = 'bench-zitadel-pat';
const userId = (i: number): string => `2896403318233${String(i % 100_000).padStart(5, '0')}`;
const zitadelUrl = (i: number): string => `${baseUrl}/v2/users/${userId(i)}/deactivate`;
const zitadelOk = (r: unknown): boolean => (r as { details?: { sequence?: string } } | undefined)?.details?.sequence === '7';

const zitadelRaw = createClient<ZitadelPaths>({ baseUrl });
const zitadel = createZitadelClient({ baseUrl, token: ZITADEL_TOKEN });
const zitadelAgent = createZitadelClient({ baseUrl, token: ZITADEL_TOKEN, fetch: agentFetch });
// The same default pool with the deferred Request machinery off (a caller's middleware makes the
// client build real Requests and Responses): what the deferral saves.
const zitadelPlain = createZitadelClient({ baseUrl, token: ZITADEL_TOKEN });
zitadelPlain.raw.use({ onRequest: () => undefined });

const { privateKey } = generateKeyPairSync('ed25519');
const dfns = createDfnsClient({ baseUrl, token: 'bench-dfns-token', signer: { credId: CRED_ID, privateKey } });
const dfnsAgent = createDfnsClient({ baseUrl, token: 'bench-dfns-token', signer: { credId: CRED_ID, privateKey }, fetch: agentFetch });
const dfnsSdk = new DfnsApiClient({
  baseUrl,
  // The SDK's name for the bearer token (it sends `Authorization` like ours).
  authToken: 'bench-dfns-token',
  signer: {
    // The stub: a fixed assertion, no cryptography at all.
    sign: async () => ({ kind: 'Key', credentialAssertion: { credId: CRED_ID, clientData: 'eyJ0eXBlIjoia2V5LmdldCJ9', signature: 'c3R1Yg' } }),
  },
});
const serviceAccountId = (i: number): string => `us-bench-${i % 100_000}`;
const dfnsOk = (r: unknown): boolean => (r as { userInfo?: { isActive?: boolean } } | undefined)?.userInfo?.isActive === false;

const sailpointCredentials = { clientId: 'bench-client', clientSecret: 'bench-client-secret' };
const sailpoint = createSailPointClient({ baseUrl, ...sailpointCredentials });
const sailpointAgent = createSailPointClient({ baseUrl, ...sailpointCredentials, fetch: agentFetch });
const accountId = (i: number): string => `2c918084746${String(i % 100_000).padStart(5, '0')}`;
const sailpointOk = (r: unknown): boolean => {
  const value = r as { taskId?: string; id?: string; data?: { id?: string } } | undefined;
  return (value?.taskId ?? value?.id ?? value?.data?.id) === '2c91808474683da6017468693c260195';
};
// axios as a hand-written client would use it: its own instance, bearer token, JSON body.
const axiosClient = axios.create({ baseURL: baseUrl, headers: { Authorization: 'Bearer bench-access-token' } });
// sailpoint-api-client as its README shows it: a Configuration with client credentials (it fetches
// its token from tokenUrl) and the v3 AccountsApi on the default axios instance.
const sailpointSdk = new AccountsApi(
  new Configuration({ baseurl: baseUrl, tokenUrl: `${baseUrl}/oauth/token`, clientId: sailpointCredentials.clientId, clientSecret: sailpointCredentials.clientSecret }),
);

const specs: Omit<Subject, 'ms' | 'calls' | 'n' | 'rounds'>[] = [
  {
    name: 'raw fetch POST (ZITADEL deactivate)',
    requestsPerCall: 1,
    call: async (i) => {
      const res = await fetch(zitadelUrl(i), {
        method: 'POST',
        headers: { Authorization: `Bearer ${ZITADEL_TOKEN}`, 'Content-Type': 'application/json' },
        body: '{}',
      });
      return res.json();
    },
    check: zitadelOk,
  },
  {
    name: 'openapi-fetch alone',
    requestsPerCall: 1,
    call: async (i) =>
      (
        await zitadelRaw.POST('/v2/users/{userId}/deactivate', {
          params: { path: { userId: userId(i) } },
          body: {},
          headers: { Authorization: `Bearer ${ZITADEL_TOKEN}` },
        })
      ).data,
    check: zitadelOk,
  },
  // The clients with default options: their own keep-alive pool.
  { name: 'zitadel.users.deactivate', requestsPerCall: 1, call: (i) => zitadel.users.deactivate(userId(i)), check: zitadelOk },
  { name: 'zitadel.users.deactivate (undici Agent fetch)', requestsPerCall: 1, call: (i) => zitadelAgent.users.deactivate(userId(i)), check: zitadelOk },
  { name: 'zitadel.users.deactivate (real Requests, no deferral)', requestsPerCall: 1, call: (i) => zitadelPlain.users.deactivate(userId(i)), check: zitadelOk },
  { name: 'dfns.serviceAccounts.deactivate (Ed25519)', requestsPerCall: 3, call: (i) => dfns.serviceAccounts.deactivate(serviceAccountId(i)), check: dfnsOk },
  {
    name: 'dfns.serviceAccounts.deactivate (Ed25519, undici Agent fetch)',
    requestsPerCall: 3,
    call: (i) => dfnsAgent.serviceAccounts.deactivate(serviceAccountId(i)),
    check: dfnsOk,
  },
  {
    name: '@dfns/sdk deactivateServiceAccount (stub signer)',
    requestsPerCall: 3,
    call: (i) => dfnsSdk.auth.deactivateServiceAccount({ serviceAccountId: serviceAccountId(i), body: {} }),
    check: dfnsOk,
  },
  { name: 'sailpoint.accounts.disable', requestsPerCall: 1, call: (i) => sailpoint.accounts.disable(accountId(i)), check: sailpointOk },
  { name: 'sailpoint.accounts.disable (undici Agent fetch)', requestsPerCall: 1, call: (i) => sailpointAgent.accounts.disable(accountId(i)), check: sailpointOk },
  { name: 'axios POST (SailPoint disable)', requestsPerCall: 1, call: (i) => axiosClient.post(`/v3/accounts/${accountId(i)}/disable`, {}), check: sailpointOk },
  {
    name: 'sailpoint-api-client disableAccount',
    requestsPerCall: 1,
    call: (i) => sailpointSdk.disableAccount({ id: accountId(i), accountToggleRequest: {} }),
    check: sailpointOk,
  },
];
const subjects: Subject[] = specs.map((s) => ({ ...s, n: s.name.startsWith('sailpoint-api-client') ? Math.min(N, SDK_N) : N, ms: 0, calls: 0, rounds: [] }));

// Raw fetch is the reference of every ratio, so it always runs, unless BENCH_NO_BASELINE=1 (for
// profiling one subject with --cpu-prof; the ratios are then relative to the first subject).
const withBaseline = process.env.BENCH_NO_BASELINE !== '1';
const selected = subjects.filter((s, index) => (index === 0 && withBaseline) || !ONLY || ONLY.test(s.name));

/** `count` calls, `CONCURRENCY` at a time; resolves with the elapsed milliseconds. */
async function run(subject: Subject, count: number, offset: number): Promise<number> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = offset + next++;
      await subject.call(i);
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return performance.now() - start;
}

const loadAverage = (): string => loadavg().map((l) => l.toFixed(2)).join(', ');
console.log(`facade bench: N=${N} calls per subject, concurrency ${CONCURRENCY}, ${ROUNDS} rounds, Node ${process.version}, server ${baseUrl}, load average ${loadAverage()}`);
for (const subject of selected) {
  const result = await subject.call(0);
  if (!subject.check(result)) throw new Error(`${subject.name}: unexpected result ${JSON.stringify(result)}`);
  await run(subject, WARMUP, 1);
}
for (let round = 0; round < ROUNDS; round++) {
  // Rotate the order each round so no subject always runs first or last.
  const order = selected.map((_, k) => selected[(k + round) % selected.length]!);
  for (const subject of order) {
    const count = Math.min(Math.ceil(subject.n / ROUNDS), subject.n - subject.calls);
    if (count <= 0) continue;
    const ms = await run(subject, count, WARMUP + 1 + subject.calls);
    if (VERBOSE) console.log(`  round ${round + 1}: ${subject.name}: ${((count / ms) * 1000).toFixed(0)} calls/s`);
    subject.ms += ms;
    subject.calls += count;
    subject.rounds.push((count / ms) * 1000);
  }
}

const rate = (s: Subject): number => (s.calls / s.ms) * 1000;
const find = (prefix: string): Subject | undefined => selected.find((s) => s.name === prefix);
const baseline = rate(selected[0]!);
const rows = selected.map((s) => [
  s.name,
  String(s.requestsPerCall),
  String(s.calls),
  rate(s).toFixed(0),
  s.rounds.map((r) => r.toFixed(0)).join(' '),
  `${(rate(s) / baseline).toFixed(3)}x`,
]);
const header = ['subject', 'req/call', 'calls', 'calls/s', 'calls/s of each round', 'vs raw fetch'];
const widths = header.map((_, c) => Math.max(...[header, ...rows].map((r) => r[c]!.length)));
const line = (r: string[]): string => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ');
console.log();
console.log(line(header));
for (const row of rows) console.log(line(row));

/**
 * The ratio of two subjects' calls/s: the median over the rounds of the ratio within each
 * round (both ran a few seconds apart, under the same load), so one round hit by a burst of
 * load elsewhere on the machine does not decide it.
 */
const ratio = (a: string, b: string): number | undefined => {
  const x = find(a);
  const y = find(b);
  if (!x || !y) return undefined;
  const rounds = Math.min(x.rounds.length, y.rounds.length);
  return median(Array.from({ length: rounds }, (_, r) => x.rounds[r]! / y.rounds[r]!));
};
console.log();
// The targets of the default options (issue: fast by default), then the same calls with an
// explicit undici Agent fetch for comparison.
const targets: Target[] = [
  ['zitadel.users.deactivate / raw fetch', 'zitadel.users.deactivate', 'raw fetch POST (ZITADEL deactivate)', 2.0],
  ['  with undici Agent fetch', 'zitadel.users.deactivate (undici Agent fetch)', 'raw fetch POST (ZITADEL deactivate)', 2.0],
  ['deferred Requests / real Requests (default pool)', 'zitadel.users.deactivate', 'zitadel.users.deactivate (real Requests, no deferral)', 1.0],
  ['dfns deactivate / @dfns/sdk (stub signer)', 'dfns.serviceAccounts.deactivate (Ed25519)', '@dfns/sdk deactivateServiceAccount (stub signer)', 1.3],
  ['  with undici Agent fetch', 'dfns.serviceAccounts.deactivate (Ed25519, undici Agent fetch)', '@dfns/sdk deactivateServiceAccount (stub signer)', 1.3],
  ['sailpoint disable / axios', 'sailpoint.accounts.disable', 'axios POST (SailPoint disable)', 1.5],
  ['  with undici Agent fetch', 'sailpoint.accounts.disable (undici Agent fetch)', 'axios POST (SailPoint disable)', 1.5],
  ['sailpoint disable / sailpoint-api-client', 'sailpoint.accounts.disable', 'sailpoint-api-client disableAccount', 10],
  ['  with undici Agent fetch', 'sailpoint.accounts.disable (undici Agent fetch)', 'sailpoint-api-client disableAccount', 10],
].map(([label, a, b, goal]) => ({ label: label as string, value: ratio(a as string, b as string), direction: '>=' as const, goal: goal as number }));
printTargets('facade', targets, `targets (calls/s ratio, median of ${ROUNDS} rounds):`);
console.log(`load average at the end: ${loadAverage()}`);

await agent.close();
await Promise.all([zitadel.close(), zitadelPlain.close(), dfns.close(), sailpoint.close()]);
server.postMessage('close');
await new Promise((resolve) => server.once('exit', resolve));

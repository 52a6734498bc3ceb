/**
 * Options that would make a client loop, wait or buffer without bound are refused when the client
 * is created, each with a ProviderConfigError whose message names the option, before anything is
 * sent; the limits themselves are documented constants.
 */
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDfnsClient,
  createSailPointClient,
  createZitadelClient,
  DEFAULT_MAX_RESPONSE_BYTES,
  isProviderConfigError,
  MAX_RETRY_ATTEMPTS,
  MAX_TIMEOUT_MS,
  ProviderConfigError,
} from '../../../src/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../helpers/loopback-server.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const KEY = { keyId: 'k1', key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), userId: 'm1' };

let server: LoopbackServer;
beforeAll(async () => {
  server = await startLoopbackServer((_req, res) => sendJson(res, 200, {}));
});
afterAll(() => server.close());

/** [option path, options fragment] pairs that must be refused. */
const bad: [string, Record<string, unknown>][] = [
  ['retry.attempts', { retry: { attempts: NaN } }],
  ['retry.attempts', { retry: { attempts: -1 } }],
  ['retry.attempts', { retry: { attempts: 2.5 } }],
  ['retry.attempts', { retry: { attempts: Infinity } }],
  ['retry.attempts', { retry: { attempts: 1e9 } }],
  ['retry.attempts', { retry: { attempts: '3' } }],
  ['retry.baseDelayMs', { retry: { baseDelayMs: NaN } }],
  ['retry.baseDelayMs', { retry: { baseDelayMs: -5 } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: Infinity } }],
  ['retry.maxDelayMs', { retry: { maxDelayMs: 2 ** 31 } }],
  ['retry.maxRetryAfterMs', { retry: { maxRetryAfterMs: Infinity } }],
  ['retry.maxRetryAfterMs', { retry: { maxRetryAfterMs: NaN } }],
  ['retry.maxRetryAfterMs', { retry: { maxRetryAfterMs: -1 } }],
  ['timeoutMs', { timeoutMs: 2 ** 31 }],
  ['timeoutMs', { timeoutMs: NaN }],
  ['timeoutMs', { timeoutMs: 0 }],
  ['timeoutMs', { timeoutMs: -100 }],
  ['timeoutMs', { timeoutMs: 1.5 }],
  ['timeoutMs', { timeoutMs: Infinity }],
  ['maxResponseBytes', { maxResponseBytes: 0 }],
  ['maxResponseBytes', { maxResponseBytes: NaN }],
  ['maxResponseBytes', { maxResponseBytes: Infinity }],
  ['maxResponseBytes', { maxResponseBytes: -1 }],
];

const providers: [string, (extra: Record<string, unknown>) => unknown][] = [
  ['sailpoint', (extra) => createSailPointClient({ baseUrl: server.baseUrl, clientId: 'cid', clientSecret: 'secret-1', ...extra })],
  ['zitadel (token)', (extra) => createZitadelClient({ baseUrl: server.baseUrl, token: 'pat-1', ...extra })],
  ['zitadel (service account key)', (extra) => createZitadelClient({ baseUrl: server.baseUrl, serviceAccountKey: KEY, ...extra })],
  ['dfns', (extra) => createDfnsClient({ baseUrl: server.baseUrl, token: 'tok-1', ...extra })],
];

describe.each(providers)('%s refuses unbounded options at creation', (_provider, create) => {
  it.each(bad)('%s = %j', (option, extra) => {
    let thrown: unknown;
    try {
      create(extra);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ProviderConfigError);
    expect(isProviderConfigError(thrown)).toBe(true);
    expect((thrown as Error).message).toContain(option);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    [{ retry: { attempts: 0 } }],
    [{ retry: { attempts: MAX_RETRY_ATTEMPTS, baseDelayMs: 0, maxDelayMs: 0, maxRetryAfterMs: 0 } }],
    [{ retry: false }],
    [{ timeoutMs: MAX_TIMEOUT_MS }],
    [{ timeoutMs: 1 }],
    [{ maxResponseBytes: 1 }],
  ])('accepts the bounds %j', (extra) => {
    expect(() => create(extra)).not.toThrow();
  });
});

describe('documented limits', () => {
  it('are finite, and fit a timer', () => {
    expect(MAX_TIMEOUT_MS).toBe(2 ** 31 - 1);
    expect(Number.isInteger(MAX_RETRY_ATTEMPTS) && MAX_RETRY_ATTEMPTS >= 1 && MAX_RETRY_ATTEMPTS <= 100).toBe(true);
    expect(Number.isInteger(DEFAULT_MAX_RESPONSE_BYTES) && DEFAULT_MAX_RESPONSE_BYTES >= 1 << 20).toBe(true);
  });

  it('retry.attempts: NaN can no longer retry forever: creation fails before any request', async () => {
    const before = server.requests.length;
    expect(() => createZitadelClient({ baseUrl: server.baseUrl, token: 'pat-1', retry: { attempts: NaN } })).toThrow(/retry\.attempts/);
    expect(server.requests.length).toBe(before);
  });
});

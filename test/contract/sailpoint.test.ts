/**
 * Contract test: every named method of the SailPoint client against Prism serving
 * specs/sailpoint/openapi.yaml with request validation on, token request included. Prism must
 * accept each request and the facade must return the typed example data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSailPointClient, type SailPointClient } from '../../src/sailpoint/index.js';
import { namedMethods, rejectedExchanges, startPrism, take, type PrismServer } from './prism.js';

const ACCOUNT_ID = '7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f';
const TASK_ID = '4b2f0c1d9e8a47f6a3c5d7e9f1a2b3c4';

let prism: PrismServer;
let isc: SailPointClient;

beforeAll(async () => {
  prism = await startPrism('specs/sailpoint/openapi.yaml');
  isc = createSailPointClient({
    baseUrl: prism.baseUrl,
    clientId: '9f3e21c0a4b74d5f8e6a1b2c3d4e5f60',
    clientSecret: 'contract-test-client-secret',
    fetch: prism.fetch,
    retry: false,
  });
});
afterAll(async () => {
  await prism?.stop();
});

/** One call per named method, with what its typed result must look like. */
const calls: Record<string, (client: SailPointClient) => Promise<void>> = {
  'accounts.list': async (c) => {
    const accounts = await take(c.accounts.list({ filters: 'sourceId eq "2c9180867a5e3b0d017a61c4f2d80f3e"', sorters: '-modified,name', limit: 100, detailLevel: 'SLIM' }), 5);
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatchObject({ id: ACCOUNT_ID, disabled: false, locked: false, sourceName: 'HR Directory', identity: { type: 'IDENTITY' } });
  },
  'accounts.get': async (c) => {
    expect(await c.accounts.get(ACCOUNT_ID)).toMatchObject({ id: ACCOUNT_ID, nativeIdentity: expect.any(String), origin: 'AGGREGATED' });
  },
  'accounts.enable': async (c) => {
    expect(await c.accounts.enable(ACCOUNT_ID, { externalVerificationId: 'a6c8e0b2', forceProvisioning: true })).toEqual({ changed: true, taskId: '1e3c5a7b9d2f4e6a8c0b2d4f6a8c0e1b' });
  },
  'accounts.disable': async (c) => {
    const result = await c.accounts.disable(ACCOUNT_ID, { wait: { intervalMs: 10, timeoutMs: 10_000 } });
    expect(result).toMatchObject({ changed: true, taskId: TASK_ID, task: { id: TASK_ID, completionStatus: 'SUCCESS' } });
  },
  'accounts.unlock': async (c) => {
    expect(await c.accounts.unlock(ACCOUNT_ID, { unlockIDNAccount: true })).toEqual({ changed: true, taskId: '6f8a0c2e4b6d48f0a2c4e6b8d0f2a4c6' });
  },
  'accounts.delete': async (c) => {
    expect(await c.accounts.delete(ACCOUNT_ID)).toEqual({ changed: true, taskId: '8c3a5e7f9b1d4c2e6a8f0b3d5e7a9c1f' });
  },
  'tasks.get': async (c) => {
    const task = await c.tasks.get(TASK_ID);
    expect(task).toMatchObject({ id: TASK_ID, type: 'QUARTZ', completionStatus: 'SUCCESS', percentComplete: 100 });
    expect(task.messages[0]?.localizedText?.message).toBe('Account disabled on the source.');
  },
  'tasks.wait': async (c) => {
    expect(await c.tasks.wait(TASK_ID, { intervalMs: 10, timeoutMs: 10_000 })).toMatchObject({ id: TASK_ID, completionStatus: 'SUCCESS' });
  },
};

describe('sailpoint facade against Prism', () => {
  it('the contract covers every named method of the client', () => {
    expect(Object.keys(calls).sort()).toEqual(namedMethods(isc));
  });

  it.each(Object.keys(calls))('%s: Prism accepts the request and the result parses', async (name) => {
    const before = prism.exchanges.length;
    await calls[name]!(isc);
    const exchanges = prism.exchanges.slice(before);
    expect(exchanges.length).toBeGreaterThan(0);
    expect(rejectedExchanges({ ...prism, exchanges }), prism.output()).toEqual([]);
  });

  it('the token request itself was accepted (form body against TokenRequest)', () => {
    const token = prism.exchanges.filter((e) => e.url.endsWith('/oauth/token'));
    expect(token).toHaveLength(1); // cached for every later call
    expect(token[0]).toMatchObject({ method: 'POST', status: 200, violations: [] });
  });

  it('Prism does reject a request that breaks the spec (the check above is live)', async () => {
    const before = prism.exchanges.length;
    const result = await isc.raw.GET('/v3/accounts', { params: { query: { limit: 999 } } });
    expect(result.response.status).toBeGreaterThanOrEqual(400);
    expect(prism.exchanges.slice(before)[0]?.violations).not.toEqual([]);
  });
});

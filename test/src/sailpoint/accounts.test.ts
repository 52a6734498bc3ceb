/**
 * SailPoint accounts and tasks against a real loopback server: paging, state changes and their
 * tasks, task waiting (success, ERROR, TERMINATED, timeout), error mapping, Retry-After and
 * path encoding.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createSailPointClient, isSailPointTaskError, type SailPointClient, type SailPointTaskStatus } from '../../../src/sailpoint/index.js';
import { isProviderApiError, isProviderConfigError, isProviderTimeoutError } from '../../../src/core/errors/index.js';
import { sendJson, startLoopbackServer, type Handler, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Starts a server that mints tokens itself and hands every other request to `handler`. */
async function setup(handler: Handler, retry?: false): Promise<{ isc: SailPointClient; api: () => RecordedRequest[] }> {
  server = await startLoopbackServer((req, res) => {
    if (req.url === '/oauth/token') return sendJson(res, 200, { access_token: 'tok-1', token_type: 'bearer', expires_in: 749 });
    return handler(req, res);
  });
  const s = server;
  return {
    isc: createSailPointClient({ baseUrl: s.baseUrl, clientId: 'cid', clientSecret: 'csecret-Zx81', ...(retry === false ? { retry } : {}) }),
    api: () => s.requests.filter((r) => r.url !== '/oauth/token'),
  };
}

function task(completionStatus: SailPointTaskStatus['completionStatus'], extra: Partial<SailPointTaskStatus> = {}): SailPointTaskStatus {
  return {
    id: 'task-1',
    type: 'QUARTZ',
    uniqueName: 'Disable account',
    description: 'Disables one account',
    parentName: null,
    launcher: 'me',
    created: '2026-02-10T09:15:02.118Z',
    modified: null,
    launched: null,
    progress: null,
    completionStatus,
    completed: completionStatus ? '2026-02-10T09:15:09.904Z' : null,
    messages: [],
    returns: [],
    attributes: {},
    percentComplete: completionStatus ? 100 : 40,
    ...extra,
  };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('sailpoint accounts.list', () => {
  it('pages by limit/offset across three pages and passes filters and sorters', async () => {
    const all = Array.from({ length: 5 }, (_, i) => ({ id: `acc${i}` }));
    const { isc, api } = await setup((req, res) => {
      const url = new URL(req.url, 'http://x');
      const offset = Number(url.searchParams.get('offset'));
      const limit = Number(url.searchParams.get('limit'));
      sendJson(res, 200, all.slice(offset, offset + limit));
    });
    const filters = 'sourceId eq "2c91" and name sw "j&d"';
    const accounts = await collect(isc.accounts.list({ limit: 2, filters, sorters: '-modified,name' }));
    expect(accounts.map((a) => a.id)).toEqual(['acc0', 'acc1', 'acc2', 'acc3', 'acc4']);
    const urls = api().map((r) => new URL(r.url, 'http://x'));
    expect(urls.map((u) => u.pathname)).toEqual(['/v3/accounts', '/v3/accounts', '/v3/accounts']);
    expect(urls.map((u) => u.searchParams.get('offset'))).toEqual(['0', '2', '4']);
    expect(urls.every((u) => u.searchParams.get('limit') === '2' && u.searchParams.get('filters') === filters && u.searchParams.get('sorters') === '-modified,name')).toBe(true);
    expect(api()[0]?.url).not.toContain(' '); // the filter expression travels percent-encoded
  });

  it('ends on an empty page and defaults to pages of 250', async () => {
    const { isc, api } = await setup((_req, res) => sendJson(res, 200, []));
    expect(await collect(isc.accounts.list())).toEqual([]);
    expect(new URL(api()[0]!.url, 'http://x').searchParams.get('limit')).toBe('250');
  });

  it('refuses a page size SailPoint would reject', async () => {
    const { isc } = await setup((_req, res) => sendJson(res, 200, []));
    expect(() => isc.accounts.list({ limit: 251 })).toThrow(/limit/);
  });
});

describe('sailpoint account state changes', () => {
  it.each(['enable', 'disable', 'unlock'] as const)('%s posts the options and resolves { changed: true, taskId }', async (method) => {
    const { isc, api } = await setup((_req, res) => sendJson(res, 202, { id: 'task-9' }));
    await expect(isc.accounts[method]('acc1')).resolves.toEqual({ changed: true, taskId: 'task-9' });
    await expect(isc.accounts[method]('acc1', { externalVerificationId: 'ev-1', forceProvisioning: true })).resolves.toEqual({ changed: true, taskId: 'task-9' });
    expect(api()[0]).toMatchObject({ method: 'POST', url: `/v3/accounts/acc1/${method}`, body: '{}' });
    expect(JSON.parse(api()[1]!.body)).toEqual({ externalVerificationId: 'ev-1', forceProvisioning: true });
    expect(api()[0]?.headers['content-type']).toBe('application/json');
  });

  it('unlock passes unlockIDNAccount', async () => {
    const { isc, api } = await setup((_req, res) => sendJson(res, 202, { id: 't' }));
    await isc.accounts.unlock('acc1', { unlockIDNAccount: true });
    expect(JSON.parse(api()[0]!.body)).toEqual({ unlockIDNAccount: true });
  });

  it('an account already in the requested state is still { changed: true } (SailPoint accepts and runs a task)', async () => {
    const { isc } = await setup((req, res) => {
      if (req.url.startsWith('/beta/task-status/')) return sendJson(res, 200, task('SUCCESS'));
      return sendJson(res, 202, { id: 'task-1' });
    });
    const first = await isc.accounts.disable('acc1', { wait: true });
    const again = await isc.accounts.disable('acc1', { wait: true });
    expect(first).toMatchObject({ changed: true, taskId: 'task-1', task: { completionStatus: 'SUCCESS' } });
    expect(again).toEqual(first);
  });

  it('delete sends no body and resolves the task id', async () => {
    const { isc, api } = await setup((_req, res) => sendJson(res, 202, { id: 'task-del' }));
    await expect(isc.accounts.delete('acc1')).resolves.toEqual({ changed: true, taskId: 'task-del' });
    expect(api()[0]).toMatchObject({ method: 'DELETE', url: '/v3/accounts/acc1', body: '' });
  });

  it('errors carry detailCode as code and the trackingId', async () => {
    const { isc } = await setup(
      (_req, res) =>
        sendJson(res, 404, {
          detailCode: '404 Not found',
          trackingId: '2c3d4e5f60718293a4b5c6d7e8f90a1b',
          messages: [{ locale: 'en-US', localeOrigin: 'DEFAULT', text: 'The requested object does not exist.' }],
          causes: [],
        }),
      false,
    );
    const err = await isc.accounts.disable('missing').catch((e: unknown) => e);
    expect(isProviderApiError(err)).toBe(true);
    expect(err).toMatchObject({ provider: 'sailpoint', operationId: 'disableAccount', status: 404, code: '404 Not found', trackingId: '2c3d4e5f60718293a4b5c6d7e8f90a1b' });
    expect((err as Error).message).toContain('The requested object does not exist.');
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ code: '404 Not found', trackingId: '2c3d4e5f60718293a4b5c6d7e8f90a1b' });
  });

  it('honours Retry-After on 429 (even for a state change)', async () => {
    let calls = 0;
    const { isc } = await setup((_req, res) => {
      calls++;
      if (calls === 1) return sendJson(res, 429, { message: 'Rate limit exceeded' }, { 'retry-after': '1' });
      return sendJson(res, 202, { id: 'task-2' });
    });
    const started = Date.now();
    await expect(isc.accounts.disable('acc1')).resolves.toEqual({ changed: true, taskId: 'task-2' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(calls).toBe(2);
  });

  it('retries 503 for operations the spec marks idempotent', async () => {
    let calls = 0;
    const { isc } = await setup((_req, res) => (++calls < 3 ? sendJson(res, 503, { detailCode: '503 Unavailable' }) : sendJson(res, 202, { id: 't-3' })));
    await expect(isc.accounts.unlock('acc1')).resolves.toEqual({ changed: true, taskId: 't-3' });
    expect(calls).toBe(3);
  });

  it('reports Retry-After on the error when retries are off', async () => {
    const { isc } = await setup((_req, res) => sendJson(res, 429, { message: 'Rate limit exceeded' }, { 'retry-after': '12' }), false);
    await expect(isc.accounts.get('acc1')).rejects.toMatchObject({ status: 429, retryAfterMs: 12_000 });
  });

  it('percent-encodes path parameters so they cannot change the path', async () => {
    const { isc, api } = await setup((req, res) => sendJson(res, req.method === 'GET' ? 200 : 202, req.method === 'GET' ? task('SUCCESS') : { id: 't' }));
    for (const id of ['../x', 'a/b', '?', '#', '%2F', '../../oauth/token']) await isc.accounts.disable(id);
    await isc.tasks.get('../../v3/accounts');
    expect(api().map((r) => r.url)).toEqual([
      '/v3/accounts/..%2Fx/disable',
      '/v3/accounts/a%2Fb/disable',
      '/v3/accounts/%3F/disable',
      '/v3/accounts/%23/disable',
      '/v3/accounts/%252F/disable',
      '/v3/accounts/..%2F..%2Foauth%2Ftoken/disable',
      '/beta/task-status/..%2F..%2Fv3%2Faccounts',
    ]);
    const err = await isc.accounts.get('..').catch((e: unknown) => e);
    expect(isProviderConfigError(err)).toBe(true);
  });
});

describe('sailpoint tasks.wait', () => {
  it('polls until the task succeeds, with growing pauses', async () => {
    const polls: number[] = [];
    const { isc } = await setup((_req, res) => {
      polls.push(Date.now());
      sendJson(res, 200, polls.length < 4 ? task(null) : task('SUCCESS'));
    });
    const done = await isc.tasks.wait('task-1', { intervalMs: 20 });
    expect(done.completionStatus).toBe('SUCCESS');
    expect(polls).toHaveLength(4);
    const pauses = polls.slice(1).map((t, i) => t - polls[i]!);
    expect(pauses[2]!).toBeGreaterThanOrEqual(40); // 20, 30, 45 ms: backoff, not a fixed interval
  });

  it('state changes with wait resolve with the finished task; TEMPERROR keeps waiting; WARNING counts as done', async () => {
    let polls = 0;
    const { isc } = await setup((req, res) => {
      if (req.method === 'POST') return sendJson(res, 202, { id: 'task-1' });
      polls++;
      return sendJson(res, 200, polls === 1 ? task('TEMPERROR') : task('WARNING'));
    });
    const result = await isc.accounts.enable('acc1', { wait: { intervalMs: 10 } });
    expect(result).toMatchObject({ changed: true, taskId: 'task-1', task: { completionStatus: 'WARNING' } });
    expect(polls).toBe(2);
  });

  it.each(['ERROR', 'TERMINATED'] as const)('rejects with the task messages when the task ends in %s', async (status) => {
    const { isc } = await setup((req, res) => {
      if (req.method === 'POST') return sendJson(res, 202, { id: 'task-1' });
      return sendJson(
        res,
        200,
        task(status, {
          messages: [
            { type: 'INFO', key: 'started', parameters: [], localizedText: { locale: 'en-US', message: 'Task started' } },
            { type: 'ERROR', key: 'connector_error', parameters: ['HR'], localizedText: { locale: 'en-US', message: 'Source HR Directory refused the change' } },
          ],
        }),
      );
    });
    const err = await isc.accounts.disable('acc1', { wait: { intervalMs: 10 } }).catch((e: unknown) => e);
    expect(isSailPointTaskError(err)).toBe(true);
    expect(err).toMatchObject({ taskId: 'task-1', completionStatus: status, messages: ['Source HR Directory refused the change'] });
    expect((err as Error).message).toContain('Source HR Directory refused the change');
    expect((err as Error).message).toContain(status);
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ name: 'SailPointTaskError', taskId: 'task-1', completionStatus: status });
  });

  it('rejects with a timeout error past the deadline, aborting a read in flight', async () => {
    let polls = 0;
    const { isc } = await setup((_req, res) => {
      polls++;
      if (polls >= 3) return; // hang: the deadline must still end the wait
      sendJson(res, 200, task(null));
    });
    const started = Date.now();
    const err = await isc.tasks.wait('task-1', { timeoutMs: 200, intervalMs: 20 }).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(isProviderTimeoutError(err)).toBe(true);
    expect(err).toMatchObject({ timeoutMs: 200, operationId: 'getTaskStatus' });
    expect((err as Error).message).toContain('/beta/task-status/task-1');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
  });

  it('stops when the caller aborts', async () => {
    const { isc } = await setup((_req, res) => sendJson(res, 200, task(null)));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('caller gave up')), 50);
    await expect(isc.tasks.wait('task-1', { intervalMs: 10, signal: controller.signal })).rejects.toThrow('caller gave up');
  });

  it('refuses nonsense wait options', async () => {
    const { isc } = await setup((_req, res) => sendJson(res, 200, task(null)));
    await expect(isc.tasks.wait('task-1', { intervalMs: 0 })).rejects.toSatisfy(isProviderConfigError);
    await expect(isc.tasks.wait('task-1', { timeoutMs: -1 })).rejects.toSatisfy(isProviderConfigError);
  });
});

/** Facade impact: calls of an operation in hand-written code, found on a fixture project. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachImpact, buildImpactIndex } from '../../../scripts/lib/diff/impact.js';
import { finishResult } from '../../../scripts/lib/diff/index.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const ROOT = path.join(repoRoot, 'test/fixtures/diff/impact');
const index = buildImpactIndex({ dirs: ['src'], root: ROOT });

describe('facade impact', () => {
  it('finds an openapi-fetch call by method and path, whatever the variable names', () => {
    // `call('getWidget', …)` on the same line names the operation; the call is what counts.
    expect(index.find({ method: 'GET', path: '/widgets/{wid}', operationId: 'getWidget' })).toEqual([{ symbol: 'createWidgetsClient.widgets.get', file: 'src/widgets/index.ts', line: 16 }]);
    // The path literal names its variable differently and does not type-check: still a call.
    expect(index.find({ method: 'PUT', path: '/widgets/{widgetId}', operationId: 'updateWidget' })).toEqual([{ symbol: 'createWidgetsClient.widgets.update', file: 'src/widgets/index.ts', line: 17 }]);
  });

  it('finds calls in class methods, with template literals and const paths', () => {
    expect(index.find({ method: 'DELETE', path: '/widgets/{widgetId}', operationId: '' })).toEqual([{ symbol: 'WidgetAdmin.purge', file: 'src/widgets/index.ts', line: 36 }]);
    expect(index.find({ method: 'POST', path: '/widgets/{widgetId}/retire', operationId: 'retireWidget' }).map((a) => `${a.symbol}@${a.line}`)).toEqual([
      'createWidgetsClient.widgets.retire@21',
      'createWidgetsClient.widgets.retireAgain@23',
    ]);
  });

  it('reports no operationId strings, table keys or look-alike GET methods', () => {
    // patchWidget appears only as error metadata; retireWidget also as a table key and in metadata.
    expect(index.find({ method: 'PATCH', path: '/widgets/{widgetId}', operationId: 'patchWidget' })).toEqual([]);
    expect(index.find({ method: 'POST', path: '/widgets/{widgetId}/retire', operationId: 'retireWidget' }).every((a) => a.line === 21 || a.line === 23)).toBe(true);
    // `http.GET('/gadgets/{gadgetId}')` is not an openapi-fetch client.
    expect(index.find({ method: 'GET', path: '/gadgets/{id}', operationId: 'widget' })).toEqual([]);
  });

  it('attaches affects to every change of a called operation, renamed operationIds included', () => {
    const result = finishResult([
      { id: 'response-property-removed', level: 'ERR', direction: 'response', operation: { method: 'GET', path: '/widgets/{widgetId}', operationId: 'getWidget' }, pointer: '/x', message: 'm' },
      { id: 'operation-id-changed', level: 'ERR', direction: 'none', operation: { method: 'POST', path: '/widgets/{widgetId}/retire', operationId: 'archiveWidget' }, pointer: '/y', message: 'm' },
      { id: 'operation-added', level: 'INFO', direction: 'none', operation: { method: 'PATCH', path: '/widgets/{widgetId}', operationId: 'patchWidget' }, pointer: '/z', message: 'm' },
      { id: 'server-added', level: 'INFO', direction: 'none', pointer: '/servers/1', message: 'm' },
    ]);
    attachImpact(result, index);
    const by = (id: string) => result.changes.find((c) => c.id === id)!;
    expect(by('server-added').affects).toBeUndefined();
    expect(by('operation-added').affects).toBeUndefined();
    expect(by('response-property-removed').affects?.map((a) => a.symbol)).toEqual(['createWidgetsClient.widgets.get']);
    expect(by('operation-id-changed').affects?.map((a) => a.symbol)).toEqual(['createWidgetsClient.widgets.retire', 'createWidgetsClient.widgets.retireAgain']);
  });
});

describe('facade impact on the real facade', () => {
  it('lists only the openapi-fetch calls, not the error metadata that names the operation', () => {
    const real = buildImpactIndex({ dirs: ['src/sailpoint'], root: repoRoot });
    const lines = readFileSync(path.join(repoRoot, 'src/sailpoint/accounts.ts'), 'utf8').split('\n');
    const list = real.find({ method: 'GET', path: '/v3/accounts', operationId: 'listAccounts' });
    expect(list.length).toBeGreaterThan(0);
    for (const a of list) {
      expect(a.file).toBe('src/sailpoint/accounts.ts');
      expect(lines[a.line - 1]).toContain(".GET('/v3/accounts'");
    }
    // `{ operationId: 'listAccounts' }` in a ProviderConfigError is on another line.
    const metadata = lines.findIndex((l) => l.includes("operationId: 'listAccounts'")) + 1;
    expect(metadata).toBeGreaterThan(0);
    expect(list.map((a) => a.line)).not.toContain(metadata);
  }, 60_000);
});

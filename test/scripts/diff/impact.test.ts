/** Facade impact: calls of an operation in hand-written code, found on a fixture project. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachImpact, buildImpactIndex } from '../../../scripts/lib/diff/impact.js';
import { finishResult } from '../../../scripts/lib/diff/index.js';
import { createPackageProject } from '../../../scripts/lib/ts-project.js';
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

describe('facade impact read from the package program', () => {
  it('finds the same calls in the program regen type-checked, even when the new types no longer have their paths', async () => {
    // regen scans the facade in its package program, where the generated files are the new ones
    // (in memory). Here every ZITADEL path of the new types is renamed, so no call in
    // src/zitadel/ type-checks any more; the calls found must be those of the files on disk.
    const schemaFile = path.join(repoRoot, 'generated/zitadel/schema.ts');
    const renamed = readFileSync(schemaFile, 'utf8').replace(/^( {2}')(\/v2\/[^']*)(': \{)$/gm, '$1$2/gone$3');
    expect(renamed).not.toBe(readFileSync(schemaFile, 'utf8'));
    const project = await createPackageProject(repoRoot, new Map([[schemaFile, renamed]]));
    const diagnostics = project.getSourceFileOrThrow(path.join(repoRoot, 'src/zitadel/users.ts')).getPreEmitDiagnostics();
    expect(diagnostics.length).toBeGreaterThan(0);
    const fromProgram = buildImpactIndex({ dirs: ['src/zitadel'], root: repoRoot, project });
    const fromDisk = buildImpactIndex({ dirs: ['src/zitadel'], root: repoRoot });
    const spec = JSON.parse(readFileSync(path.join(repoRoot, 'generated/zitadel/openapi.json'), 'utf8')) as { paths: Record<string, Record<string, { operationId?: string }>> };
    const operations = Object.entries(spec.paths).flatMap(([route, item]) => Object.keys(item).map((method) => ({ method: method.toUpperCase(), path: route, operationId: item[method]!.operationId ?? '' })));
    const found = operations.map((operation) => fromProgram.find(operation));
    expect(found.flat().length).toBeGreaterThan(5);
    expect(found).toEqual(operations.map((operation) => fromDisk.find(operation)));
  }, 60_000);
});

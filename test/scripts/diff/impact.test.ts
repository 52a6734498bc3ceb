/** Facade impact: uses of an operation in hand-written code, found on a fixture project. */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { attachImpact, buildImpactIndex } from '../../../scripts/lib/diff/impact.js';
import { finishResult } from '../../../scripts/lib/diff/index.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const ROOT = path.join(repoRoot, 'test/fixtures/diff/impact');
const index = buildImpactIndex({ dirs: ['src'], root: ROOT });

describe('facade impact', () => {
  it('finds an operation by its operationId string and its path literal, whatever the variable names', () => {
    // The key `getWidget:` in operations.ts declares the id; it is not a use.
    expect(index.find({ method: 'GET', path: '/widgets/{wid}', operationId: 'getWidget' })).toEqual([{ symbol: 'createWidgetsClient.widgets.get', file: 'src/widgets/index.ts', line: 13 }]);
  });

  it('finds calls without an operationId, including methods of classes', () => {
    expect(index.find({ method: 'PUT', path: '/widgets/{widgetId}', operationId: 'updateWidget' })).toEqual([{ symbol: 'createWidgetsClient.widgets.update', file: 'src/widgets/index.ts', line: 14 }]);
    expect(index.find({ method: 'DELETE', path: '/widgets/{widgetId}', operationId: '' })).toEqual([{ symbol: 'WidgetAdmin.purge', file: 'src/widgets/index.ts', line: 27 }]);
  });

  it('finds member access and template-literal paths', () => {
    expect(index.find({ method: 'POST', path: '/widgets/{widgetId}/retire', operationId: 'retireWidget' }).map((a) => `${a.symbol}@${a.line}`)).toEqual([
      'createWidgetsClient.widgets.retire.meta@16',
      'createWidgetsClient.widgets.retire@17',
    ]);
  });

  it('does not match another method on the same path, or unrelated code', () => {
    expect(index.find({ method: 'PATCH', path: '/widgets/{widgetId}', operationId: 'patchWidget' })).toEqual([]);
    expect(index.find({ method: 'GET', path: '/gizmos', operationId: 'widget' }).map((a) => a.file)).toEqual(['src/other/report.ts']);
  });

  it('attaches affects to every change of a used operation, and to the old id of a renamed one', () => {
    const result = finishResult([
      { id: 'response-property-removed', level: 'ERR', direction: 'response', operation: { method: 'GET', path: '/widgets/{widgetId}', operationId: 'getWidget' }, pointer: '/x', message: 'm' },
      { id: 'operation-id-changed', level: 'ERR', direction: 'none', operation: { method: 'POST', path: '/widgets/{widgetId}/archive', operationId: 'archiveWidget' }, pointer: '/y', message: 'm' },
      { id: 'server-added', level: 'INFO', direction: 'none', pointer: '/servers/1', message: 'm' },
    ]);
    attachImpact(result, index, new Map([['POST /widgets/{widgetId}/archive', ['retireWidget']]]));
    const by = (id: string) => result.changes.find((c) => c.id === id)!;
    expect(by('server-added').affects).toBeUndefined();
    expect(by('response-property-removed').affects?.map((a) => a.symbol)).toEqual(['createWidgetsClient.widgets.get']);
    // Only the old id matches: the facade's call uses another path.
    expect(by('operation-id-changed').affects?.map((a) => a.symbol)).toEqual(['createWidgetsClient.widgets.retire.meta']);
  });
});

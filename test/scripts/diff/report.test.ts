/** The review report renders only what the diff result holds, most severe first. */
import { describe, expect, it } from 'vitest';
import { finishResult } from '../../../scripts/lib/diff/index.js';
import { renderMarkdown, renderText } from '../../../scripts/lib/review-render/index.js';

const result = finishResult([
  { id: 'operation-description-changed', level: 'INFO', direction: 'none', operation: { method: 'GET', path: '/a', operationId: 'getA' }, pointer: '/paths/~1a/get/description', message: 'operation description changed' },
  {
    id: 'response-property-removed',
    level: 'ERR',
    direction: 'response',
    operation: { method: 'GET', path: '/b', operationId: 'getB' },
    pointer: '/paths/~1b/get/responses/200',
    message: "response property 'x|y' (status 200) was removed",
    breaksCompile: true,
    affects: [{ symbol: 'createClient.b.get', file: 'src/p/index.ts', line: 12 }],
  },
  { id: 'server-added', level: 'INFO', direction: 'none', pointer: '/servers/1', message: 'server https://x.example.test was added' },
]);

describe('review report', () => {
  it('has one summary row per provider and groups changes by operation, breaking first', () => {
    const md = renderMarkdown([
      { provider: 'alpha', result, lint: 'ok', compileChecked: true, facade: { ok: false, errors: ['src/p/index.ts:12: Property x does not exist'] } },
      { provider: 'beta', result: finishResult([]), lint: 'ok' },
    ]);
    expect(md).toContain('| alpha | 1 | 0 | 2 | major | ok | 1 error(s) |');
    expect(md).toContain('| beta | 0 | 0 | 0 | none | ok | – |');
    const order = ['Document-level changes', '`GET /b` — `getB`', '<details>', '`GET /a` — `getA`'].map((s) => md.indexOf(s));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toContain("response property 'x\\|y' (status 200) was removed | breaks | `createClient.b.get` (src/p/index.ts:12) |");
    expect(md).toContain('The facade does not compile against the new types');
    expect(md).toContain('### beta\n\nNo changes.');
  });

  it('says when the compile check did not run', () => {
    expect(renderMarkdown([{ provider: 'alpha', result }])).toContain('| not checked |');
  });

  it('prints one text line per change and a summary', () => {
    const text = renderText(result).trim().split('\n');
    expect(text).toHaveLength(4);
    expect(text[0]).toBe('INFO server-added  (document)  server https://x.example.test was added');
    expect(text[3]).toBe('1 ERR, 0 WARN, 2 INFO; suggested bump: major');
  });
});

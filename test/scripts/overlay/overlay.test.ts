import { describe, expect, it } from 'vitest';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { applyOverlay, readOverlay } from '../../../scripts/lib/overlay/index.js';

const base = () => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1' },
  tags: [{ name: 'A' }],
  paths: {
    '/a': { get: { operationId: 'getA', responses: { '200': { description: 'ok' }, '201': { description: 'phantom' } }, 'x-typo': 1 } },
    '/b': { post: { operationId: 'postB', responses: { '200': { description: 'ok' } } } },
  },
});

const overlay = (actions: unknown[]) => readOverlay({ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions }, 'overlay.yaml');

function lineOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof PipelineError) return err.toLine();
    throw err;
  }
  throw new Error('expected a PipelineError');
}

describe('applyOverlay', () => {
  it('merges objects recursively and replaces scalars', () => {
    const { doc } = applyOverlay(base(), overlay([{ target: '$.info', update: { title: 'T', license: { name: 'MIT' } } }]), 'o.yaml');
    expect(doc.info).toEqual({ title: 'T', version: '1', license: { name: 'MIT' } });
  });

  it('appends to arrays', () => {
    const { doc } = applyOverlay(base(), overlay([{ target: '$.tags', update: { name: 'B' } }]), 'o.yaml');
    expect(doc.tags).toEqual([{ name: 'A' }, { name: 'B' }]);
  });

  it('removes every match, including with filters', () => {
    const { doc, matches } = applyOverlay(
      base(),
      overlay([
        { target: "$.paths.*.*.responses['201']", remove: true },
        { target: "$.paths.*[?(@['x-typo'])]", update: { 'x-fixed': 1 } },
        { target: "$.paths.*.*['x-typo']", remove: true },
      ]),
      'o.yaml',
    );
    expect(Object.keys(doc.paths['/a'].get.responses)).toEqual(['200']);
    expect(doc.paths['/a'].get['x-fixed']).toBe(1);
    expect(doc.paths['/a'].get['x-typo']).toBeUndefined();
    expect(matches).toEqual([1, 1, 1]);
  });

  it('does not change its input', () => {
    const input = base();
    applyOverlay(input, overlay([{ target: '$.paths', remove: true }]), 'o.yaml');
    expect(input).toEqual(base());
  });

  const missing = () => overlay([{ target: '$.info', update: {} }, { target: "$.paths['/gone']", description: 'Fix the gone path', remove: true }]);

  it('reports an action that matches nothing, naming the action, and applies the rest', () => {
    const { doc, matches, misses } = applyOverlay(base(), missing(), 'specs/x/overlay.yaml');
    expect(doc).toEqual(base());
    expect(matches).toEqual([1, 0]);
    expect(misses).toEqual([
      {
        index: 1,
        target: "$.paths['/gone']",
        description: 'Fix the gone path',
        file: 'specs/x/overlay.yaml',
        pointer: '#/actions/1',
        message: `action 2 ("Fix the gone path") matches nothing (target $.paths['/gone'])`,
      },
    ]);
  });

  it('with strict, refuses an action that matches nothing, naming the action', () => {
    const line = lineOf(() => applyOverlay(base(), missing(), 'specs/x/overlay.yaml', { strict: true }));
    expect(line).toBe(`error: specs/x/overlay.yaml#/actions/1: action 2 ("Fix the gone path") matches nothing (target $.paths['/gone']); without --strict this is a warning`);
  });

  it.each([
    ['$.paths[.responses', 9, 'expected a quoted name'],
    ["$.paths['/a'", 8, 'unclosed ['],
    ['$.paths.', 9, 'expected a member name'],
    ['$.paths.*[?(@.x]', 16, 'unbalanced'],
    ['$paths', 2, 'unexpected "p"; a segment starts with . or ['],
  ])('refuses %s as a target, naming the action and the character', (target, position, reason) => {
    const line = lineOf(() => readOverlay({ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions: [{ target: '$.info', update: {} }, { target, description: 'Drop responses', remove: true }] }, 'o.yaml'));
    expect(line).toContain(`error: o.yaml#/actions/1/target: action 2 ("Drop responses"): target ${target} is not valid JSONPath at character ${position}: ${reason}`);
  });

  it('a typo in a remove target never reaches jsonpath-plus, which would delete every response', () => {
    const action = { target: '$.paths[.responses', remove: true };
    expect(() => applyOverlay(base(), { overlay: '1.0.0', info: { title: 'o', version: '1' }, actions: [action] }, 'o.yaml')).toThrow(/not valid JSONPath/);
  });

  it.each([
    [{ overlay: '2.0.0', info: { title: 'o', version: '1' }, actions: [{ target: '$', remove: true }] }, '#/overlay'],
    [{ overlay: '1.0.0', info: { title: 'o' }, actions: [{ target: '$', remove: true }] }, '#/info'],
    [{ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions: [] }, '#/actions'],
    [{ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions: [{ target: 'paths' }] }, '#/actions/0/target'],
    [{ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions: [{ target: '$.info' }] }, '#/actions/0'],
    [{ overlay: '1.0.0', info: { title: 'o', version: '1' }, actions: [{ target: '$.info', update: {}, replace: 1 }] }, '#/actions/0/replace'],
  ])('checks the overlay document (%#)', (value, pointer) => {
    expect(lineOf(() => readOverlay(value, 'o.yaml'))).toContain(`o.yaml${pointer}: `);
  });

  it('refuses to remove the root', () => {
    expect(lineOf(() => applyOverlay(base(), overlay([{ target: '$', remove: true }]), 'o.yaml'))).toMatch(/cannot remove the document root/);
  });
});

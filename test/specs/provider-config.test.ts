/** provider.yaml (the keep-list and metadata) and the normalized spec must describe the same operations. */
import { describe, expect, it } from 'vitest';
import { listProviders } from '../../scripts/lib/providers.js';
import { SpecView } from '../helpers/spec.js';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe.each(listProviders().map((p) => [p.id, p] as const))('%s', (id, provider) => {
  const spec = new SpecView(id);
  const fromSpec = new Map<string, { method: string; path: string; tag: string; idempotent: unknown }>();
  for (const [route, item] of Object.entries<Record<string, any>>(spec.doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) fromSpec.set(op.operationId, { method: method.toUpperCase(), path: route, tag: op.tags?.[0], idempotent: op['x-idempotent'] });
    }
  }

  it('keeps exactly the operations the spec has', () => {
    expect(Object.keys(provider.config.operations).sort()).toEqual([...fromSpec.keys()].sort());
  });

  it('agrees with the spec on path, method, tag and retry safety', () => {
    for (const [opId, op] of Object.entries(provider.config.operations)) {
      const method = op.select.split(' ')[0];
      expect({ opId, method, path: op.path, tag: op.tag, idempotent: op.idempotent }).toEqual({ opId, ...fromSpec.get(opId) });
    }
  });

  it('names a declared source for every operation, or marks it hand-written with a note', () => {
    const sources = new Set(provider.config.sources.map((s) => s.id));
    for (const [opId, op] of Object.entries(provider.config.operations)) {
      if (op.source === 'ours') expect(provider.config.handWritten?.[opId], opId).toMatch(/\S/);
      else expect(sources, opId).toContain(op.source);
    }
  });

  it('gives every operation a summary, one declared tag, security and an error response with a schema', () => {
    const tags = new Set((spec.doc.tags ?? []).map((t: { name: string }) => t.name));
    for (const [route, item] of Object.entries<Record<string, any>>(spec.doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const where = `${method.toUpperCase()} ${route}`;
        expect(op.summary, where).toBeTruthy();
        expect(op.tags, where).toHaveLength(1);
        expect(tags, where).toContain(op.tags[0]);
        expect(Array.isArray(op.security ?? spec.doc.security), where).toBe(true);
        const errors = Object.entries<Record<string, any>>(op.responses).filter(([status]) => status === 'default' || status.startsWith('4'));
        expect(errors.some(([, r]) => Object.values<Record<string, any>>(spec.resolve(r).content ?? {}).some((m) => m.schema)), where).toBe(true);
      }
    }
  });
});

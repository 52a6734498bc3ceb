/**
 * The replay's own comparison (./canonical.ts, ./expected.ts, ./quirks.ts) on the raw upstream
 * documents, before it is trusted as the ground truth of the replay: it finds the changes the
 * fact sheet records between the dated snapshots, only on kept operations, and nothing that is
 * only wording.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/temp-repo.js';
import { canonicalOperation, findOperation } from './canonical.js';
import { expectedChanges, keptOperations, readDocument, type KeptOperation } from './expected.js';
import { TIMELINES } from './timeline.js';

const timeline = (provider: string) => TIMELINES.find((t) => t.provider === provider)!;
const files = (provider: string, date: string) => timeline(provider).snapshots.find((s) => s.date === date)!.files;
const kept = (provider: string) => keptOperations(readFileSync(path.join(repoRoot, 'specs', provider, 'provider.yaml'), 'utf8'));
const ids = (changes: { operationId: string }[]) => changes.map((c) => c.operationId);

/** Our ids of the kept v3 account operations (upstream paths under /accounts), from the keep-list. */
const accountOps = () =>
  ids(kept('sailpoint').filter((o) => o.source === 'v3' && /^[A-Z]+ \/accounts(\/|$)/.test(o.select)));

describe('the replay comparison on SailPoint v3', () => {
  const vendorMappings: KeptOperation[] = ['GET', 'POST', 'DELETE'].map((m) => ({ operationId: `${m.toLowerCase()}VendorMappings`, source: 'v3', select: `${m} /vendor-connector-mappings` }));

  it('2025-08-25 → 2025-10-29: the removed /vendor-connector-mappings counts only if it were kept; no kept operation changed', () => {
    const [before, after] = [files('sailpoint', '2025-08-25'), files('sailpoint', '2025-10-29')];
    expect(findOperation(readDocument(before.v3!), 'GET /vendor-connector-mappings')).toBeDefined();
    expect(findOperation(readDocument(after.v3!), 'GET /vendor-connector-mappings')).toBeUndefined();
    expect(expectedChanges({ kept: kept('sailpoint'), before, after })).toEqual([]);
    const withMappings = expectedChanges({ kept: [...kept('sailpoint'), ...vendorMappings], before, after });
    expect(withMappings.map((c) => [c.operationId, c.kind])).toEqual(vendorMappings.map((o) => [o.operationId, 'removed']));
  });

  it('2025-10-29 → 2026-03-31: every account operation changed its security (D18)', () => {
    const [before, after] = [files('sailpoint', '2025-10-29'), files('sailpoint', '2026-03-31')];
    const changes = expectedChanges({ kept: kept('sailpoint'), before, after });
    expect(accountOps().length).toBeGreaterThan(0);
    expect(ids(changes)).toEqual(accountOps());
    // Each gained the application alternative; a kept operation whose answer also changed
    // between the two snapshots lists that beside it.
    for (const change of changes) {
      expect(change.kind).toBe('changed');
      expect(change.where).toContain('/security');
    }
    for (const select of ['GET /accounts', 'POST /accounts/{id}/disable']) {
      const security = (date: string) => canonicalOperation(readDocument(files('sailpoint', date).v3!), findOperation(readDocument(files('sailpoint', date).v3!), select)!).security;
      expect(security('2025-10-29').map((alt: object) => Object.keys(alt))).toEqual([['userAuth']]);
      expect(security('2026-03-31').map((alt: object) => Object.keys(alt))).toEqual([['applicationAuth'], ['userAuth']]);
    }
  });

  it('2026-03-31 → 2026-08-04: no kept operation changed', () => {
    expect(expectedChanges({ kept: kept('sailpoint'), before: files('sailpoint', '2026-03-31'), after: files('sailpoint', '2026-08-04') })).toEqual([]);
  });
});

describe('the replay comparison on ZITADEL', () => {
  const [before, after] = [files('zitadel', '2025-03-23'), files('zitadel', '2025-04-06')];
  const json = { content: { 'application/json': {} } };
  const grpc = { content: { 'application/json': {}, 'application/grpc': {}, 'application/grpc-web+proto': {} } };
  /** Our spec as the pipeline would write it: every kept operation with the given answer. */
  const ours = (answer: object) => ({ paths: { '/x': Object.fromEntries(kept('zitadel').map((o, i) => [`m${i}`, { operationId: o.operationId, requestBody: answer, responses: { '200': answer } }])) } });

  it('raw, 2025-04-06 adds 201, 202 and 203 to every kept POST and drops the gRPC media types of every kept operation', () => {
    const changes = expectedChanges({ kept: kept('zitadel'), before, after });
    expect(ids(changes)).toEqual(ids(kept('zitadel')));
    for (const change of changes) {
      const post = kept('zitadel').find((o) => o.operationId === change.operationId)!.select.startsWith('POST');
      expect(change.where).toEqual(['/consumes', '/produces', ...(post ? ['/responses/201', '/responses/202', '/responses/203'] : [])]);
    }
  });

  it('where our spec declares neither the phantom statuses nor gRPC (D11, D12), nothing kept changed', () => {
    expect(expectedChanges({ kept: kept('zitadel'), before, after, oursBefore: ours(json), oursAfter: ours(json) })).toEqual([]);
  });

  it('where our spec still exposed the gRPC media types before the step, their removal counts', () => {
    const changes = expectedChanges({ kept: kept('zitadel'), before, after, oursBefore: ours(grpc), oursAfter: ours(json) });
    expect(ids(changes)).toEqual(ids(kept('zitadel')));
    for (const change of changes) expect(change.where.every((w) => w === '/consumes' || w === '/produces')).toBe(true);
  });
});

describe('canonical operations', () => {
  const doc = (schema: object, extra: object = {}) => ({
    openapi: '3.0.1',
    paths: { '/a': { get: { operationId: 'upstreamName', summary: 'Get it', responses: { '200': { description: 'OK', content: { 'application/json': { schema: { $ref: '#/components/schemas/A' } } } } }, ...extra } } },
    components: { schemas: { A: schema } },
  });
  const of = (d: Record<string, any>) => JSON.stringify(canonicalOperation(d, findOperation(d, 'GET /a')!));

  it('ignores prose, examples, upstream ids and tags, but not a property named description', () => {
    const plain = of(doc({ type: 'object', properties: { description: { type: 'string' } } }));
    const wordy = doc({ type: 'object', title: 'A thing', description: 'Words.', example: { description: 'x' }, properties: { description: { type: 'string', description: 'More words.' } } }, { tags: ['Things'], externalDocs: { url: 'https://example.org' } });
    wordy.paths['/a'].get.operationId = 'renamedUpstream';
    expect(of(wordy)).toBe(plain);
    expect(of(doc({ type: 'object', properties: { description: { type: 'integer' } } }))).not.toBe(plain);
  });

  it('ignores the order of required, enum and security alternatives, and the names of components', () => {
    const a = doc({ type: 'object', required: ['x', 'y'], properties: { x: { enum: ['b', 'a'] }, y: {} } }, { security: [{ s1: ['b', 'a'] }, { s2: [] }] });
    const b = doc({ type: 'object', required: ['y', 'x'], properties: { y: {}, x: { enum: ['a', 'b'] } } }, { security: [{ s2: [] }, { s1: ['a', 'b'] }] });
    const renamed = JSON.parse(JSON.stringify(a).replace(/schemas\/A"/g, 'schemas/A-2"').replace('"A":', '"A-2":'));
    expect(of(a)).toBe(of(b));
    expect(of(renamed)).toBe(of(a));
  });

  it('resolves a recursive schema to a finite, name-free form', () => {
    const tree = (name: string) => ({
      openapi: '3.0.1',
      paths: { '/a': { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } } } } } },
      components: { schemas: { [name]: { type: 'object', properties: { children: { type: 'array', items: { $ref: `#/components/schemas/${name}` } } } } } },
    });
    const text = of(tree('Node'));
    expect(text).toContain('"$recursive":1');
    expect(of(tree('TreeNode'))).toBe(text);
  });
});

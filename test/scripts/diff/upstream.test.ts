/**
 * The diff against real published documents, read from ../shared/upstream (never copied into
 * the repository). Each document is loaded once for the whole file.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { diffSpecs, type Change, type DiffResult } from '../../../scripts/lib/diff/index.js';
import { readDiffInput } from '../../../scripts/lib/diff/input.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const UPSTREAM = path.resolve(repoRoot, '../shared/upstream');
const SAILPOINT = ['2025-08-25', '2025-10-29', '2026-03-31', '2026-08-04'].map((d) => path.join(UPSTREAM, 'sailpoint', `sailpoint-v3-deref-${d}.yaml`));
const ZITADEL = ['2025-03-23', '2025-04-06'].map((d) => path.join(UPSTREAM, 'zitadel', `zitadel-apidocs-swagger2-${d}.json`));
const available = [...SAILPOINT, ...ZITADEL].every((f) => existsSync(f));

const ops = (result: DiffResult, id: string): string[] =>
  result.changes
    .filter((c: Change) => c.id === id)
    .map((c) => `${c.operation!.method} ${c.operation!.path}`)
    .sort();

describe.skipIf(!available)('real upstream pairs', () => {
  const docs: Record<string, any>[] = [];
  const results: DiffResult[] = [];
  let zitadel: DiffResult;
  let zitadelRevision: Record<string, any>;

  beforeAll(async () => {
    for (const file of SAILPOINT) docs.push((await readDiffInput(file)).doc);
    for (let i = 0; i < 3; i++) results.push(diffSpecs(docs[i]!, docs[i + 1]!));
    const [a, b] = [await readDiffInput(ZITADEL[0]!), await readDiffInput(ZITADEL[1]!)];
    zitadelRevision = b.doc;
    zitadel = diffSpecs(a.doc, b.doc);
  });

  it('SailPoint 2025-08-25 → 2025-10-29: exactly the three /vendor-connector-mappings operations removed, nothing added', () => {
    expect(ops(results[0]!, 'operation-removed')).toEqual(['DELETE /vendor-connector-mappings', 'GET /vendor-connector-mappings', 'POST /vendor-connector-mappings']);
    expect(ops(results[0]!, 'operation-added')).toEqual([]);
    expect(results[0]!.semver).toBe('major');
  });

  it('SailPoint 2025-10-29 → 2026-03-31: the three newly deprecated operations', () => {
    expect(ops(results[1]!, 'operation-deprecated')).toEqual(['GET /access-request-config', 'GET /workflow-executions/{id}/history', 'PUT /access-request-config']);
    expect(ops(results[1]!, 'operation-removed')).toEqual([]);
    expect(ops(results[1]!, 'operation-added')).toEqual([]);
  });

  it('SailPoint 2026-03-31 → 2026-08-04: the one newly deprecated operation', () => {
    expect(ops(results[2]!, 'operation-deprecated')).toEqual(['GET /workflows/{id}/executions']);
    expect(ops(results[2]!, 'operation-removed')).toEqual([]);
    expect(ops(results[2]!, 'operation-added')).toEqual([]);
  });

  it('ZITADEL 2025-03-23 → 2025-04-06: no operation added or removed, renamed path variables included', () => {
    expect(ops(zitadel, 'operation-removed')).toEqual([]);
    expect(ops(zitadel, 'operation-added')).toEqual([]);
    // The merged document renames variables such as {idpId_1}; none of that is a path change.
    expect(ops(zitadel, 'path-parameter-renamed')).toEqual([]);
  });

  it('ZITADEL: reports the 201/202/203 responses added to every POST, PUT and PATCH operation', () => {
    const added = zitadel.changes.filter((c) => c.id === 'response-success-status-added');
    const statuses = new Set(added.map((c) => /\b(20\d)\b/.exec(c.message)?.[1]));
    expect([...statuses].sort()).toEqual(['201', '202', '203']);
    expect(new Set(added.map((c) => c.operation!.method))).toEqual(new Set(['POST', 'PUT', 'PATCH']));
    const writeOps = Object.entries<Record<string, unknown>>(zitadelRevision.paths).flatMap(([p, item]) => ['post', 'put', 'patch'].filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${p}`));
    const withAdded = new Set(added.map((c) => `${c.operation!.method} ${c.operation!.path}`));
    expect(withAdded.size).toBe(writeOps.length);
    for (const op of writeOps) expect(withAdded.has(op), op).toBe(true);
    // 202 and 203 are new everywhere; 201 only where the operation did not declare it before.
    for (const status of ['202', '203']) expect(added.filter((c) => c.message.includes(` ${status} `)).length).toBe(writeOps.length);
  });
});

/**
 * Every committed spec is the importer's output: rebuilt from the sources pinned in
 * specs/<p>/upstream.lock.json (found in ../shared/upstream by sha256) with provider.yaml and the
 * overlay, it is byte for byte the committed file. Also checks that the check can fail.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstDifference, reproduce, type ReproducedProvider } from '../../scripts/lib/normalize/reproduce.js';
import { PipelineError } from '../../scripts/lib/errors.js';
import { repoRoot } from '../helpers/temp-repo.js';

const upstream = path.resolve(repoRoot, '../shared/upstream');
const scratch = mkdtempSync(path.join(tmpdir(), 'idlc-reproduce-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('specs:reproduce', () => {
  let results: ReproducedProvider[] = [];

  it('rebuilds all three committed specs byte for byte from the pinned sources', async () => {
    results = await reproduce({ upstream });
    expect(results.map((r) => [r.id, r.reproducible, r.firstDifference])).toEqual([
      ['dfns', true, undefined],
      ['sailpoint', true, undefined],
      ['zitadel', true, undefined],
    ]);
  }, 240_000);

  it('uses exactly the pinned snapshots, found by content', () => {
    expect(Object.fromEntries(results.map((r) => [r.id, r.sources]))).toEqual({
      dfns: { api: 'dfns/dfns-openapi-1.578.2.yaml' },
      sailpoint: { v3: 'sailpoint/sailpoint-v3-deref-2026-08-04.yaml', beta: 'sailpoint/sailpoint-beta-deref-2026-08-04.yaml', oauth: 'sailpoint/sailpoint-oauth-deref-2026-05-24.yaml' },
      zitadel: { apidocs: 'zitadel/zitadel-apidocs-swagger2-2025-04-06.json' },
    });
    for (const r of results) expect(r.warnings.filter((w) => w.kind === 'overlay-unmatched'), r.id).toEqual([]);
  });

  it('names the lock entry when no file in the folder has the pinned sha256', async () => {
    const only = path.join(scratch, 'only-old');
    cpSync(path.join(upstream, 'zitadel/zitadel-apidocs-swagger2-2025-03-23.json'), path.join(only, 'a.json'), { recursive: true });
    const err = await reproduce({ upstream: only, providers: ['zitadel'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PipelineError);
    expect((err as PipelineError).toLine()).toMatch(/^error: specs\/zitadel\/upstream\.lock\.json#\/sources\/apidocs\/sha256: no file under .* has the pinned sha256 a2717ddeffa1… \(version 1\.0\)$/);
  });

  it('reports the first differing line', () => {
    const committed = 'openapi: 3.1.0\ninfo:\n  title: A\n';
    expect(firstDifference(committed, committed)).toBeUndefined();
    expect(firstDifference(committed, 'openapi: 3.1.0\ninfo:\n  title: B\n')).toEqual({ line: 3, committed: '  title: A', rebuilt: '  title: B' });
  });
});

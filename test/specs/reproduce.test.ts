/**
 * Every committed spec is the importer's output: rebuilt from the sources pinned in
 * specs/<p>/upstream.lock.json (found in ../shared/upstream by sha256) with provider.yaml and the
 * overlay, it is byte for byte the committed file. Also checks that the check can fail.
 */
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstDifference, reproduce, type ReproducedProvider } from '../../scripts/lib/normalize/reproduce.js';
import { PipelineError } from '../../scripts/lib/errors.js';
import { makeTempRepo, repoRoot, runScript } from '../helpers/temp-repo.js';
import { currentInputs } from '../../scripts/lib/regen/inputs.js';
import { selectProviders } from '../../scripts/lib/providers.js';

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

  it('finds every committed lock recording the provider.yaml and overlay its spec was built from', () => {
    expect(results.map((r) => [r.id, r.lockCurrent])).toEqual([
      ['dfns', true],
      ['sailpoint', true],
      ['zitadel', true],
    ]);
  });

  it('--write records an edited provider.yaml in the lock, so regen finds the spec current', async () => {
    const repo = makeTempRepo(['specs', 'scripts', 'package.json']);
    try {
      const config = path.join(repo.root, 'specs/dfns/provider.yaml');
      appendFileSync(config, '# a comment changes the bytes, not the spec\n');
      const check = await runScript(repo.root, 'reproduce.ts', ['--upstream', upstream, '--provider', 'dfns']);
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('dfns: specs/dfns/openapi.yaml is reproducible, but specs/dfns/upstream.lock.json records another provider.yaml or overlay');
      const write = await runScript(repo.root, 'reproduce.ts', ['--upstream', upstream, '--provider', 'dfns', '--write']);
      expect([write.code, write.stdout]).toEqual([0, 'dfns: rewrote specs/dfns/upstream.lock.json\n']);
      const lock = JSON.parse(readFileSync(path.join(repo.root, 'specs/dfns/upstream.lock.json'), 'utf8')) as { inputs: Record<string, string> };
      expect(lock.inputs).toEqual(currentInputs(selectProviders(['dfns'], repo.root)[0]!));
      const again = await runScript(repo.root, 'reproduce.ts', ['--upstream', upstream, '--provider', 'dfns']);
      expect([again.code, again.stdout]).toEqual([0, 'dfns: reproducible\n']);
    } finally {
      repo.cleanup();
    }
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

/**
 * Freshness covers every input of a provider, not only the spec's bytes: after the Dfns spec is
 * imported from its pinned upstream document (so a lock records what it was built from), editing
 * provider.yaml or the overlay without rebuilding makes `regen --check` fail naming the file;
 * `regen` re-imports the spec from the cached pinned document, or, without it, stops with one
 * line naming the file and the command that rebuilds it, and writes nothing.
 */
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../helpers/snapshot.js';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';

const pinned = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/upstream/dfns/dfns-openapi-1.578.2.yaml');

describe('regen freshness of every input', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  const file = (rel: string) => path.join(repo.root, rel);
  const lock = () => JSON.parse(readFileSync(file('specs/dfns/upstream.lock.json'), 'utf8')) as { inputs?: Record<string, string> };
  const tree = () => ({ ...snapshot(file('specs/dfns')), ...snapshot(file('generated')) });

  beforeAll(async () => {
    repo = makeTempRepo();
    const pulled = await runScript(repo.root, 'pull.ts', ['--provider', 'dfns', '--from', `api=${pinned}`, '--accept', '--accept-breaking']);
    expect(pulled.stderr.split('\n').filter((l) => l.startsWith('error'))).toEqual([]);
    expect(pulled.code).toBe(0);
  }, 300_000);
  afterAll(() => repo.cleanup());

  it('the lock records the sha256 of provider.yaml and overlay.yaml, and the fresh tree checks clean', async () => {
    expect(Object.keys(lock().inputs ?? {}).sort()).toEqual(['overlay.yaml', 'provider.yaml']);
    const check = await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'dfns']);
    expect(check.stdout).not.toContain('stale:');
    expect(check.code).toBe(0);
  }, 120_000);

  it('an edited overlay fails --check naming it; regen re-imports from the cache and the check is clean again', async () => {
    appendFileSync(file('specs/dfns/overlay.yaml'), '# reviewed again\n');
    const check = await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'dfns']);
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('stale: specs/dfns/overlay.yaml (changed since specs/dfns/openapi.yaml was built from it)');
    expect(check.stderr.trim()).toMatch(/^error: specs\/dfns\/overlay\.yaml: stale/);

    const spec = readFileSync(file('specs/dfns/openapi.yaml'), 'utf8');
    // --accept-breaking: whether the facade compiles against the imported spec is the review's
    // question, not this test's.
    const run = await runScript(repo.root, 'regen.ts', ['--provider', 'dfns', '--accept-breaking']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('re-imported specs/dfns/openapi.yaml: specs/dfns/overlay.yaml changed');
    // A comment changes no fact: the same spec, under a lock that now records the new overlay.
    expect(readFileSync(file('specs/dfns/openapi.yaml'), 'utf8')).toBe(spec);
    expect((await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'dfns'])).code).toBe(0);
  }, 240_000);

  it('without the pinned document at hand, an edited provider.yaml stops regen with one line and nothing written', async () => {
    rmSync(file('.cache/upstream'), { recursive: true, force: true });
    appendFileSync(file('specs/dfns/provider.yaml'), '# reviewed again\n');
    const before = tree();
    const run = await runScript(repo.root, 'regen.ts');
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(
      'error: specs/dfns/provider.yaml: changed since specs/dfns/openapi.yaml was built from it, and the pinned "api" document is not in .cache/upstream; rebuild it with `npm run specs:pull -- --provider dfns --accept --from api=<file>`',
    );
    expect(tree()).toEqual(before);

    // Given the document, regen rebuilds: the lock records the edited provider.yaml.
    const given = await runScript(repo.root, 'regen.ts', ['--provider', 'dfns', '--accept-breaking', '--from', `api=${pinned}`]);
    expect(given.code).toBe(0);
    expect(given.stdout).toContain('re-imported specs/dfns/openapi.yaml: specs/dfns/provider.yaml changed');
    expect((await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'dfns'])).code).toBe(0);
  }, 240_000);

  it('a document that is not the pinned one is refused, naming the lock entry', async () => {
    appendFileSync(file('specs/dfns/overlay.yaml'), '# and once more\n');
    const other = path.join(repo.root, 'other.yaml');
    appendFileSync(other, `${readFileSync(pinned, 'utf8')}\n# not the pinned bytes\n`);
    const run = await runScript(repo.root, 'regen.ts', ['--provider', 'dfns', '--from', `api=${other}`]);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^error: specs\/dfns\/upstream\.lock\.json#\/sources\/api\/sha256: source "api" changed upstream/);
  }, 120_000);
});

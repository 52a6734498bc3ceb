/**
 * specs:pull on SailPoint's real snapshots, in a throwaway copy of the repository: the first
 * accepted import pins every source's sha256; a newer v3 snapshot is refused until --update;
 * with --update the review diff shows the security drift between the snapshots (application
 * tokens accepted on the account operations). Sources given as URLs go through an injected fetch
 * and land in the git-ignored cache.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { pull } from '../../../scripts/lib/pull/index.js';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';

const upstream = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/upstream/sailpoint');
const v3 = (date: string) => path.join(upstream, `sailpoint-v3-deref-${date}.yaml`);
const beta = path.join(upstream, 'sailpoint-beta-deref-2026-08-04.yaml');
const oauth = path.join(upstream, 'sailpoint-oauth-deref-2026-05-24.yaml');

const repo = makeTempRepo(['specs', 'scripts', 'redocly.yaml', 'package.json']);
afterAll(() => repo.cleanup());
const lockFile = path.join(repo.root, 'specs/sailpoint/upstream.lock.json');
const readLock = () => JSON.parse(readFileSync(lockFile, 'utf8')) as { provider: string; sources: Record<string, { sha256: string; bytes: number; version: string; format: string; url: string }> };

/**
 * Our operationIds whose upstream operation (from the keep-list) gains a security alternative
 * naming `scheme` between two raw documents: the expectation, computed without the project's
 * diff code, so adding an operation to the keep-list needs no edit here.
 */
function gainedScheme(configFile: string, sourceId: string, before: string, after: string, scheme: string): string[] {
  const config = parse(readFileSync(configFile, 'utf8')) as { operations: Record<string, { source: string; select: string }> };
  const docs = [before, after].map((f) => parse(readFileSync(f, 'utf8')) as { paths: Record<string, Record<string, { security?: Record<string, string[]>[] }>> });
  const names = (doc: (typeof docs)[number], select: string) => {
    const [method, route] = select.split(' ') as [string, string];
    return new Set((doc.paths[route]?.[method.toLowerCase()]?.security ?? []).flatMap((req) => Object.keys(req)));
  };
  return Object.entries(config.operations)
    .filter(([, op]) => op.source === sourceId && !names(docs[0]!, op.select).has(scheme) && names(docs[1]!, op.select).has(scheme))
    .map(([id]) => id)
    .sort();
}

async function refusal(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (err) {
    if (err instanceof PipelineError) return err.toLine();
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('specs:pull', () => {
  it('imports the 2025-10-29 snapshot, pins each source and replaces the spec on --accept', async () => {
    const result = await pull({
      root: repo.root,
      providers: ['sailpoint'],
      from: { v3: v3('2025-10-29'), beta, oauth },
      accept: true,
      acceptBreaking: true,
      regenerate: false,
    });
    const [sailpoint] = result.providers;
    expect(sailpoint!.accepted).toBe(true);
    expect(sailpoint!.sources.map((s) => [s.id, s.status])).toEqual([['v3', 'new'], ['beta', 'new'], ['oauth', 'new']]);
    const lock = readLock();
    expect(Object.keys(lock.sources)).toEqual(['beta', 'oauth', 'v3']);
    expect(lock.sources.v3).toMatchObject({ format: 'openapi-3.0', version: '3.0.0', bytes: readFileSync(v3('2025-10-29')).byteLength });
    expect(lock.sources.v3!.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path.join(repo.root, 'specs/sailpoint/openapi.yaml'), 'utf8')).toBe(readFileSync(path.join(repo.root, sailpoint!.candidate), 'utf8'));
  });

  it('refuses a changed source without --update, naming the lock entry, and writes nothing', async () => {
    const before = readFileSync(lockFile, 'utf8');
    const line = await refusal(() => pull({ root: repo.root, providers: ['sailpoint'], from: { v3: v3('2026-08-04'), beta, oauth }, accept: true, regenerate: false }));
    expect(line).toMatch(/^error: specs\/sailpoint\/upstream\.lock\.json#\/sources\/v3\/sha256: source "v3" changed upstream \(sha256 [0-9a-f]{12}… → [0-9a-f]{12}…\); review it and rerun with --update$/);
    expect(readFileSync(lockFile, 'utf8')).toBe(before);
  });

  it('with --update reviews the 2026-08-04 snapshot: application tokens are now accepted on account operations', async () => {
    const result = await pull({ root: repo.root, providers: ['sailpoint'], from: { v3: v3('2026-08-04'), beta, oauth }, update: true, accept: true, regenerate: false });
    const [sailpoint] = result.providers;
    expect(sailpoint!.sources.find((s) => s.id === 'v3')!.status).toBe('updated');
    const diff = sailpoint!.diff!;
    expect(diff.summary.ERR).toBe(0);
    const added = diff.changes.filter((c) => c.id === 'operation-security-alternative-added' && c.message.includes('applicationAuth')).map((c) => c.operation!.operationId);
    const expected = gainedScheme(path.join(repo.root, 'specs/sailpoint/provider.yaml'), 'v3', v3('2025-10-29'), v3('2026-08-04'), 'applicationAuth');
    expect(expected.length).toBeGreaterThan(0);
    expect(added.sort()).toEqual(expected);
    expect(readLock().sources.v3!.sha256).toBe(sailpoint!.sources.find((s) => s.id === 'v3')!.lock.sha256);
    expect(existsSync(path.join(repo.root, '.cache/upstream/sailpoint/report.json'))).toBe(true);
  });

  it('fetches URL sources with the injected fetch and caches the raw bytes', async () => {
    const served: string[] = [];
    const files: Record<string, string> = { v3: v3('2026-08-04'), beta, oauth };
    const fakeFetch = (async (input: string | URL | Request) => {
      const url = String(input);
      served.push(url);
      const id = url.includes('.beta.') ? 'beta' : url.includes('.oauth.') ? 'oauth' : 'v3';
      return new Response(readFileSync(files[id]!));
    }) as typeof fetch;
    const result = await pull({ root: repo.root, providers: ['sailpoint'], fetch: fakeFetch, regenerate: false });
    expect(served).toHaveLength(3);
    expect(result.providers[0]!.sources.map((s) => s.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    // Cached by content: each served document under its source id and the start of its sha256.
    const cached = readdirSync(path.join(repo.root, '.cache/upstream/sailpoint'));
    for (const s of result.providers[0]!.sources) expect(cached).toContain(`${s.id}-${s.lock.sha256.slice(0, 16)}.yaml`);
  });

  it('refuses plain-http source URLs', async () => {
    const line = await refusal(() => pull({ root: repo.root, providers: ['sailpoint'], from: { v3: 'http://example.org/v3.yaml', beta, oauth }, regenerate: false }));
    expect(line).toMatch(/only https is allowed$/);
  });

  it('as a CLI: one error line and exit 2 for a changed source', async () => {
    const result = await runScript(repo.root, 'pull.ts', ['--provider', 'sailpoint', '--from', `v3=${v3('2025-08-25')}`, '--from', `beta=${beta}`, '--from', `oauth=${oauth}`]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^error: specs\/sailpoint\/upstream\.lock\.json#\/sources\/v3\/sha256: source "v3" changed upstream/);
  });
});

/**
 * A sync step that breaks the facade stops: after Dfns is imported from its pinned document, an
 * upstream release that drops a response field the facade reads (`nextPageToken` of the user
 * list) reaches `specs:pull --update --accept` and stops regen with exit 2, writes nothing to
 * specs/ or generated/, and the review report names the ERR and the facade function. A spec that
 * loses a kept operation stops regen the same way, naming the function that calls it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { snapshot } from '../../helpers/snapshot.js';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';

const pinned = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/upstream/dfns/dfns-openapi-1.578.2.yaml');

describe('a breaking upstream step', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  const tree = () => ({ specs: snapshot(path.join(repo.root, 'specs')), generated: snapshot(path.join(repo.root, 'generated')) });

  beforeAll(async () => {
    repo = makeTempRepo();
    const first = await runScript(repo.root, 'pull.ts', ['--provider', 'dfns', '--from', `api=${pinned}`, '--accept', '--accept-breaking']);
    expect(first.code, first.stderr).toBe(0);
  }, 300_000);
  afterAll(() => repo.cleanup());

  it('a removed response field the facade reads: exit 2, nothing written, the report names the ERR and the function', async () => {
    const doc = parse(readFileSync(pinned, 'utf8')) as Record<string, any>;
    const schema = doc.paths['/auth/users'].get.responses['200'].content['application/json'].schema;
    expect(schema.properties.nextPageToken).toBeDefined();
    delete schema.properties.nextPageToken;
    const next = path.join(repo.root, 'dfns-next.yaml');
    writeFileSync(next, stringify(doc));
    // Our overlay's mock answer shows the field too; a release without it would come with that
    // example changed, so the copy's overlay drops it as well (else lint stops the run first).
    const overlayFile = path.join(repo.root, 'specs/dfns/overlay.yaml');
    const overlayText = readFileSync(overlayFile, 'utf8');
    writeFileSync(overlayFile, overlayText.replace(/^ +nextPageToken: .*\n/m, ''));

    const before = tree();
    const run = await runScript(repo.root, 'pull.ts', ['--provider', 'dfns', '--from', `api=${next}`, '--update', '--accept']);
    expect(run.code).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: specs\/dfns\/openapi\.yaml: breaking changes \(dfns: \d+ ERR, facade does not compile; first: .*\); nothing written/);
    expect(tree()).toEqual(before);

    const report = readFileSync(path.join(repo.root, '.cache/upstream/dfns/regen-report.md'), 'utf8');
    expect(report).toMatch(/\| ERR \| `response-property-removed` \| response property 'nextPageToken' \(status 200\) was removed[^|]*\| breaks \| `createDfnsClient\.users\.list[\w.]*` \(src\/dfns\/index\.ts:\d+\) \|/);
    expect(report).toMatch(/src\/dfns\/index\.ts:\d+: Property 'nextPageToken' does not exist/);
    const json = JSON.parse(readFileSync(path.join(repo.root, '.cache/upstream/dfns/regen-report.json'), 'utf8'));
    expect(json.providers.find((p: { provider: string }) => p.provider === 'dfns').breaking).toBe(true);
    // The next case starts from the repository's own overlay.
    writeFileSync(overlayFile, overlayText);
  }, 300_000);

  it('a kept operation removed from the spec: exit 2, nothing written, the report names operation-removed and the function', async () => {
    const specFile = path.join(repo.root, 'specs/dfns/openapi.yaml');
    const original = readFileSync(specFile, 'utf8');
    const doc = parse(original) as Record<string, any>;
    expect(doc.paths['/auth/users/{userId}'].get.operationId).toBe('getUser');
    delete doc.paths['/auth/users/{userId}'].get;
    writeFileSync(specFile, stringify(doc));
    try {
      const before = snapshot(path.join(repo.root, 'generated'));
      const run = await runScript(repo.root, 'regen.ts', ['--provider', 'dfns', '--report', 'review.md']);
      expect(run.code).toBe(2);
      expect(run.stderr.trim()).toMatch(/^error: specs\/dfns\/openapi\.yaml: breaking changes \(dfns: \d+ ERR.*; first: operation-removed at GET \/auth\/users\/\{userId\}\); nothing written/);
      expect(snapshot(path.join(repo.root, 'generated'))).toEqual(before);
      const report = readFileSync(path.join(repo.root, 'review.md'), 'utf8');
      expect(report).toMatch(/\| ERR \| `operation-removed` \| operation GET \/auth\/users\/\{userId\} was removed[^|]*\| breaks \| `createDfnsClient\.users\.get[\w.]*` \(src\/dfns\/index\.ts:\d+\) \|/);
    } finally {
      writeFileSync(specFile, original);
    }
  }, 300_000);
});

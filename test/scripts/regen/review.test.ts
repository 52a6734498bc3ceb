/**
 * Regeneration driven by the diff, on a throwaway copy of the repository: a spec edit that
 * removes a property the facade reads stops the run (exit 2, report naming the change and the
 * facade function, nothing written); `--accept-breaking` writes the files and a changeset.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { snapshot } from '../../helpers/snapshot.js';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';


/** Drop `result` from ListUsersResponse and from the example that shows it. */
function removeUsersResult(text: string): string {
  // The list answer loses the `result` the facade's users.list reads (schema and example).
  const doc = parse(text) as Record<string, any>;
  const answer = doc.paths['/v2/users'].post.responses['200'].content['application/json'];
  const name = String(answer.schema.$ref).split('/').pop()!;
  expect(doc.components.schemas[name].properties.result).toBeDefined();
  delete doc.components.schemas[name].properties.result;
  if (answer.example) delete answer.example.result;
  return stringify(doc);
}

describe('regen with the review step', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  const spec = () => path.join(repo.root, 'specs/zitadel/openapi.yaml');

  beforeAll(async () => {
    repo = makeTempRepo();
    // Start from generated output that matches the copied specs, whatever state they are in.
    const sync = await runScript(repo.root, 'regen.ts', ['--accept-breaking']);
    expect(sync.code).toBe(0);
    rmSync(path.join(repo.root, '.changeset'), { recursive: true, force: true });
  }, 300_000);
  afterAll(() => repo.cleanup());

  it('writes a patch changeset for a wording-only change, without stopping', async () => {
    writeFileSync(spec(), readFileSync(spec(), 'utf8').replace(/(\n {6}summary: )(.+)/, '$1$2 (reworded)'));
    const run = await runScript(repo.root, 'regen.ts', ['--provider', 'zitadel']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^zitadel\s+diff\s+0E 0W 1I patch/m);
    const sets = readdirSync(path.join(repo.root, '.changeset')).filter((f) => f.endsWith('.md'));
    const patch = readFileSync(path.join(repo.root, '.changeset', sets[0]!), 'utf8');
    expect(patch).toMatch(/^---\n"@idlc\/clients": patch\n---\n/);
    // The operation is named with its level, not counted.
    const text = readFileSync(spec(), 'utf8');
    const operationId = [...text.slice(0, text.indexOf('(reworded)')).matchAll(/\n {6}operationId: (\w+)/g)].at(-1)?.[1];
    expect(operationId).toBeDefined();
    expect(patch).toMatch(/^zitadel \(0 ERR, 0 WARN, 1 INFO\):$/m);
    expect(patch).toMatch(new RegExp(`^- changed \`${operationId}\` \\((GET|POST|PUT|PATCH|DELETE) /[^)]*\\), INFO: `, 'm'));
    expect(patch).not.toMatch(/informational change\(s\)/);
    rmSync(path.join(repo.root, '.changeset'), { recursive: true, force: true });
  }, 180_000);

  it('stops on a removed property the facade reads: exit 2, the report names the change and the function, nothing written', async () => {
    writeFileSync(spec(), removeUsersResult(readFileSync(spec(), 'utf8')));
    const before = snapshot(path.join(repo.root, 'generated'));
    const run = await runScript(repo.root, 'regen.ts', ['--report', 'review.md', '--json', 'review.json']);
    expect(run.code).toBe(2);
    const errLines = run.stderr.trim().split('\n');
    expect(errLines).toHaveLength(1);
    expect(errLines[0]).toMatch(/^error: specs\/zitadel\/openapi\.yaml: breaking changes \(zitadel: 1 ERR, facade does not compile; first: response-property-removed at POST \/v2\/users\); nothing written/);
    expect(snapshot(path.join(repo.root, 'generated'))).toEqual(before);
    expect(existsSync(path.join(repo.root, '.changeset'))).toBe(false);

    const md = readFileSync(path.join(repo.root, 'review.md'), 'utf8');
    expect(md).toContain('| zitadel | 1 | 0 | 0 | major | ok | 1 error(s) |');
    expect(md).toMatch(/\| ERR \| `response-property-removed` \| response property 'result' \(status 200\) was removed \(compile check: [^|]*\| breaks \| `zitadelUsers\.list[\w.]*` \(src\/zitadel\/users\.ts:\d+\) \|/);
    expect(md).toMatch(/src\/zitadel\/users\.ts:\d+: Property 'result' does not exist/);

    const json = JSON.parse(readFileSync(path.join(repo.root, 'review.json'), 'utf8'));
    const zitadel = json.providers.find((p: { provider: string }) => p.provider === 'zitadel');
    expect(zitadel.breaking).toBe(true);
    expect(zitadel.result.summary).toEqual({ ERR: 1, WARN: 0, INFO: 0 });
    expect(zitadel.result.changes[0]).toMatchObject({ id: 'response-property-removed', level: 'ERR', breaksCompile: true, operation: { method: 'POST', path: '/v2/users', operationId: 'listUsers' } });
    expect(zitadel.result.changes[0].affects[0].symbol).toMatch(/^zitadelUsers\.list/);
  }, 180_000);

  it('with --accept-breaking writes the generated files and a changeset with the major bump', async () => {
    const run = await runScript(repo.root, 'regen.ts', ['--accept-breaking']);
    expect(run.code).toBe(0);
    const baseline = JSON.parse(readFileSync(path.join(repo.root, 'generated/zitadel/openapi.json'), 'utf8'));
    expect(baseline.components.schemas.ListUsersResponse.properties.result).toBeUndefined();
    expect(existsSync(path.join(repo.root, '.changeset/config.json'))).toBe(true);
    const sets = readdirSync(path.join(repo.root, '.changeset')).filter((f) => f.endsWith('.md'));
    expect(sets).toHaveLength(1);
    const changeset = readFileSync(path.join(repo.root, '.changeset', sets[0]!), 'utf8');
    expect(changeset).toMatch(/^---\n"@idlc\/clients": major\n---\n/);
    expect(changeset).toMatch(/^- changed `listUsers` \(POST \/v2\/users\), ERR: response property 'result' \(status 200\) was removed/m);
    expect(changeset).toMatch(/^- the facade needed changes to compile \(\d+ error\(s\) against the new types\)$/m);

    // The baseline now matches the spec: the next run is the fast unchanged path, with no diff.
    const again = await runScript(repo.root, 'regen.ts', ['--report', 'unchanged.md', '--json', 'unchanged.json']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^zitadel\s+spec\s+unchanged/m);
    expect(again.stdout).not.toMatch(/\bdiff\b/);
    // Asked for, the report still appears: every provider unchanged, nothing compared.
    expect(readFileSync(path.join(repo.root, 'unchanged.md'), 'utf8')).toContain('| zitadel | 0 | 0 | 0 | none | not run (unchanged) | – |');
    const json = JSON.parse(readFileSync(path.join(repo.root, 'unchanged.json'), 'utf8'));
    expect(json.providers.map((p: { provider: string; status: string }) => `${p.provider}:${p.status}`)).toEqual(['dfns:unchanged', 'sailpoint:unchanged', 'zitadel:unchanged']);
  }, 180_000);


});

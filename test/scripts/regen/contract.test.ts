/**
 * The review runs the facade's contract calls against a Prism mock of the candidate spec, with
 * the candidate's generated code, and reports each method. A wording change leaves every method
 * working; a token endpoint that now asks for a token (the facade's token fetch then calls
 * itself) makes the SailPoint methods fail in the review, next to the compile check, and stops
 * regen with exit 2 and nothing written. In a throwaway copy of the repository with its contract tests.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../helpers/snapshot.js';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';

interface Method {
  method: string;
  ok: boolean;
  error?: string;
}

describe('the contract calls in the review', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  let original = '';
  const spec = () => path.join(repo.root, 'specs/sailpoint/openapi.yaml');
  const methodsOf = (file: string): Method[] => JSON.parse(readFileSync(path.join(repo.root, file), 'utf8')).providers.find((p: { provider: string }) => p.provider === 'sailpoint').methods;
  // The contract table's keys: the methods the review must report.
  const contractMethods = () => [...readFileSync(path.join(repo.root, 'test/contract/sailpoint.test.ts'), 'utf8').matchAll(/^ {2}'(\w+\.\w+)': async/gm)].map((m) => m[1]!).sort();

  beforeAll(() => {
    repo = makeTempRepo(['specs', 'scripts', 'generated', 'src', 'test/contract', 'test/helpers', 'redocly.yaml', 'package.json', 'tsconfig.json']);
    original = readFileSync(spec(), 'utf8');
  });
  afterAll(() => repo.cleanup());

  it('a wording change: every facade method still works against the mock', async () => {
    writeFileSync(spec(), original.replace('summary: Create an OAuth access token', 'summary: Create an OAuth 2.0 access token'));
    const run = await runScript(repo.root, 'regen.ts', ['--provider', 'sailpoint', '--json', 'ok.json', '--report', 'ok.md']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const methods = methodsOf('ok.json');
    expect(methods.map((m) => m.method)).toEqual(contractMethods());
    expect(methods.filter((m) => !m.ok)).toEqual([]);
    expect(run.stdout).toMatch(new RegExp(`^sailpoint\\s+contract\\s+${methods.length} ok`, 'm'));
    expect(readFileSync(path.join(repo.root, 'ok.md'), 'utf8')).toContain(`| ${methods.length} work |`);
  }, 400_000);

  it('a token endpoint that asks for a token: the methods fail in the review, regen stops and writes nothing', async () => {
    const edited = original.replace(/(operationId: createOauthToken\n(?:.*\n)*? {6})security:\n {8}- \{\}\n/, '$1security:\n        - clientCredentials: []\n');
    expect(edited).not.toBe(original);
    writeFileSync(spec(), edited);
    const before = snapshot(path.join(repo.root, 'generated'));
    const run = await runScript(repo.root, 'regen.ts', ['--provider', 'sailpoint', '--json', 'bad.json', '--report', 'bad.md']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toMatch(/^error: specs\/sailpoint\/openapi\.yaml: breaking changes \(sailpoint: \d+ ERR, \d+ facade method\(s\) fail; first: /);
    expect(snapshot(path.join(repo.root, 'generated'))).toEqual(before);

    const methods = methodsOf('bad.json');
    expect(methods.map((m) => m.method)).toEqual(contractMethods());
    // Every method needs a token, and getting one now recurses: each fails, none hangs the run.
    const failing = methods.filter((m) => !m.ok);
    expect(failing.map((m) => m.method)).toEqual(expect.arrayContaining(['accounts.get', 'accounts.list', 'tasks.get']));
    for (const m of failing) expect(m.error).toMatch(/\S/);
    const md = readFileSync(path.join(repo.root, 'bad.md'), 'utf8');
    expect(md).toContain(`| ${failing.length} of ${methods.length} fail |`);
    expect(md).toContain('Facade methods that no longer work against a mock of the new spec:');
    expect(md).toMatch(/^- `accounts\.get`: \S/m);
  }, 400_000);
});

import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../helpers/snapshot.js';
import { makeTempRepo, runScript } from '../../helpers/temp-repo.js';


/** Apply an edit to a file for the duration of `fn`, restoring it even when an assertion fails. */
async function withEdit(file: string, edit: (text: string) => string, fn: () => Promise<void>): Promise<void> {
  const original = readFileSync(file, 'utf8');
  const edited = edit(original);
  expect(edited).not.toBe(original);
  writeFileSync(file, edited);
  try {
    await fn();
  } finally {
    writeFileSync(file, original);
  }
}

describe('regen', () => {
  let repo: ReturnType<typeof makeTempRepo>;
  beforeAll(() => {
    repo = makeTempRepo();
  });
  afterAll(() => repo.cleanup());

  it('finds the committed generated/ output up to date', async () => {
    const result = await runScript(repo.root, 'regen.ts', ['--check']);
    expect(result.stdout).not.toContain('stale:');
    expect(result.code).toBe(0);
  }, 180_000);

  it('regenerates from nothing twice with byte-identical output, then reports unchanged', async () => {
    const generated = path.join(repo.root, 'generated');
    // Both runs really lint and generate: nothing stored by the check above is reused.
    const fresh = () => ['generated', '.cache/stages'].forEach((dir) => rmSync(path.join(repo.root, dir), { recursive: true, force: true }));
    fresh();
    const first = await runScript(repo.root, 'regen.ts');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    for (const id of ['dfns', 'sailpoint', 'zitadel']) {
      expect(first.stdout).toMatch(new RegExp(`^${id}\\s+lint\\s+ok`, 'm'));
      expect(first.stdout).toMatch(new RegExp(`^${id}\\s+generate\\s+ok`, 'm'));
    }
    const once = snapshot(generated);
    expect(Object.keys(once)).toEqual(expect.arrayContaining(['README.md', 'dfns/schema.ts', 'dfns/operations.ts', 'dfns/openapi.json']));

    fresh();
    const second = await runScript(repo.root, 'regen.ts');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/^zitadel\s+generate\s+ok/m);
    expect(snapshot(generated)).toEqual(once);

    const again = await runScript(repo.root, 'regen.ts');
    expect(again.code).toBe(0);
    for (const id of ['dfns', 'sailpoint', 'zitadel']) expect(again.stdout).toMatch(new RegExp(`^${id}\\s+spec\\s+unchanged`, 'm'));
    expect(again.stdout).not.toMatch(/^\S+\s+(lint|generate)\s/m);
    // The closing summary: per provider the operations kept, the spec's short hash, lint, generated/ and the public API.
    for (const id of ['dfns', 'sailpoint', 'zitadel']) {
      const ops = Object.values(JSON.parse(readFileSync(path.join(generated, id, 'openapi.json'), 'utf8')).paths as Record<string, object>).reduce((n, item) => n + Object.keys(item).filter((k) => /^(get|put|post|delete|patch|options|head|trace)$/.test(k)).length, 0);
      const short = snapshot(path.join(repo.root, 'specs', id))['openapi.yaml']!.slice(0, 8);
      expect(again.stdout).toMatch(new RegExp(`^${id}\\s+${ops} kept\\s+${short}\\s+passed when generated\\s+up to date\\s+`, 'm'));
    }
    expect(again.stdout.trim().split('\n').at(-1)).toMatch(/^Everything is up to date: .*nothing was written \(\d/);
    expect(snapshot(generated)).toEqual(once);
  }, 180_000);

  it('--check passes on fresh output and names a hand-edited generated file', async () => {
    expect((await runScript(repo.root, 'regen.ts', ['--check'])).code).toBe(0);
    // One byte, far from the header, so the header's spec hash still matches.
    const oneByte = (text: string) => {
      const at = text.lastIndexOf('string');
      return `${text.slice(0, at)}strinG${text.slice(at + 6)}`;
    };
    await withEdit(path.join(repo.root, 'generated/zitadel/schema.ts'), oneByte, async () => {
      const stale = await runScript(repo.root, 'regen.ts', ['--check']);
      expect(stale.code).not.toBe(0);
      expect(stale.stderr).toContain('generated/zitadel/schema.ts');
      expect(stale.stdout).toContain('stale: generated/zitadel/schema.ts');
    });
    expect((await runScript(repo.root, 'regen.ts', ['--check'])).code).toBe(0);
  }, 180_000);

  it('--check names the generated files an edited spec makes stale, and writes nothing', async () => {
    const before = snapshot(path.join(repo.root, 'generated'));
    await withEdit(path.join(repo.root, 'specs/sailpoint/openapi.yaml'), (t) => t.replace(/summary: (.+)/, 'summary: $1 (edited)'), async () => {
      const result = await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'sailpoint']);
      expect(result.code).not.toBe(0);
      expect(result.stdout).toContain('stale: generated/sailpoint/schema.ts');
      expect(snapshot(path.join(repo.root, 'generated'))).toEqual(before);
    });
  }, 180_000);

  it('a YAML syntax error gives one line naming the file and line, a non-zero exit, and no writes', async () => {
    const before = snapshot(path.join(repo.root, 'generated'));
    // A tab-indented key on line 5: YAML forbids tabs for indentation.
    const breakLine5 = (text: string) => {
      const lines = text.split('\n');
      lines.splice(4, 0, '\tbroken: true');
      return lines.join('\n');
    };
    await withEdit(path.join(repo.root, 'specs/dfns/openapi.yaml'), breakLine5, async () => {
      const result = await runScript(repo.root, 'regen.ts');
      expect(result.code).not.toBe(0);
      const errLines = result.stderr.trim().split('\n');
      expect(errLines).toHaveLength(1);
      expect(errLines[0]).toMatch(/^error: specs\/dfns\/openapi\.yaml:5: YAML syntax error: /);
      expect(snapshot(path.join(repo.root, 'generated'))).toEqual(before);
    });
  }, 180_000);

  it('a lint failure stops the run before anything is written', async () => {
    const before = snapshot(path.join(repo.root, 'generated'));
    await withEdit(path.join(repo.root, 'specs/zitadel/openapi.yaml'), (t) => t.replace(/operationId: getUser$/m, 'operationId: Get_User'), async () => {
      const result = await runScript(repo.root, 'regen.ts');
      expect(result.code).not.toBe(0);
      expect(result.stdout).toContain('idlc/operation-id-camel-case');
      expect(result.stderr).toMatch(/^error: specs\/zitadel\/openapi\.yaml:\d+: lint failed/);
      expect(snapshot(path.join(repo.root, 'generated'))).toEqual(before);
    });
  }, 180_000);

  it('rejects unknown flags and providers with one line', async () => {
    const flag = await runScript(repo.root, 'regen.ts', ['--nope']);
    expect(flag.code).toBe(2);
    expect(flag.stderr.trim()).toBe('error: command line: unknown flag --nope');
    const provider = await runScript(repo.root, 'regen.ts', ['--provider', 'acme']);
    expect(provider.code).toBe(2);
    expect(provider.stderr.trim()).toMatch(/^error: command line: unknown provider 'acme'/);
  }, 180_000);
});

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Node, Project } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkApiReports, diffApiReport, parseApiReport, updateApiReports } from '../../scripts/lib/api-report/index.js';
import { readApiEntries } from '../../scripts/lib/api-report/entries.js';
import { diffLines, toHunks } from '../../scripts/lib/api-report/line-diff.js';
import { sanitizeComments } from '../../scripts/lib/api-report/surface.js';
import { PipelineError } from '../../scripts/lib/errors.js';
import { makeTempRepo, repoRoot, runScript } from '../helpers/temp-repo.js';

const FIXTURE = path.join(repoRoot, 'test/fixtures/api-report/project');

/** A writable copy of the fixture project with the repository's node_modules linked in. */
function fixtureCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'idlc-api-'));
  cpSync(FIXTURE, dir, { recursive: true });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const next = text.replace(from, to);
  expect(next, `edit of ${file} matched nothing`).not.toBe(text);
  writeFileSync(file, next);
}

describe('line diff', () => {
  const cases: [string[], string[]][] = [
    [[], []],
    [['a'], []],
    [[], ['a']],
    [['a', 'b', 'c'], ['a', 'c']],
    [['a', 'c'], ['a', 'b', 'c']],
    [['a', 'b', 'c', 'd'], ['d', 'c', 'b', 'a']],
    [['x', 'a', 'b', 'y', 'c'], ['a', 'b', 'z', 'c', 'w']],
  ];
  it.each(cases)('edit script of %j → %j rebuilds both sides minimally', (a, b) => {
    const script = diffLines(a, b);
    expect(script.filter((l) => l.op !== '+').map((l) => l.text)).toEqual(a);
    expect(script.filter((l) => l.op !== '-').map((l) => l.text)).toEqual(b);
    const kept = script.filter((l) => l.op === ' ').length;
    // Never worse than keeping nothing; for these small cases the LCS length is known.
    expect(kept).toBeGreaterThanOrEqual(0);
    if (a.join() === b.join()) expect(toHunks(script)).toEqual([]);
  });

  it('finds the longest common subsequence', () => {
    const script = diffLines(['a', 'b', 'c', 'a', 'b', 'b', 'a'], ['c', 'b', 'a', 'b', 'a', 'c']);
    expect(script.filter((l) => l.op === ' ').length).toBe(4);
  });

  it('groups changes into hunks with context and 1-based ranges', () => {
    const a = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const b = [...a];
    b[2] = 'changed 2';
    b[15] = 'changed 15';
    const hunks = toHunks(diffLines(a, b), 2);
    expect(hunks.map((h) => [h.oldStart, h.oldLines, h.newStart, h.newLines])).toEqual([
      [1, 5, 1, 5],
      [14, 5, 14, 5],
    ]);
  });
});

describe('sanitizeComments', () => {
  it('drops doc comments, keeps @deprecated markers and leaves comment-like string types alone', () => {
    const text = [
      '/** The thing. */',
      'export interface A {',
      '    /** Old.',
      '     * @deprecated use b */',
      '    a: "*/*";',
      '    // a line comment',
      '    b: "/* not a comment */";',
      '}',
      '',
    ].join('\n');
    expect(sanitizeComments(text)).toBe(['export interface A {', '    /** @deprecated */', '    a: "*/*";', '    b: "/* not a comment */";', '}', ''].join('\n'));
  });
});

describe('entries', () => {
  it('come from package.json exports with types, sorted', () => {
    expect(readApiEntries(FIXTURE)).toEqual([
      { name: 'index', specifier: '@fixture/api', source: 'src/index.ts', report: 'api/index.api.md' },
      { name: 'widgets', specifier: '@fixture/api/widgets', source: 'src/widgets/index.ts', report: 'api/widgets.api.md' },
    ]);
  });

  it('this package exposes the root and one entry per provider', () => {
    expect(readApiEntries(repoRoot).map((e) => e.specifier)).toEqual(['@idlc/clients/dfns', '@idlc/clients', '@idlc/clients/sailpoint', '@idlc/clients/zitadel']);
  });
});

describe('api reports of a fixture project', () => {
  let root: string;
  beforeAll(() => {
    root = fixtureCopy();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('writes one report per entry with every export, sorted, deterministic', async () => {
    const first = await updateApiReports({ root });
    expect(first.changed).toBe(true);
    expect(first.reports).toEqual(['api/index.api.md', 'api/widgets.api.md']);
    const text = readFileSync(path.join(root, 'api/widgets.api.md'), 'utf8');
    const sections = parseApiReport(text);
    expect([...sections.keys()]).toEqual([
      'Middleware',
      'WIDGET_HOST',
      'WidgetClient',
      'WidgetClientOptions',
      'WidgetError',
      'createWidgetClient',
      'TryOptions (src/core/options.ts)',
      'WidgetState (src/core/options.ts)',
    ]);
    expect(sections.get('Middleware')).toEqual(["export type { Middleware } from 'openapi-fetch';"]);
    expect(sections.get('WIDGET_HOST')).toEqual(["export declare const WIDGET_HOST = 'https://widgets.example';"]);
    expect(sections.get('createWidgetClient')).toEqual(['export declare function createWidgetClient(options: WidgetClientOptions): WidgetClient;']);
    // Getters, parameter properties and @deprecated survive; doc text and @internal do not.
    expect(text).toContain('get retryable(): boolean;');
    expect(text).toContain('readonly code: string;');
    expect(text).toContain('/** @deprecated */');
    expect(text).not.toContain('One widget.');
    expect(text).not.toContain('INTERNAL_FLAG');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    // The root entry re-exports TryOptions by name, so it is an export there, not a reference.
    expect([...parseApiReport(readFileSync(path.join(root, 'api/index.api.md'), 'utf8')).keys()]).toContain('TryOptions');

    const again = await checkApiReports({ root });
    expect(again).toMatchObject({ changed: false, reports: [], symbols: [], diff: '', markdown: '' });
  });

  it('ignores documentation edits', async () => {
    edit(path.join(root, 'src/widgets/index.ts'), '/** One widget. */', '/** One widget, by id. */');
    expect((await checkApiReports({ root })).changed).toBe(false);
  });

  it('names the changed member, shows the diff, and an update makes the check pass again', async () => {
    edit(path.join(root, 'src/widgets/index.ts'), 'get(id: string): Promise', 'get(id: string, version: number): Promise');
    edit(path.join(root, 'src/core/options.ts'), 'uses: number;', 'uses: number;\n  lastUse?: string;');
    const result = await checkApiReports({ root });
    expect(result.changed).toBe(true);
    expect(result.symbols.map((s) => `${s.report} ${s.kind} ${s.symbol}`)).toEqual([
      'api/index.api.md changed WidgetClient.widgets.get',
      'api/index.api.md changed WidgetState.lastUse (src/core/options.ts)',
      'api/widgets.api.md changed WidgetClient.widgets.get',
      'api/widgets.api.md changed WidgetState.lastUse (src/core/options.ts)',
    ]);
    expect(result.diff).toContain('--- a/api/widgets.api.md\n+++ b/api/widgets.api.md\n@@ ');
    expect(result.diff).toContain('-    get(id: string): Promise<{');
    expect(result.diff).toContain('+      version: number,');
    expect(result.markdown).toContain('## Public API changes');
    expect(result.markdown).toContain('- changed: `WidgetClient.widgets.get`');
    expect(result.markdown).toContain('```diff\n@@ -1,');

    const updated = await updateApiReports({ root });
    expect(updated.symbols).toEqual(result.symbols);
    expect((await checkApiReports({ root })).changed).toBe(false);
  });

  it('reports added and removed symbols', async () => {
    edit(path.join(root, 'src/widgets/index.ts'), /\/\*\* The default host[^\n]*\n[^\n]*\n/, 'export const WIDGET_PORT = 443;\n');
    const result = await checkApiReports({ root });
    expect(result.symbols.filter((s) => s.report === 'api/widgets.api.md').map((s) => `${s.kind} ${s.symbol}`)).toEqual(['removed WIDGET_HOST', 'added WIDGET_PORT']);
  });

  it('fails with one line naming the file when the code does not declare cleanly', async () => {
    // An inferred return type naming another module's unexported interface cannot be written
    // into a .d.ts: the build would fail the same way.
    const append = (file: string, text: string): void => writeFileSync(path.join(root, file), `${readFileSync(path.join(root, file), 'utf8')}\n${text}\n`);
    append('src/core/options.ts', 'interface Hidden { x: number }\nexport function makeHidden(): Hidden { return { x: 1 }; }');
    append('src/widgets/index.ts', "import { makeHidden } from '../core/options.js';\nexport function hidden() { return makeHidden(); }");
    const error = await checkApiReports({ root }).then(() => undefined, (err: unknown) => err);
    expect(error).toBeInstanceOf(PipelineError);
    // The line of the function whose inferred type cannot be written, in the file that declares it.
    const lines = readFileSync(path.join(root, 'src/widgets/index.ts'), 'utf8').split('\n');
    const line = lines.findIndex((text) => text.startsWith('export function hidden()')) + 1;
    expect((error as PipelineError).toLine()).toMatch(new RegExp(`^error: src/widgets/index\\.ts:${line}: declaration emit failed: .*Hidden`));
  });
});

describe('diffApiReport', () => {
  it('treats a missing report as every symbol added', () => {
    const entry = { name: 'x', specifier: '@s/x', source: 'src/x.ts', report: 'api/x.api.md' };
    const after = '## Exports\n\n### `a`\n\n```ts\nexport declare const a = 1;\n```\n';
    expect(diffApiReport(entry, undefined, after)).toEqual([
      { report: 'api/x.api.md', specifier: '@s/x', symbol: 'a', kind: 'added', diff: '@@ -0,0 +1 @@ a\n+export declare const a = 1;' },
    ]);
  });
});

describe('npm run api:check on the real facade', () => {
  let repo: ReturnType<typeof makeTempRepo> | undefined;
  afterAll(() => repo?.cleanup());

  it('fails naming the symbol when a facade method signature changes without a report update', async () => {
    repo = makeTempRepo(['scripts', 'src', 'generated', 'package.json', 'tsconfig.json', 'tsconfig.build.json']);
    const update = await runScript(repo.root, 'api-report.ts');
    expect(update.code, update.stderr).toBe(0);
    expect(existsSync(path.join(repo.root, 'api/dfns.api.md'))).toBe(true);

    // Add a required parameter to the first method of the Dfns client interface.
    const project = new Project({ skipAddingFilesFromTsConfig: true });
    const file = project.addSourceFileAtPath(path.join(repo.root, 'src/dfns/index.ts'));
    const method = file.getInterfaceOrThrow('DfnsClient').getDescendants().find(Node.isMethodSignature);
    expect(method, 'DfnsClient has a method').toBeDefined();
    const owners = method!
      .getAncestors()
      .filter(Node.isPropertySignature)
      .map((p) => p.getName())
      .reverse();
    method!.insertParameter(0, { name: 'requiredByTest', type: 'number' });
    await file.save();

    const check = await runScript(repo.root, 'api-report.ts', ['--check']);
    expect(check.code).toBe(1);
    const symbol = ['DfnsClient', ...owners, method!.getName()].join('.');
    expect(check.stderr).toContain(`error: api/dfns.api.md: public API changed: ${symbol} (@idlc/clients/dfns)`);
    expect(check.stderr).toContain('requiredByTest: number');
    expect(check.stderr).toMatch(/API report\(s\) out of date/);
  }, 240_000);
});

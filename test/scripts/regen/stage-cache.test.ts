/**
 * The lint and generate caches of regen (scripts/lib/stage-cache.ts) on real files in a
 * throwaway folder: a stage runs once for the same inputs and is reused after, as the same data;
 * every input it is computed from (the text and its name, the rules, the pipeline's code, the
 * spec and lock hashes, the parser) gives a new key; a lint with problems, a lint of a text that
 * refers into other files and a text that does not parse are never stored.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { SpecFile } from '../../../scripts/lib/generate/spec-file.js';
import type { LintResult } from '../../../scripts/lib/lint/index.js';
import { generateOnce, lintOnce, parsedOnce } from '../../../scripts/lib/stage-cache.js';

const root = mkdtempSync(path.join(tmpdir(), 'idlc-stage-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (rel: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

beforeEach(() => {
  rmSync(path.join(root, '.cache'), { recursive: true, force: true });
  write('redocly.yaml', 'extends: [recommended]\n');
  write('scripts/redocly/rules/idempotency.js', '// a rule\n');
  write('scripts/lib/generate/index.ts', '// the generator\n');
});

const clean = (api: string): LintResult => ({
  api,
  errors: 0,
  warnings: 0,
  problems: [],
});

/** A lint stand-in counting its runs. */
function counted(result: (api: string) => LintResult) {
  const calls: string[] = [];
  return {
    calls,
    lint: (api: string) => async () => (calls.push(api), result(api)),
  };
}

describe('lintOnce', () => {
  it('lints once for the same text, name and rules, and reuses the clean verdict', async () => {
    const { calls, lint } = counted(clean);
    const first = await lintOnce(root, 'zitadel', 'openapi: 3.1.0\n', lint('zitadel'));
    const second = await lintOnce(root, 'zitadel', 'openapi: 3.1.0\n', lint('zitadel'));
    expect(calls).toEqual(['zitadel']);
    expect([first.reused, second.reused]).toEqual([false, true]);
    expect({ ...second, reused: false }).toEqual(first);
  });

  it.each([
    ['the linted text', (): [string, string] => ['zitadel', 'openapi: 3.1.1\n']],
    ['the name it is linted under', (): [string, string] => [path.join(root, '.cache/regen/zitadel/openapi.yaml'), 'openapi: 3.1.0\n']],
    ['redocly.yaml', (): [string, string] => (write('redocly.yaml', 'extends: [minimal]\n'), ['zitadel', 'openapi: 3.1.0\n'])],
    ['a project rule', (): [string, string] => (write('scripts/redocly/rules/idempotency.js', '// a changed rule\n'), ['zitadel', 'openapi: 3.1.0\n'])],
    ['a new project rule', (): [string, string] => (write('scripts/redocly/rules/new.js', '// another rule\n'), ['zitadel', 'openapi: 3.1.0\n'])],
  ] as const)('lints again after a change to %s', async (_what, change) => {
    const { calls, lint } = counted(clean);
    await lintOnce(root, 'zitadel', 'openapi: 3.1.0\n', lint('first'));
    const [target, text] = change();
    const again = await lintOnce(root, target, text, lint('second'));
    expect(calls).toEqual(['first', 'second']);
    expect(again.reused).toBe(false);
  });

  it('never stores the verdict on a text with a $ref into another file, whose bytes are inputs too', async () => {
    const { calls, lint } = counted(clean);
    const text = "openapi: 3.1.0\ncomponents:\n  schemas:\n    User:\n      $ref: './user.yaml'\n";
    await lintOnce(root, 'zitadel', text, lint('first'));
    const again = await lintOnce(root, 'zitadel', text, lint('second'));
    expect(calls).toEqual(['first', 'second']);
    expect(again.reused).toBe(false);
    // A reference inside the document is no such input.
    const local = text.replace("'./user.yaml'", "'#/components/schemas/Person'");
    await lintOnce(root, 'zitadel', local, lint('third'));
    expect((await lintOnce(root, 'zitadel', local, lint('fourth'))).reused).toBe(true);
    expect(calls).toEqual(['first', 'second', 'third']);
  });

  it('never stores a verdict with errors or warnings', async () => {
    const { calls, lint } = counted((api) => ({
      api,
      errors: 0,
      warnings: 1,
      problems: [
        {
          ruleId: 'no-empty-servers',
          severity: 'warn',
          message: 'no servers',
          file: 'x.yaml',
        },
      ],
    }));
    const first = await lintOnce(root, 'zitadel', 'openapi: 3.1.0\n', lint('zitadel'));
    const second = await lintOnce(root, 'zitadel', 'openapi: 3.1.0\n', lint('zitadel'));
    expect(calls).toEqual(['zitadel', 'zitadel']);
    expect([first.warnings, second.warnings, second.reused]).toEqual([1, 1, false]);
  });
});

describe('generateOnce', () => {
  const spec = (sha: string): SpecFile => ({
    rel: 'specs/zitadel/openapi.yaml',
    sha256: sha.repeat(64),
    doc: {},
  });
  const files = {
    'schema.ts': 'export interface paths {}\n',
    'operations.ts': 'export const operations = {};\n',
    'openapi.json': '{}\n',
  };

  it('generates once for the same spec, lock and pipeline, and reuses the same files', async () => {
    let runs = 0;
    const generate = async () => (runs++, files);
    const first = await generateOnce(root, spec('a'), 'none', generate);
    const second = await generateOnce(root, spec('a'), 'none', generate);
    expect(runs).toBe(1);
    expect([first.reused, second.reused]).toEqual([false, true]);
    expect(second.files).toEqual(first.files);
  });

  it.each([
    ['the spec', (): [SpecFile, string] => [spec('b'), 'none']],
    ['the lock', (): [SpecFile, string] => [spec('a'), 'c'.repeat(64)]],
    ['the pipeline code', (): [SpecFile, string] => (write('scripts/lib/generate/index.ts', '// a changed generator\n'), [spec('a'), 'none'])],
  ] as const)('generates again after a change to %s', async (_what, change) => {
    let runs = 0;
    const generate = async () => (runs++, files);
    await generateOnce(root, spec('a'), 'none', generate);
    const [changed, lock] = change();
    expect((await generateOnce(root, changed, lock, generate)).reused).toBe(false);
    expect(runs).toBe(2);
  });
});

describe('parsedOnce', () => {
  beforeEach(() => write('scripts/lib/openapi/parse.ts', '// the parser\n'));

  it('parses once for the same text, name and parser, and reuses the same value', () => {
    let runs = 0;
    const parse = () => (runs++, { id: 'zitadel', sources: [{ id: 'api' }] });
    const first = parsedOnce(root, 'specs/zitadel/provider.yaml', 'id: zitadel\n', parse);
    const second = parsedOnce(root, 'specs/zitadel/provider.yaml', 'id: zitadel\n', parse);
    expect(runs).toBe(1);
    expect(second).toEqual(first);
    parsedOnce(root, 'specs/zitadel/provider.yaml', 'id: zitadel2\n', parse);
    parsedOnce(root, 'specs/dfns/provider.yaml', 'id: zitadel\n', parse);
    write('scripts/lib/openapi/parse.ts', '// a changed parser\n');
    parsedOnce(root, 'specs/zitadel/provider.yaml', 'id: zitadel\n', parse);
    expect(runs).toBe(4);
  });

  it('never stores a text that does not parse', () => {
    let runs = 0;
    const parse = () => {
      runs++;
      throw new Error('YAML syntax error');
    };
    expect(() => parsedOnce(root, 'specs/zitadel/provider.yaml', 'id: [\n', parse)).toThrow('YAML syntax error');
    expect(() => parsedOnce(root, 'specs/zitadel/provider.yaml', 'id: [\n', parse)).toThrow('YAML syntax error');
    expect(runs).toBe(2);
  });
});

/**
 * The generated types in use: a consumer program makes a typed call to each seed endpoint and
 * compiles with skipLibCheck off; with its `@ts-expect-error` markers removed, each marked line
 * (a wrong path, a missing path parameter, wrong body fields) is a compile error.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/temp-repo.js';
import { COMPILER_NODE_FLAGS, tscErrorPlaces, withoutExpectErrors } from '../helpers/tsc.js';

const fixtureDir = path.join(repoRoot, 'test/fixtures/typed-calls');
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');

function compile(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...COMPILER_NODE_FLAGS, tsc, '-p', project], { cwd: repoRoot }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, output: stdout + stderr }),
    );
  });
}

/**
 * One compile of the fixture and of a copy with its `@ts-expect-error` markers removed, in one
 * program (the copy sits beside the original so its relative imports still resolve; neither
 * imports the other): the fixture must bring no error of its own, the copy one at each marked line.
 */
let compiled: Promise<{ code: number; errors: string[]; copy: string; expected: number[] }> | undefined;
function compileFixtureAndCopy(): Promise<{ code: number; errors: string[]; copy: string; expected: number[] }> {
  return (compiled ??= (async () => {
    const scratch = mkdtempSync(path.join(fixtureDir, '.strict-'));
    try {
      const source = readFileSync(path.join(fixtureDir, 'seed-calls.ts'), 'utf8').replaceAll('../../../generated/', '../../../../generated/');
      const { text, marked } = withoutExpectErrors(source);
      writeFileSync(path.join(scratch, 'seed-calls.ts'), text);
      const config = JSON.parse(readFileSync(path.join(fixtureDir, 'tsconfig.json'), 'utf8')) as { files: string[] };
      writeFileSync(path.join(scratch, 'tsconfig.json'), JSON.stringify({ ...config, files: [...config.files.map((f) => `../${f}`), 'seed-calls.ts'] }));
      const result = await compile(path.join(scratch, 'tsconfig.json'));
      return { code: result.code, errors: tscErrorPlaces(result.output), copy: path.relative(repoRoot, path.join(scratch, 'seed-calls.ts')).split(path.sep).join('/'), expected: marked };
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  })());
}

describe('typed calls to the seed endpoints', () => {
  it('compile with tsc --noEmit and skipLibCheck false', async () => {
    const { errors, copy } = await compileFixtureAndCopy();
    expect(errors.filter((place) => !place.startsWith(`${copy}:`))).toEqual([]);
  });

  it('reject a wrong path, a missing path parameter and wrong body fields', async () => {
    const { code, errors, copy, expected } = await compileFixtureAndCopy();
    expect(code).not.toBe(0);
    expect(expected.length).toBe(4);
    expect(new Set(errors)).toEqual(new Set(expected.map((line) => `${copy}:${line}`)));
  });
});

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
import { tieringFlags } from '../../scripts/build/tiering.mjs';

const fixtureDir = path.join(repoRoot, 'test/fixtures/typed-calls');
const tsc = path.join(repoRoot, 'node_modules/typescript/bin/tsc');

function compile(project: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...tieringFlags(), tsc, '-p', project], { cwd: repoRoot }, (error, stdout, stderr) =>
      resolve({ code: error ? 1 : 0, output: stdout + stderr }),
    );
  });
}

describe('typed calls to the seed endpoints', () => {
  it('compile with tsc --noEmit and skipLibCheck false', async () => {
    const result = await compile(path.join(fixtureDir, 'tsconfig.json'));
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('reject a wrong path, a missing path parameter and wrong body fields', async () => {
    // The stripped copy sits beside the original so its relative imports still resolve.
    const scratch = mkdtempSync(path.join(fixtureDir, '.strict-'));
    try {
      const source = readFileSync(path.join(fixtureDir, 'seed-calls.ts'), 'utf8').replaceAll('../../../generated/', '../../../../generated/');
      const lines = source.split('\n');
      const expected: number[] = [];
      const stripped: string[] = [];
      for (const line of lines) {
        if (line.trim() === '// @ts-expect-error') {
          expected.push(stripped.length + 1 + 1); // the next line, 1-based, after this one is dropped
          stripped.push('');
          continue;
        }
        stripped.push(line);
      }
      writeFileSync(path.join(scratch, 'seed-calls.ts'), stripped.join('\n'));
      writeFileSync(path.join(scratch, 'tsconfig.json'), readFileSync(path.join(fixtureDir, 'tsconfig.json')));
      const result = await compile(path.join(scratch, 'tsconfig.json'));
      expect(result.code).not.toBe(0);
      const errorLines = [...result.output.matchAll(/seed-calls\.ts\((\d+),\d+\): error/g)].map((m) => Number(m[1]));
      expect(expected.length).toBe(4);
      expect([...new Set(errorLines)].sort((a, b) => a - b)).toEqual(expected);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});

/**
 * The replay's kept-alive type-check (./typecheck.ts) reports what a new `tsc` run reports, at
 * every step of a small project's history: an error that reaches a file through an import, a
 * file added to the project, and the fix of both (nothing stale survives from an earlier check).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/temp-repo.js';
import { Typechecker, type TypecheckRun } from './typecheck.js';

const tscBin = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');

describe('the kept-alive type-check', () => {
  let root: string;
  let checker: Typechecker;
  const write = (rel: string, text: string) => writeFileSync(path.join(root, rel), text);

  /** A new `tsc` over the same files, with the flags the replay's check stands for. */
  const tsc = (): Promise<{ code: number; stdout: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, [tscBin, '--noEmit', '-p', 'tsconfig.json', '--skipLibCheck', '--pretty', 'false'], { cwd: root }, (error, stdout) => {
        resolve({ code: error ? Number(error.code) : 0, stdout });
      });
    });

  /** Both verdicts on the project as it is now; they must agree line for line. */
  async function both(): Promise<TypecheckRun> {
    const [kept, fresh] = await Promise.all([checker.check(60_000), tsc()]);
    expect(kept.stderr).toBe('');
    expect(kept.stdout).toBe(fresh.stdout);
    expect(kept.code === 0).toBe(fresh.code === 0);
    return kept;
  }

  beforeAll(() => {
    root = mkdtempSync(path.join(tmpdir(), 'idlc-typecheck-'));
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
    write('package.json', '{ "type": "module" }\n');
    write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: [] }, include: ['*.ts'] }));
    write('user.ts', 'export interface User {\n  id: string;\n  name: string;\n}\n');
    write('use.ts', "import type { User } from './user.js';\n\nexport const label = (user: User): string => `${user.id}: ${user.name}`;\n");
    write('other.ts', 'export const answer: number = 42;\n');
    checker = new Typechecker(root);
  });
  afterAll(() => {
    checker?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('agrees with tsc on a clean project, then on an error that reaches a file through its import', async () => {
    expect((await both()).code).toBe(0);
    // Only user.ts changes; the error is in use.ts, whose verdict the check must not reuse.
    write('user.ts', 'export interface User {\n  id: number;\n}\n');
    const broken = await both();
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/^use\.ts\(3,\d+\): error TS2339: Property 'name' does not exist on type 'User'\./m);
  });

  it('agrees with tsc on a file added to the project, and once both are fixed', async () => {
    write('added.ts', "export const wrong: string = 1;\n");
    const added = await both();
    expect(added.stdout).toMatch(/^added\.ts\(1,14\): error TS2322/m);
    unlinkSync(path.join(root, 'added.ts'));
    write('user.ts', 'export interface User {\n  id: string;\n  name: string;\n}\n');
    const fixed = await both();
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toBe('');
  });

  it('a check past its time limit is killed and reported, and the next check starts a new process', async () => {
    const killed = await checker.check(1);
    expect(killed.code).toBe(124);
    expect(killed.stderr).toMatch(/killed after 1 ms/);
    expect((await both()).code).toBe(0);
  });
});

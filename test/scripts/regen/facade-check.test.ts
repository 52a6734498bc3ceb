/**
 * The review's facade type-check checks the files the new generated files can reach: a
 * facade file that imports a changed generated file (directly or through other facade files)
 * is checked against the new content; a file no changed file can reach is not, since it checks
 * as it did against the files on disk; and a changed file that can reach files without being
 * imported (a global script, `declare global`) has every file checked; a file that differs only
 * in the sha256 lines of its header comment is no change. On a small tree of real
 * files, type-checked by the same program regen builds.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { typecheckFacade } from '../../../scripts/lib/regen/review.js';

let root = '';
const write = (rel: string, text: string): string => {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'idlc-facade-check-'));
  write('tsconfig.json', JSON.stringify({ compilerOptions: { target: 'ES2022', lib: ['ES2022'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [], noEmit: true }, include: ['src', 'generated'] }));
  write('package.json', JSON.stringify({ name: 'fixture', type: 'module' }));
  write('generated/alpha/schema.ts', 'export interface User {\n  name: string;\n}\n');
  write('generated/beta/schema.ts', 'export interface Grant {\n  id: string;\n}\n');
  // alpha reaches its generated types through a shared helper; beta imports its own directly.
  write('src/core/names.ts', "import type { User } from '../../generated/alpha/schema.js';\nexport const nameOf = (user: User): string => user.name;\n");
  write('src/alpha/index.ts', "import { nameOf } from '../core/names.js';\nexport const greet = (user: Parameters<typeof nameOf>[0]): string => `hi ${nameOf(user)}`;\n");
  write('src/beta/index.ts', "import type { Grant } from '../../generated/beta/schema.js';\nexport const idOf = (grant: Grant): string => grant.id;\n");
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** An error of beta's own, in a file that imports no generated file. */
const breakBeta = (): string => write('src/beta/index.ts', 'export const broken: number = "text";\n');
const schemaOf = (provider: string): string => path.join(root, 'generated', provider, 'schema.ts');

describe('the facade type-check of a regen', () => {
  it('checks the files that reach a changed generated file, through other files too', async () => {
    const errors = await typecheckFacade(root, new Map([[schemaOf('alpha'), 'export interface User {\n  fullName: string;\n}\n']]), ['alpha']);
    expect(errors.get('alpha')).toEqual([expect.stringMatching(/^src\/core\/names\.ts:2: Property 'name' does not exist on type 'User'/)]);
  });

  it('leaves out a file no changed file reaches: an error there was not made by this change', async () => {
    write('src/beta/index.ts', "import type { Grant } from '../../generated/beta/schema.js';\nexport const idOf = (grant: Grant): number => grant.id;\n");
    // alpha's types change without breaking anything; beta's own error stays out of alpha's review.
    const alpha = await typecheckFacade(root, new Map([[schemaOf('alpha'), 'export interface User {\n  name: string;\n  title?: string;\n}\n']]), ['alpha']);
    expect(alpha.get('alpha')).toEqual([]);
    // The same error is beta's as soon as beta's generated file changes.
    const beta = await typecheckFacade(root, new Map([[schemaOf('beta'), 'export interface Grant {\n  id: string;\n  role?: string;\n}\n']]), ['beta']);
    expect(beta.get('beta')).toEqual([expect.stringMatching(/^src\/beta\/index\.ts:2: Type 'string' is not assignable to type 'number'/)]);
  });

  it('checks nothing when no generated file changes', async () => {
    breakBeta();
    expect((await typecheckFacade(root, new Map([[schemaOf('alpha'), 'export interface User {\n  name: string;\n}\n']]), ['alpha'])).get('alpha')).toEqual([]);
  });

  it('a generated file that differs only in the sha256 lines of its header is not a change; one more byte of code is', async () => {
    const header = (spec: string, lock: string) => `/**\n * Generated.\n * spec-sha256: ${spec}\n * lock-sha256: ${lock}\n */\n`;
    const body = 'export interface Grant {\n  id: string;\n}\n';
    write('generated/beta/schema.ts', `${header('a'.repeat(64), 'b'.repeat(64))}${body}`);
    // beta imports its generated file and has an error: any check of it reports that error.
    write('src/beta/index.ts', "import type { Grant } from '../../generated/beta/schema.js';\nexport const idOf = (grant: Grant): number => grant.id;\n");
    const newLock = await typecheckFacade(root, new Map([[schemaOf('beta'), `${header('a'.repeat(64), 'c'.repeat(64))}${body}`]]), ['beta']);
    expect(newLock.get('beta')).toEqual([]);
    const noLock = await typecheckFacade(root, new Map([[schemaOf('beta'), `${header('a'.repeat(64), 'none')}${body}`]]), ['beta']);
    expect(noLock.get('beta')).toEqual([]);
    const newCode = await typecheckFacade(root, new Map([[schemaOf('beta'), `${header('a'.repeat(64), 'c'.repeat(64))}${body}export const generated = { specSha256: '${'a'.repeat(64)}' } as const;\n`]]), ['beta']);
    expect(newCode.get('beta')).toEqual([expect.stringMatching(/^src\/beta\/index\.ts:2: Type 'string' is not assignable to type 'number'/)]);
  });

  it('checks every file when a changed file declares globals', async () => {
    breakBeta();
    const globalAugmentation = 'export interface User {\n  name: string;\n}\ndeclare global {\n  var alphaVersion: string;\n}\n';
    const errors = await typecheckFacade(root, new Map([[schemaOf('alpha'), globalAugmentation]]), ['alpha']);
    expect(errors.get('alpha')).toEqual([expect.stringMatching(/^src\/beta\/index\.ts:1: Type 'string' is not assignable to type 'number'/)]);
  });

  it('checks every file when a changed file is a global script', async () => {
    breakBeta();
    const errors = await typecheckFacade(root, new Map([[schemaOf('alpha'), 'interface User {\n  name: string;\n}\n']]), ['alpha']);
    expect(errors.get('alpha')).toContainEqual(expect.stringMatching(/^src\/beta\/index\.ts:1: Type 'string' is not assignable/));
  });
});

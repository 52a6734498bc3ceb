/**
 * The review cache of regen (scripts/lib/regen/review-cache.ts) on real files in a throwaway
 * folder: a review is computed once for the same inputs and reused after; any byte of any input
 * (a facade file, a contract test, the pipeline's code, a candidate file, the spec, the contract
 * switch) gives a new key; a run without the contract calls may take the review of a run with
 * them, never the reverse; a review with a failing contract call is never stored.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import type { ProviderReview } from '../../../scripts/lib/regen/provider-review.js';
import { reviewKey, reviewOnce, type ReviewInputs } from '../../../scripts/lib/regen/review-cache.js';

const root = mkdtempSync(path.join(tmpdir(), 'idlc-review-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const write = (rel: string, text: string): void => {
  mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  writeFileSync(path.join(root, rel), text);
};

const inputs = (over: Partial<ReviewInputs> = {}): ReviewInputs => ({
  root,
  providers: ['zitadel'],
  specTexts: new Map([['zitadel', 'openapi: 3.1.0\n']]),
  outputs: new Map([[path.join(root, 'generated/zitadel/schema.ts'), 'export interface paths {}\n']]),
  contract: true,
  ...over,
});

const review = (methods: ProviderReview['methods']): ProviderReview => ({
  provider: 'zitadel',
  status: 'reviewed',
  spec: 'specs/zitadel/openapi.yaml',
  specSha256: 'a'.repeat(64),
  result: { changes: [{ id: 'response-property-added', level: 'INFO', direction: 'response', pointer: '/paths', message: 'added' }], summary: { ERR: 0, WARN: 0, INFO: 1 }, semver: 'minor' },
  facade: { ok: true, errors: [] },
  ...(methods ? { methods } : {}),
});

beforeEach(() => {
  rmSync(path.join(root, '.cache'), { recursive: true, force: true });
  write('src/zitadel/users.ts', 'export const users = 1;\n');
  write('generated/zitadel/schema.ts', 'export interface paths {}\n');
  write('scripts/lib/regen/review.ts', '// the review\n');
  write('test/contract/zitadel.test.ts', '// contract\n');
  write('tsconfig.json', '{}\n');
});

describe('reviewOnce', () => {
  it('computes a review once and reuses it for the same inputs, as the same data', async () => {
    let computed = 0;
    const reused: string[] = [];
    const compute = async () => {
      computed++;
      return [review([{ method: 'users.get', ok: true }])];
    };
    const first = await reviewOnce(inputs(), compute, (id) => reused.push(id));
    const second = await reviewOnce(inputs(), compute, (id) => reused.push(id));
    expect(computed).toBe(1);
    expect(reused).toEqual(['zitadel']);
    expect(second).toEqual(first);
    expect(readdirSync(path.join(root, '.cache/regen/reviews')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a run without the contract calls takes the review of the same inputs with them, without their results; never the other way', async () => {
    let computed = 0;
    const reused: string[] = [];
    const compute = (methods: ProviderReview['methods']) => async () => {
      computed++;
      return [review(methods)];
    };
    const withCalls = await reviewOnce(inputs(), compute([{ method: 'users.get', ok: true }]), (id) => reused.push(id));
    const without = await reviewOnce(inputs({ contract: false }), compute(undefined), (id) => reused.push(id));
    expect(computed).toBe(1);
    expect(reused).toEqual(['zitadel']);
    expect(without).toEqual([review(undefined)]);
    expect(withCalls[0]!.methods).toEqual([{ method: 'users.get', ok: true }]);
    // Other inputs: nothing to take.
    await reviewOnce(inputs({ contract: false, specTexts: new Map([['zitadel', 'openapi: 3.1.1\n']]) }), compute(undefined), () => undefined);
    expect(computed).toBe(2);
    // A stored review without the calls never stands in for a run that makes them.
    rmSync(path.join(root, '.cache'), { recursive: true, force: true });
    await reviewOnce(inputs({ contract: false }), compute(undefined), () => undefined);
    const again = await reviewOnce(inputs(), compute([{ method: 'users.get', ok: true }]), () => undefined);
    expect(computed).toBe(4);
    expect(again[0]!.methods).toHaveLength(1);
  });

  it('never stores a review in which a contract call failed: the next run tries again', async () => {
    let computed = 0;
    const compute = async () => {
      computed++;
      return [review([{ method: 'users.get', ok: false, error: 'timed out' }])];
    };
    await reviewOnce(inputs(), compute, () => undefined);
    await reviewOnce(inputs(), compute, () => undefined);
    expect(computed).toBe(2);
  });
});

describe('reviewKey', () => {
  const edits: [string, () => ReviewInputs][] = [
    ['a facade file', () => (write('src/zitadel/users.ts', 'export const users = 2;\n'), inputs())],
    ['a new facade file', () => (write('src/zitadel/grants.ts', '\n'), inputs())],
    ['a generated file on disk (the baseline)', () => (write('generated/zitadel/schema.ts', 'export interface paths { a: 1 }\n'), inputs())],
    ['the pipeline code', () => (write('scripts/lib/regen/review.ts', '// the review, changed\n'), inputs())],
    ['a contract test', () => (write('test/contract/zitadel.test.ts', '// contract 2\n'), inputs())],
    ['a test helper the contract run copies', () => (write('test/helpers/prism.ts', '\n'), inputs())],
    ['tsconfig.json', () => (write('tsconfig.json', '{ }\n'), inputs())],
    ['a candidate generated file', () => inputs({ outputs: new Map([[path.join(root, 'generated/zitadel/schema.ts'), 'export interface paths { b: 1 }\n']]) })],
    ['the candidate spec', () => inputs({ specTexts: new Map([['zitadel', 'openapi: 3.1.1\n']]) })],
    ['the contract switch', () => inputs({ contract: false })],
    ['the providers reviewed', () => inputs({ providers: ['zitadel', 'dfns'] })],
  ];
  it.each(edits)('changes with %s', (_what, edit) => {
    const before = reviewKey(inputs());
    expect(reviewKey(inputs())).toBe(before);
    expect(reviewKey(edit())).not.toBe(before);
  });
});

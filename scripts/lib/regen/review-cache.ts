/**
 * A cache of reviews, keyed by everything a review is computed from, so a regen that repeats a
 * review of the same inputs (rerun after an interrupted or refused write, a checkout switched
 * back and forth) skips the facade type-check and the contract run, the seconds of a review.
 *
 * The key covers the bytes of every file the review reads or copies: the candidate specs and
 * generated files, the generated files on disk (the baseline and the old types the compiler
 * verdict compiles against), `src/`, the contract tests and their helpers, the TypeScript and
 * package configs and the pipeline's own code under `scripts/`; plus the versions of Node and
 * of every tool the review runs. Any byte moving gives a new key, so a stale review is never
 * reused.
 *
 * Only a review whose contract calls all worked is stored: a method that failed may have failed
 * for a passing reason (a loaded machine, a port), and a rerun must try it again. Lives under
 * `.cache/regen/reviews/` (ignored by git); only the newest few keys are kept.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { cacheKey, listFiles, readKeyed, writeKeyed } from '../keyed-cache.js';
import type { ProviderReview } from './provider-review.js';

/** Bump when the stored layout or what a review holds changes. */
const CACHE_FORMAT = 'regen-review-cache 1';

/** Stored reviews kept at most; older ones are removed when a new one is written. */
const KEEP = 8;

/** Folders whose every file a review reads (sources, contract tests, the pipeline itself). */
const TREES = ['src', 'generated', 'scripts', 'test/contract', 'test/helpers'];

/** Single files that shape a review, repository-relative. */
const FILES = ['tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Packages whose version changes what the review compiles, runs or serves. */
const TOOLS = ['typescript', 'ts-morph', 'openapi-typescript', 'openapi-fetch', 'undici', 'prettier', 'vitest', '@stoplight/prism-cli', '@types/node', 'yaml'];

/** What the key is computed from. */
export interface ReviewInputs {
  root: string;
  /** Provider ids reviewed, in run order. */
  providers: readonly string[];
  /** The candidate spec text of each reviewed provider. */
  specTexts: ReadonlyMap<string, string>;
  /** The new generated files by absolute path. */
  outputs: ReadonlyMap<string, string>;
  /** Whether the contract calls run. */
  contract: boolean;
}

/**
 * The key of everything a review is computed from but the contract switch: the two keys of the
 * same inputs ({@link keyOf}) share it, so a run without the contract calls can find the review
 * of a run with them without hashing the tree twice.
 */
function inputsKey(inputs: ReviewInputs): string {
  const { root } = inputs;
  const files: string[] = [];
  for (const tree of TREES) listFiles(path.join(root, tree), files);
  for (const rel of FILES) files.push(path.join(root, rel));
  return cacheKey(root, {
    parts: [CACHE_FORMAT, root, process.version, inputs.providers.join(',')],
    tools: TOOLS,
    files,
    feed: (hash) => {
      for (const [file, text] of [...inputs.outputs].sort(([a], [b]) => (a < b ? -1 : 1))) hash.update(`output\0${path.relative(root, file)}\0${Buffer.byteLength(text)}\0`).update(text);
      for (const id of inputs.providers) {
        const text = inputs.specTexts.get(id) ?? '\0missing';
        hash.update(`spec\0${id}\0${Buffer.byteLength(text)}\0`).update(text);
      }
    },
  });
}

const keyOf = (base: string, contract: boolean): string => createHash('sha256').update(`${base}\0contract=${contract}`).digest('hex').slice(0, 32);

/** The key of the review these inputs give. */
export function reviewKey(inputs: ReviewInputs): string {
  return keyOf(inputsKey(inputs), inputs.contract);
}

function cacheDir(root: string): string {
  return path.join(root, '.cache', 'regen', 'reviews');
}

/**
 * The reviews of these inputs: the stored ones when an earlier run stored them (`reused` is
 * told each provider id), else what `review` computes, stored when every contract call worked.
 * A run without the contract calls also takes the stored review of the same inputs with them
 * (a rerun with `--no-contract` after a run that stopped): the diff and the facade verdict are
 * the same computation; the calls' results are left out, as that run would not have them.
 */
export async function reviewOnce(inputs: ReviewInputs, review: () => Promise<ProviderReview[]>, reused: (provider: string) => void): Promise<ProviderReview[]> {
  const base = inputsKey(inputs);
  const key = keyOf(base, inputs.contract);
  let stored = readKeyed<ProviderReview[]>(cacheDir(inputs.root), key);
  if (!Array.isArray(stored) && !inputs.contract) {
    const withContract = readKeyed<ProviderReview[]>(cacheDir(inputs.root), keyOf(base, true));
    if (Array.isArray(withContract)) stored = withContract.map(({ methods: _methods, ...rest }) => rest);
  }
  if (Array.isArray(stored)) {
    for (const id of inputs.providers) reused(id);
    return stored;
  }
  const reviews = await review();
  if (reviews.every((r) => (r.methods ?? []).every((m) => m.ok))) writeKeyed(cacheDir(inputs.root), key, reviews, KEEP);
  return reviews;
}

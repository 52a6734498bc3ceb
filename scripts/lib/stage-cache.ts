/**
 * Lint verdicts and generated files, stored by everything they are computed from, so a run that
 * repeats the same inputs (`regen --check` after `regen`, a rerun after an interrupted or
 * refused write, a checkout switched back) neither starts Redocly nor loads openapi-typescript,
 * TypeScript and prettier: those are the seconds of an otherwise idle run.
 *
 * - A lint key covers the linted text and the name it is linted under (problems name the file),
 *   `redocly.yaml`, the project rules in `scripts/redocly/`, and the versions of Node and Redocly.
 *   Only a clean verdict is stored: a failing lint is rerun, and worded afresh, every time; a
 *   text with a `$ref` into another file is never stored either (that file is an input too).
 * - A generate key covers the spec's path and sha256, the lock's sha256, the pipeline's code
 *   (`scripts/`), and the versions of Node, openapi-typescript, TypeScript and prettier.
 * - A parse key covers a small file's text and name, the parser's code and the versions of both
 *   YAML packages: every command reads the provider configs, and an unchanged `npm run regen` would
 *   otherwise spend a good part of its time loading and running the YAML parser on them.
 *
 * Any byte moving gives a new key, so nothing stale is reused. Lives under `.cache/stages/`
 * (ignored by git); only the newest few keys of each kind are kept.
 */
import path from 'node:path';
import type { GeneratedFiles } from './generate/index.js';
import type { SpecFile } from './generate/spec-file.js';
import { cacheKey, listFiles, readKeyed, writeKeyed, type KeyInputs } from './keyed-cache.js';
import type { LintResult } from './lint/index.js';

/** Bump when the stored layout or what a stage computes changes. */
const CACHE_FORMAT = 'stage-cache 1';

/** Stored results kept at most per stage (three providers, a few states each). */
const KEEP = 24;

/** The key of one stage's value: the format, the stage and the Node version, then `inputs`. */
const keyOf = (root: string, stage: string, inputs: Omit<KeyInputs, 'parts'>): string => cacheKey(root, { parts: [CACHE_FORMAT, stage, process.version], ...inputs });

/** A `$ref` whose value does not start with `#` (YAML or JSON spelling), i.e. into another file. */
const EXTERNAL_REF = /["']?\$ref["']?\s*:\s*["']?(?!["']?#)\S/;

const dirOf = (root: string, stage: string): string => path.join(root, '.cache', 'stages', stage);

/**
 * The lint verdict on `text`, linted as `target` (a redocly.yaml alias or a file path): the
 * stored one when an earlier run got a clean verdict from the same inputs, else what `lint`
 * gives, stored when clean. `reused` is true when nothing ran.
 */
export async function lintOnce(root: string, target: string, text: string, lint: () => Promise<LintResult>): Promise<LintResult & { reused: boolean }> {
  return (await lintAllOnce(root, [{ target, text }], async () => [await lint()]))[0]!;
}

/**
 * {@link lintOnce} for several targets, in the order given: the ones with no stored verdict are
 * handed to one call of `lint` (in their order), which must give one result for each.
 */
export async function lintAllOnce(
  root: string,
  items: readonly { target: string; text: string }[],
  lint: (targets: string[]) => Promise<LintResult[]>,
): Promise<(LintResult & { reused: boolean })[]> {
  let rules: string[] | undefined;
  const keyFor = (target: string, text: string): string | undefined => {
    // A text that points into other files is linted with them: its own bytes are not all its inputs.
    if (EXTERNAL_REF.test(text)) return undefined;
    if (!rules) {
      rules = [path.join(root, 'redocly.yaml')];
      listFiles(path.join(root, 'scripts', 'redocly'), rules);
    }
    const name = path.isAbsolute(target) ? path.relative(root, target) : target;
    return keyOf(root, 'lint', { tools: ['@redocly/cli', '@redocly/openapi-core'], files: rules, feed: (hash) => hash.update(`target\0${name}\0${Buffer.byteLength(text)}\0`).update(text) });
  };
  const looked = items.map(({ target, text }) => {
    const key = keyFor(target, text);
    const stored = key === undefined ? undefined : readKeyed<LintResult>(dirOf(root, 'lint'), key);
    return { target, key, stored: stored && stored.errors === 0 && stored.warnings === 0 ? stored : undefined };
  });
  const todo = looked.filter((l) => l.stored === undefined);
  const results = todo.length > 0 ? await lint(todo.map((l) => l.target)) : [];
  if (results.length !== todo.length) throw new Error(`lint gave ${results.length} result(s) for ${todo.length} target(s)`);
  const fresh = new Map(todo.map((l, i) => [l, results[i]!] as const));
  return looked.map((l) => {
    if (l.stored) return { ...l.stored, reused: true };
    const result = fresh.get(l)!;
    if (l.key !== undefined && result.errors + result.warnings === 0) writeKeyed(dirOf(root, 'lint'), l.key, result, KEEP);
    return { ...result, reused: false };
  });
}

/**
 * The generated files of `spec` under a lock of sha256 `lockSha256`: the stored ones when an
 * earlier run generated them from the same inputs, else what `generate` gives (stored).
 */
export async function generateOnce(root: string, spec: SpecFile, lockSha256: string, generate: () => Promise<GeneratedFiles>): Promise<{ files: GeneratedFiles; reused: boolean }> {
  const files: string[] = [];
  listFiles(path.join(root, 'scripts'), files);
  const key = keyOf(root, 'generate', { tools: ['openapi-typescript', 'typescript', 'prettier'], files, feed: (hash) => hash.update(`spec\0${spec.rel}\0${spec.sha256}\0lock\0${lockSha256}\0`) });
  const stored = readKeyed<GeneratedFiles>(dirOf(root, 'generate'), key);
  if (stored && typeof stored === 'object') return { files: stored, reused: true };
  const generated = await generate();
  writeKeyed(dirOf(root, 'generate'), key, generated, KEEP);
  return { files: generated, reused: false };
}

/**
 * The parsed value of `text` (the file `rel`): the stored one when an earlier run parsed the same
 * text with the same parser, else what `parse` gives (stored). A text that does not parse is
 * never stored, so its error is worded afresh.
 */
export function parsedOnce(root: string, rel: string, text: string, parse: () => unknown): unknown {
  const key = keyOf(root, 'parse', {
    // js-yaml reads most texts; the strict parser gives the value of those it refuses.
    tools: ['js-yaml', 'yaml'],
    files: [path.join(root, 'scripts', 'lib', 'openapi', 'parse.ts')],
    feed: (hash) => hash.update(`file\0${rel}\0${Buffer.byteLength(text)}\0`).update(text),
  });
  const stored = readKeyed<{ value: unknown }>(dirOf(root, 'parse'), key);
  if (stored && typeof stored === 'object' && 'value' in stored) return stored.value;
  const value = parse();
  writeKeyed(dirOf(root, 'parse'), key, { value }, KEEP);
  return value;
}

/**
 * The `specs:diff` command as a function: resolve the two inputs (two files, or a provider's
 * committed spec at a git ref against its working-tree spec), diff them, optionally run the
 * compile check and the facade impact finder, and render the output. scripts/diff.ts only
 * parses flags and calls {@link runSpecsDiff}.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { repoRelative, repoRoot } from '../paths.js';
import { selectProviders } from '../providers.js';
import { renderMarkdown, renderText } from '../review-render/index.js';
import { atLeast, diffSpecs } from './index.js';
import { loadDiffText, readDiffInput, readDiffPair, type DiffInput } from './input.js';
import { RULES_BY_ID } from './registry.js';
import type { DiffResult, Level } from './types.js';

/** Output formats of the command. */
export type DiffFormat = 'md' | 'json' | 'text';

/** Options of {@link runSpecsDiff}. */
export interface SpecsDiffOptions {
  /** Two files (base, revision); or none with `provider`. */
  files: string[];
  /** Diff this provider's committed spec at `base` against its working-tree spec. */
  provider?: string;
  /**
   * Git ref of the base when `provider` is set.
   * @default 'HEAD'
   */
  baseRef?: string;
  /** @default 'text' */
  format?: DiffFormat;
  /** Exit 1 when a change at or above this level exists. */
  failOn?: Level;
  /** Level file overriding the default profile. */
  levels?: string;
  /** Run the compile check. */
  compileCheck?: boolean;
  /**
   * Folder whose TypeScript files are searched for uses of changed operations.
   * @default src/<provider> with `provider`, none otherwise
   */
  src?: string;
  /** Repository root (tests use a copy). */
  root?: string;
  /**
   * Reuse loaded documents from `.cache/specs-diff/` (see readDiffInput).
   * @default true
   */
  cache?: boolean;
}

/** What the command prints and how it exits. */
export interface SpecsDiffOutcome {
  result: DiffResult;
  output: string;
  exitCode: number;
}

function gitShow(root: string, ref: string, file: string): string {
  try {
    return execFileSync('git', ['show', `${ref}:${file}`], { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch {
    throw new PipelineError(`cannot read ${file} at git ref '${ref}'`, 'command line');
  }
}

async function resolveInputs(options: SpecsDiffOptions, root: string): Promise<{ base: DiffInput; revision: DiffInput; src?: string }> {
  if (options.provider) {
    if (options.files.length > 0) throw new PipelineError('give either two files or --provider, not both', 'command line');
    const [provider] = selectProviders([options.provider], root);
    const rel = repoRelative(provider!.specFile, root);
    const ref = options.baseRef ?? 'HEAD';
    const base = await loadDiffText(gitShow(root, ref, rel), `${rel}@${ref}`, path.basename(rel));
    const revision = await readDiffInput(provider!.specFile);
    return { base, revision: { ...revision, file: rel }, src: options.src ?? path.join('src', provider!.id) };
  }
  if (options.baseRef) throw new PipelineError('--base needs --provider', 'command line');
  if (options.files.length !== 2) throw new PipelineError(`expected two files (base and revision), got ${options.files.length}`, 'command line');
  const cacheDir = options.cache === false ? undefined : path.join(root, '.cache', 'specs-diff');
  const [base, revision] = await readDiffPair(options.files[0]!, options.files[1]!, { cacheDir });
  return { base, revision, src: options.src };
}

/**
 * The JSON output: the diff result with, on each change, the rules of oasdiff's table that judge
 * the same change and their levels there (empty where oasdiff has none), so a reader can see our
 * level beside the field's reference without opening the registry.
 */
function withOasdiff(result: DiffResult): DiffResult {
  return {
    ...result,
    changes: result.changes.map((change) => ({ ...change, oasdiff: (RULES_BY_ID.get(change.id)?.oasdiff ?? []).map(({ id, level }) => ({ id, level })) })),
  };
}

/** Run the command; bad input throws a PipelineError (exit 2). */
export async function runSpecsDiff(options: SpecsDiffOptions): Promise<SpecsDiffOutcome> {
  const root = options.root ?? repoRoot;
  // Loaded only with --levels: its YAML reader (eemeli/yaml, for line numbers) costs a fifth of a
  // second to load, more than the comparison itself.
  const levels = options.levels ? (await import('./levels.js')).readLevels(options.levels) : undefined;
  const { base, revision, src } = await resolveInputs(options, root);
  let result = diffSpecs(base.doc, revision.doc, { levels });
  if (options.compileCheck) {
    // Loaded lazily: the TypeScript tooling costs a second before it does anything.
    const { compileCheck } = await import('./compile-check.js');
    result = await compileCheck(base.doc, revision.doc, result);
  }
  if (src !== undefined && existsSync(path.resolve(root, src)) && result.changes.some((c) => c.operation)) {
    const { attachImpact, buildImpactIndex, previousOperationIds } = await import('./impact.js');
    attachImpact(result, buildImpactIndex({ dirs: [src], root }), previousOperationIds(base.doc, revision.doc));
  }
  const format = options.format ?? 'text';
  const output =
    format === 'json'
      ? `${JSON.stringify(withOasdiff(result), null, 2)}\n`
      : format === 'md'
        ? renderMarkdown([{ provider: options.provider ?? path.basename(revision.file), result, base: base.file, revision: revision.file, compileChecked: options.compileCheck ?? false }])
        : renderText(result);
  const failOn = options.failOn;
  const exitCode = failOn && result.changes.some((c) => atLeast(c.level, failOn)) ? 1 : 0;
  return { result, output, exitCode };
}

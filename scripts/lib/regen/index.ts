/**
 * The main job. For each provider whose inputs changed since its generated code was built (see
 * ./inputs.ts: provider.yaml and overlay against the lock, spec, lock and generator against the
 * generated headers): lint, generate, review, and write everything in one atomic batch
 * (../atomic.ts), so a failure, a refusal or a `kill -9` leaves every file as it was or entirely
 * new.
 *
 * A changed provider.yaml or overlay means the spec no longer reflects them: regen re-imports the
 * spec from the documents the lock pins (from the cache `specs:pull` fills, or `from`), and
 * otherwise stops with one line naming the file and the command that rebuilds it. `specs:pull
 * --accept` hands its candidate (spec text and lock) in through `candidates` the same way.
 *
 * Before writing, each changed provider is reviewed (./review.ts): its spec is diffed against the
 * spec its generated code was built from, the verdicts are checked by the compiler, and the
 * facade in `src/` is type-checked against the new types. A breaking change (an ERR, or a facade
 * that no longer compiles) stops the run with nothing written but the requested report, unless
 * `acceptBreaking`. The batch holds the spec and lock (when re-imported or handed in), the
 * generated files, the changeset, the public API reports (`api/`, rebuilt in memory from the new
 * types) and the review report.
 *
 * `check` mode rebuilds everything in memory, writes nothing, and fails naming each stale file.
 * A clean lint and the generated files of inputs an earlier run saw are reused
 * (../stage-cache.ts), and so is a review of inputs an earlier run reviewed (./review-cache.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describeRecovery, recoverInterruptedWrite, writeFilesAtomically } from '../atomic.js';
import { PipelineError } from '../errors.js';
import { formatProblem, lintApis } from '../lint/index.js';
import { repoRelative, repoRoot } from '../paths.js';
import { selectProviders, type Provider } from '../providers.js';
import { sharedProject } from '../shared-project.js';
import { generateOnce, lintAllOnce } from '../stage-cache.js';
import { GENERATED_README } from '../generate/readme.js';
import type { UpstreamLock } from '../pull/lock.js';
import { lockFileOf, staleGenerated } from './inputs.js';
import { generatedOperationCount, readProviderInputs } from './provider-inputs.js';
import type { ProviderReview } from './provider-review.js';
import { summaryLines, type ProviderSummary } from './summary.js';

/** A spec built elsewhere (by `specs:pull`) for regen to review and write with everything else. */
export interface Candidate {
  /** The spec's text, as it would be written to `specs/<p>/openapi.yaml`. */
  yaml: string;
  /** The lock it was built under. */
  lock: UpstreamLock;
}

export interface RegenOptions {
  /** Compare instead of write; fail on any stale or invalid file. */
  check?: boolean;
  /** Limit the run to these provider ids. */
  providers?: string[];
  /** Repository root (tests run on a copy). */
  root?: string;
  /** Where progress lines go. */
  log?: (line: string) => void;
  /** Write generated files and the changeset even when the review finds breaking changes. */
  acceptBreaking?: boolean;
  /** Write the markdown review report to this file (relative to the working directory). */
  report?: string;
  /** Write the JSON review report to this file (relative to the working directory). */
  json?: string;
  /** Per source id, a local document to re-import from when a provider's config changed. */
  from?: Record<string, string>;
  /**
   * Run the facade's contract calls against a mock of each changed spec (./contract.ts).
   * @default true
   */
  contract?: boolean;
  /** Specs handed in by `specs:pull --accept`, by provider id, replacing the committed ones. */
  candidates?: ReadonlyMap<string, Candidate>;
}

export interface RegenResult {
  /** Process exit code: 0 fine, 1 stale output found by check, 2 bad input. */
  exitCode: number;
  /** Provider ids whose generated files were (or, in check mode, would be) rewritten. */
  changed: string[];
  /** Repository-relative files that check mode found stale. */
  stale: string[];
  /** The review of every provider that was reviewed. */
  reviews: ProviderReview[];
}

function elapsed(start: bigint): string {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

function progress(log: (line: string) => void, id: string, stage: string, status: string, start: bigint): void {
  log(`${id.padEnd(10)} ${stage.padEnd(9)} ${status.padEnd(10)} ${elapsed(start)}`);
}

/** Run regen; resolves with the exit code instead of exiting, so tests can call it. */
export async function regen(options: RegenOptions = {}): Promise<RegenResult> {
  const root = options.root ?? repoRoot;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const runStart = process.hrtime.bigint();

  // A write an earlier run was killed in the middle of is resolved first (all old or all new),
  // also in check mode: what it checks must be one consistent state.
  const recovery = recoverInterruptedWrite(root);
  if (recovery) log(describeRecovery(recovery));

  const providers = selectProviders(options.providers, root);
  for (const id of Object.keys(options.from ?? {})) {
    if (!providers.some((p) => p.config.sources.some((s) => s.id === id))) throw new PipelineError(`--from names source "${id}", which no selected provider has`, 'command line');
  }

  // Read and parse every spec first: a syntax error anywhere stops the run before any work.
  const { inputs, staleInputs } = await readProviderInputs(providers, options, root, log);

  const todo: Provider[] = [];
  const summaries = new Map<string, ProviderSummary>();
  for (const provider of providers) {
    const start = process.hrtime.bigint();
    const own = inputs.get(provider.id)!;
    const isNew = own.newSpecText !== undefined || (own.newLockText !== undefined && own.newLockText !== own.lockText);
    const why = isNew ? 'new spec' : staleGenerated(provider, own.spec.sha256, own.lockText, root);
    if (!options.check && why === undefined) {
      progress(log, provider.id, 'spec', 'unchanged', start);
      summaries.set(provider.id, { provider: provider.id, spec: own.spec, state: 'unchanged', operations: generatedOperationCount(provider) });
    } else todo.push(provider);
  }
  // Every spec that will be worked on is parsed now: a syntax error in any stops the run before any work.
  for (const provider of todo) void inputs.get(provider.id)!.spec.doc;
  const specs = new Map([...inputs].map(([id, i]) => [id, i.spec] as const));

  // Providers left out of the review are reported as unchanged, without any diff work.
  const unchanged = async () => {
    const { unchangedReview } = await import('./provider-review.js');
    return providers
      .filter((p) => !todo.includes(p))
      .map((p) => unchangedReview(p.id, specs.get(p.id)!.rel, specs.get(p.id)!.sha256, repoRelative(path.join(p.generatedDir, 'openapi.json'), root)));
  };
  const reportFiles = async (reviews: ProviderReview[], apiMarkdown = ''): Promise<Map<string, string>> => {
    const files = new Map<string, string>();
    if (!options.report && !options.json) return files;
    const render = await import('../review-render/regen.js');
    const all = [...reviews, ...(await unchanged())].sort((a, b) => (a.provider < b.provider ? -1 : 1));
    if (options.report) files.set(path.resolve(options.report), `${render.renderReviewMarkdown(all)}${apiMarkdown ? `\n${apiMarkdown}` : ''}`);
    if (options.json) files.set(path.resolve(options.json), render.renderReviewJson(all));
    return files;
  };
  const finish = (wrote: number): void => {
    for (const line of summaryLines(providers.map((p) => summaries.get(p.id)!), root, wrote, elapsed(runStart))) log(line);
  };
  if (todo.length === 0) {
    if (!options.check) {
      writeFilesAtomically(await reportFiles([]), { root, label: 'regen report' });
      finish(0);
    }
    return { exitCode: staleInputs.length > 0 ? 1 : 0, changed: [], stale: staleInputs.map((s) => s.file), reviews: [] };
  }

  const specTexts = new Map(todo.map((p) => [p.id, inputs.get(p.id)!.specText()] as const));

  // Lint the changed providers in one Redocly process (../lint/index.ts). A spec that is not
  // on disk yet (re-imported or handed in) is linted from a scratch copy in the cache.
  const lintStart = new Map(todo.map((p) => [p.id, process.hrtime.bigint()] as const));
  const lintTarget = (p: Provider): string => {
    const text = inputs.get(p.id)!.newSpecText;
    if (text === undefined) return p.id;
    const scratch = path.join(root, '.cache', 'regen', p.id, 'openapi.yaml');
    writeFilesAtomically(new Map([[scratch, text]]));
    return scratch;
  };
  // A clean verdict on the same text and rules is reused (../stage-cache.ts).
  const linted = await lintAllOnce(
    root,
    todo.map((p) => ({ target: lintTarget(p), text: specTexts.get(p.id)! })),
    (targets) => lintApis(targets, root),
  );
  const lintResults = todo.map((provider, i) => ({ provider, result: linted[i]! }));
  let lintFailed: PipelineError | undefined;
  for (const { provider, result } of lintResults) {
    const ok = result.errors + result.warnings === 0;
    progress(log, provider.id, 'lint', ok ? (result.reused ? 'reused' : 'ok') : `${result.errors}E ${result.warnings}W`, lintStart.get(provider.id)!);
    for (const problem of result.problems) log(`  ${formatProblem(problem)}`);
    if (!ok && !lintFailed) {
      const first = result.problems[0];
      lintFailed = new PipelineError(
        `lint failed: ${result.errors} errors, ${result.warnings} warnings${first ? ` (first: ${first.ruleId})` : ''}`,
        inputs.get(provider.id)!.newSpecText === undefined ? (first?.file ?? repoRelative(provider.specFile, root)) : repoRelative(provider.specFile, root),
        first?.line,
      );
    }
  }
  if (lintFailed) throw lintFailed;

  // Generation is loaded lazily, and only when no earlier run generated the same inputs: the
  // unchanged path above and a repeated run never pay for the TypeScript tooling.
  const { lockSha256 } = await import('./inputs.js');
  const outputs = new Map<string, string>();
  for (const provider of todo) {
    const start = process.hrtime.bigint();
    const own = inputs.get(provider.id)!;
    const lock = lockSha256(own.lockText);
    const { files, reused } = await generateOnce(root, own.spec, lock, async () => (await import('../generate/index.js')).generateProvider(own.spec, lock));
    for (const [name, content] of Object.entries(files)) outputs.set(path.join(provider.generatedDir, name), content);
    progress(log, provider.id, 'generate', reused ? 'reused' : 'ok', start);
  }
  outputs.set(path.join(root, 'generated', 'README.md'), GENERATED_README);

  if (options.check) {
    const stale: string[] = staleInputs.map((s) => s.file);
    for (const [file, content] of outputs) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (current !== content) stale.push(repoRelative(file, root));
    }
    for (const file of stale.slice(staleInputs.length)) log(`stale: ${file}`);
    // Which state each provider is in, by the hash of the spec its files were checked against.
    for (const provider of todo) {
      const own = inputs.get(provider.id)!;
      const mine = stale.filter((f) => f.startsWith(`generated/${provider.id}/`) || f.startsWith(`specs/${provider.id}/`));
      log(`${provider.id.padEnd(10)} check     spec ${own.spec.sha256.slice(0, 8)}: ${mine.length === 0 ? 'every file up to date' : `${mine.length} stale file(s)`}`);
    }
    return { exitCode: stale.length > 0 ? 1 : 0, changed: [], stale, reviews: [] };
  }

  // Review before writing anything: the diff against what the generated code was built from,
  // the compiler's verdict, and the facade against the new types.
  const [{ isBreaking }, { reviewOnce }] = await Promise.all([import('./provider-review.js'), import('./review-cache.js')]);
  const reviewStart = process.hrtime.bigint();
  // One package program for the run (../ts-project.ts), built on first use by the facade
  // type-check and then used by the API report; a reused review with a cached API surface never
  // loads the compiler.
  const tsProject = sharedProject(root, outputs);
  const reviewInputs = { root, providers: todo.map((p) => p.id), specTexts, outputs, contract: options.contract !== false };
  const runReview = async () => (await import('./review.js')).reviewProviders(root, todo, specs, outputs, specTexts, { contract: reviewInputs.contract, project: tsProject });
  const reviews = await reviewOnce(reviewInputs, runReview, (id) => progress(log, id, 'review', 'reused', reviewStart));
  for (const r of reviews) {
    const { ERR, WARN, INFO } = r.result.summary;
    const status = r.baseline ? `${ERR}E ${WARN}W ${INFO}I ${r.result.semver}` : 'no baseline';
    progress(log, r.provider, 'diff', status, reviewStart);
    if (!r.facade.ok) progress(log, r.provider, 'facade', `${r.facade.errors.length} error(s)`, reviewStart);
    if (r.methods) {
      const failing = r.methods.filter((m) => !m.ok);
      progress(log, r.provider, 'contract', failing.length === 0 ? `${r.methods.length} ok` : `${failing.length} of ${r.methods.length} fail`, reviewStart);
      for (const m of failing) log(`  method ${m.method}: ${m.error ?? 'failed'}`);
    }
    for (const c of r.result.changes.filter((x) => x.level === 'ERR')) {
      const uses = c.affects?.length ? ` [used by ${c.affects.map((a) => a.symbol).join(', ')}]` : '';
      log(`  ERR ${c.id}${c.operation ? ` ${c.operation.method} ${c.operation.path}` : ''}: ${c.message}${uses}`);
    }
    for (const e of r.facade.errors) log(`  facade: ${e}`);
  }
  const breaking = reviews.filter(isBreaking);
  if (breaking.length > 0 && !options.acceptBreaking) {
    // The report is written even when the run stops (it is what explains the stop); nothing else.
    writeFilesAtomically(await reportFiles(reviews), { root, label: 'regen report' });
    const first = breaking[0]!;
    const err = first.result.changes.find((c) => c.level === 'ERR');
    const failing = (r: ProviderReview) => (r.methods ?? []).filter((m) => !m.ok);
    const firstMethod = failing(first)[0];
    const what = err
      ? `${err.id}${err.operation ? ` at ${err.operation.method} ${err.operation.path}` : ''}`
      : !first.facade.ok
        ? `facade: ${first.facade.errors[0] ?? 'does not compile'}`
        : `method ${firstMethod?.method}: ${firstMethod?.error ?? 'failed'}`;
    const counts = (r: ProviderReview) => `${r.provider}: ${r.result.summary.ERR} ERR${r.facade.ok ? '' : ', facade does not compile'}${failing(r).length > 0 ? `, ${failing(r).length} facade method(s) fail` : ''}`;
    throw new PipelineError(
      `breaking changes (${breaking.map(counts).join('; ')}; first: ${what}); nothing written, rerun with --accept-breaking to write anyway`,
      first.spec,
    );
  }

  const batch = new Map<string, string>(outputs);
  for (const provider of todo) {
    const own = inputs.get(provider.id)!;
    if (own.newSpecText !== undefined) batch.set(provider.specFile, own.newSpecText);
    if (own.newLockText !== undefined) batch.set(lockFileOf(provider), own.newLockText);
  }
  const { changesetFor, CHANGESET_CONFIG } = await import('./changeset.js');
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string };
  const changeset = changesetFor(reviews, pkg.name ?? 'package');
  if (changeset) {
    batch.set(path.join(root, '.changeset', `${changeset.name}.md`), changeset.content);
    const config = path.join(root, '.changeset', 'config.json');
    if (!existsSync(config)) batch.set(config, CHANGESET_CONFIG);
  }

  // The consumer-facing effect: the public API reports rebuilt from the new types (in memory,
  // into the same batch), their diff in the review next to the spec diff. Only where the project
  // keeps reports (api/), and only when the generated types change in more than their recorded
  // hashes (../api-report/hash-only.ts), since the surface costs seconds.
  let apiMarkdown = '';
  let apiReports: string[] = [];
  const { apiSurfaceMayChange } = await import('../api-report/hash-only.js');
  if (existsSync(path.join(root, 'api')) && apiSurfaceMayChange(root, outputs)) {
    const start = process.hrtime.bigint();
    const { computeApiReports } = await import('../api-report/index.js');
    // Where the facade check built the run's program, it answers the emit's questions from what
    // it already computed; where none did (a reused review: a rerun with --accept-breaking, say),
    // the emit builds its own program without checking bodies, as `npm run api:report` does (the
    // same declarations: `api:check` compares the two).
    const api = await computeApiReports({ root, overrides: outputs, project: tsProject.built ? tsProject : undefined });
    progress(log, 'api', 'reports', api.result.changed ? `${api.result.symbols.length} changed` : 'unchanged', start);
    for (const file of api.result.reports) log(`  updated ${file}`);
    for (const [file, content] of api.files) batch.set(file, content);
    apiMarkdown = api.result.markdown;
    apiReports = api.result.reports;
  }
  for (const [file, content] of await reportFiles(reviews, apiMarkdown)) batch.set(file, content);

  const wrote = [...batch].filter(([file, content]) => !existsSync(file) || readFileSync(file, 'utf8') !== content).length;
  writeFilesAtomically(batch, { root, label: `regen ${todo.map((p) => p.id).join(', ')}` });
  for (const provider of todo) {
    const r = reviews.find((x) => x.provider === provider.id)!;
    summaries.set(provider.id, { provider: provider.id, spec: specs.get(provider.id)!, state: 'written', review: r, apiReports });
  }
  finish(wrote);
  return { exitCode: 0, changed: todo.map((p) => p.id), stale: [], reviews };
}

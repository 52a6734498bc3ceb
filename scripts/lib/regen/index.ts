/**
 * The main job. For each provider whose spec changed since its generated code was built: lint,
 * then generate; write the results only when every selected provider succeeded, each file through
 * a temp file and a rename, so a failure leaves `generated/` exactly as it was.
 *
 * Before writing, each changed provider is reviewed (./review.ts): its spec is diffed against the
 * spec its generated code was built from, the verdicts are checked by the compiler, the facade in
 * `src/` is type-checked against the new types, and the review report is written where
 * `--report`/`--json` ask. A breaking change (an ERR, or a facade that no longer compiles) stops
 * the run with nothing written unless `acceptBreaking`; otherwise a changeset with the suggested
 * bump is written next to the generated files. Last, where the project keeps public API reports
 * (`api/`), they are rebuilt from the new types and their diff joins the review report.
 *
 * `check` mode rebuilds everything in memory, writes nothing, and fails naming each stale file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFilesAtomically } from '../atomic.js';
import { PipelineError } from '../errors.js';
import { readSpecFile, type SpecFile } from '../generate/spec-file.js';
import { generatorVersion, readHeader } from '../generate/version.js';
import { formatProblem, lintApi } from '../lint/index.js';
import { repoRelative, repoRoot } from '../paths.js';
import { selectProviders, type Provider } from '../providers.js';
import type { ProviderReview } from './report.js';

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
}

export interface RegenResult {
  /** Process exit code: 0 fine, 1 stale output found by check, 2 bad input. */
  exitCode: number;
  /** Provider ids whose generated files were (or, in check mode, would be) rewritten. */
  changed: string[];
  /** Repository-relative files that check mode found stale. */
  stale: string[];
}

/** The files that make up `generated/<provider>/`, besides the shared README. */
export const GENERATED_FILES = ['schema.ts', 'operations.ts', 'openapi.json'] as const;


function elapsed(start: bigint): string {
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

function progress(log: (line: string) => void, id: string, stage: string, status: string, start: bigint): void {
  log(`${id.padEnd(10)} ${stage.padEnd(9)} ${status.padEnd(10)} ${elapsed(start)}`);
}

/** True when every generated file exists and its header names this spec hash and generator. */
function isUpToDate(provider: Provider, spec: SpecFile): boolean {
  for (const name of ['schema.ts', 'operations.ts']) {
    const file = path.join(provider.generatedDir, name);
    if (!existsSync(file)) return false;
    const header = readHeader(readFileSync(file, 'utf8').slice(0, 1200));
    if (header.specSha256 !== spec.sha256 || header.generator !== generatorVersion()) return false;
  }
  return existsSync(path.join(provider.generatedDir, 'openapi.json'));
}

export { writeFilesAtomically };

/** Run regen; resolves with the exit code instead of exiting, so tests can call it. */
export async function regen(options: RegenOptions = {}): Promise<RegenResult> {
  const root = options.root ?? repoRoot;
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const providers = selectProviders(options.providers, root);

  // Read and parse every spec first: a syntax error anywhere stops the run before any work.
  const specs = new Map<string, SpecFile>();
  for (const provider of providers) specs.set(provider.id, readSpecFile(provider.specFile, repoRelative(provider.specFile, root)));

  const todo: Provider[] = [];
  for (const provider of providers) {
    const start = process.hrtime.bigint();
    if (!options.check && isUpToDate(provider, specs.get(provider.id)!)) progress(log, provider.id, 'spec', 'unchanged', start);
    else todo.push(provider);
  }
  // Providers left out of the review are reported as unchanged, without any diff work.
  const unchanged = async () => {
    const { unchangedReview } = await import('./report.js');
    return providers
      .filter((p) => !todo.includes(p))
      .map((p) => unchangedReview(p.id, specs.get(p.id)!.rel, specs.get(p.id)!.sha256, repoRelative(path.join(p.generatedDir, 'openapi.json'), root)));
  };
  const writeReports = async (reviews: ProviderReview[], apiMarkdown = '') => {
    if (!options.report && !options.json) return;
    const report = await import('./report.js');
    const all = [...reviews, ...(await unchanged())].sort((a, b) => (a.provider < b.provider ? -1 : 1));
    const files = new Map<string, string>();
    if (options.report) files.set(path.resolve(options.report), `${report.renderReviewMarkdown(all)}${apiMarkdown ? `\n${apiMarkdown}` : ''}`);
    if (options.json) files.set(path.resolve(options.json), report.renderReviewJson(all));
    writeFilesAtomically(files);
  };
  if (todo.length === 0) {
    if (!options.check) await writeReports([]);
    return { exitCode: 0, changed: [], stale: [] };
  }

  // Lint the changed providers in parallel: each is its own Redocly process.
  const lintStart = new Map(todo.map((p) => [p.id, process.hrtime.bigint()] as const));
  const lintResults = await Promise.all(todo.map((p) => lintApi(p.id, root)));
  let lintFailed: PipelineError | undefined;
  for (const result of lintResults) {
    const ok = result.errors + result.warnings === 0;
    progress(log, result.api, 'lint', ok ? 'ok' : `${result.errors}E ${result.warnings}W`, lintStart.get(result.api)!);
    for (const problem of result.problems) log(`  ${formatProblem(problem)}`);
    if (!ok && !lintFailed) {
      const first = result.problems[0];
      lintFailed = new PipelineError(
        `lint failed: ${result.errors} errors, ${result.warnings} warnings${first ? ` (first: ${first.ruleId})` : ''}`,
        first?.file ?? repoRelative(providers.find((p) => p.id === result.api)!.specFile, root),
        first?.line,
      );
    }
  }
  if (lintFailed) throw lintFailed;

  // Generation is loaded lazily: the unchanged path above never pays for the TypeScript tooling.
  const { generateProvider, GENERATED_README } = await import('../generate/index.js');
  const outputs = new Map<string, string>();
  for (const provider of todo) {
    const start = process.hrtime.bigint();
    const files = await generateProvider(specs.get(provider.id)!);
    for (const [name, content] of Object.entries(files)) outputs.set(path.join(provider.generatedDir, name), content);
    progress(log, provider.id, 'generate', 'ok', start);
  }
  outputs.set(path.join(root, 'generated', 'README.md'), GENERATED_README);

  if (options.check) {
    const stale: string[] = [];
    for (const [file, content] of outputs) {
      const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      if (current !== content) stale.push(repoRelative(file, root));
    }
    for (const file of stale) log(`stale: ${file}`);
    return { exitCode: stale.length > 0 ? 1 : 0, changed: [], stale };
  }

  // Review before writing anything: the diff against what the generated code was built from,
  // the compiler's verdict, and the facade against the new types.
  const review = await import('./review.js');
  const report = await import('./report.js');
  const reviewStart = process.hrtime.bigint();
  const reviews = await review.reviewProviders(root, todo, specs, outputs);
  for (const r of reviews) {
    const { ERR, WARN, INFO } = r.result.summary;
    const status = r.baseline ? `${ERR}E ${WARN}W ${INFO}I ${r.result.semver}` : 'no baseline';
    progress(log, r.provider, 'diff', status, reviewStart);
    if (!r.facade.ok) progress(log, r.provider, 'facade', `${r.facade.errors.length} error(s)`, reviewStart);
    for (const c of r.result.changes.filter((x) => x.level === 'ERR')) {
      const uses = c.affects?.length ? ` [used by ${c.affects.map((a) => a.symbol).join(', ')}]` : '';
      log(`  ERR ${c.id}${c.operation ? ` ${c.operation.method} ${c.operation.path}` : ''}: ${c.message}${uses}`);
    }
    for (const e of r.facade.errors) log(`  facade: ${e}`);
  }
  // The report is written even when the run stops: it is what explains the stop.
  await writeReports(reviews);
  const breaking = reviews.filter(report.isBreaking);
  if (breaking.length > 0 && !options.acceptBreaking) {
    const first = breaking[0]!;
    const err = first.result.changes.find((c) => c.level === 'ERR');
    const what = err ? `${err.id}${err.operation ? ` at ${err.operation.method} ${err.operation.path}` : ''}` : `facade: ${first.facade.errors[0] ?? 'does not compile'}`;
    throw new PipelineError(
      `breaking changes (${breaking.map((r) => `${r.provider}: ${r.result.summary.ERR} ERR${r.facade.ok ? '' : ', facade does not compile'}`).join('; ')}; first: ${what}); nothing written, rerun with --accept-breaking to write anyway`,
      first.spec,
    );
  }

  // Only files whose bytes change are rewritten, so an unchanged file keeps its timestamp.
  const changedFiles = new Map([...outputs].filter(([file, content]) => !existsSync(file) || readFileSync(file, 'utf8') !== content));
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name?: string };
  const changeset = report.changesetFor(reviews, pkg.name ?? 'package');
  if (changeset) {
    changedFiles.set(path.join(root, '.changeset', `${changeset.name}.md`), changeset.content);
    const config = path.join(root, '.changeset', 'config.json');
    if (!existsSync(config)) changedFiles.set(config, report.CHANGESET_CONFIG);
  }
  writeFilesAtomically(changedFiles);

  // The consumer-facing effect: rebuild the public API reports from the new types and put their
  // diff in the review next to the spec diff. Only where the project keeps reports (api/), and
  // only when generated types actually changed, since building the surface costs seconds.
  const typesChanged = [...changedFiles.keys()].some((file) => file.endsWith('.ts'));
  if (typesChanged && existsSync(path.join(root, 'api'))) {
    const start = process.hrtime.bigint();
    const { updateApiReports } = await import('../api-report/index.js');
    const api = await updateApiReports({ root });
    progress(log, 'api', 'reports', api.changed ? `${api.symbols.length} changed` : 'unchanged', start);
    for (const file of api.reports) log(`  updated ${file}`);
    if (api.changed) await writeReports(reviews, api.markdown);
  }
  return { exitCode: 0, changed: todo.map((p) => p.id), stale: [] };
}

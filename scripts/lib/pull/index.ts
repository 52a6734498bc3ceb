/**
 * The pull stage: from each provider's published upstream documents to a reviewed candidate.
 *
 * For each selected provider: fetch every source its keep-list needs (HTTPS URL from
 * provider.yaml, or a local file or URL given with `--from`), keep a copy of each document by
 * content under the git-ignored `.cache/upstream/<p>/` (so regen can later re-import the spec
 * offline), compare each with `specs/<p>/upstream.lock.json` and refuse a changed source unless
 * `update` is set, normalize with the provider config and overlay ({@link importProvider}), then
 * hand the candidate over ({@link handOff}): with `accept`, regen takes it in memory and writes
 * spec, lock and everything built from them in one atomic batch, or nothing.
 *
 * One concept, the pull of one provider from its upstream documents to a reviewed candidate
 * (fetch, pin, import, hand-off share the per-source state), which is why the file runs past
 * 300 lines.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { diffSpecs, type DiffResult } from '../diff/index.js';
import { formatProblem, lintApi } from '../lint/index.js';
import { lintOnce } from '../stage-cache.js';
import { loadSpec, type LoadedSpec } from '../openapi/load.js';
import { parseText } from '../openapi/parse.js';
import { repoRelative, repoRoot } from '../paths.js';
import { selectProviders, type Provider } from '../providers.js';
import { readNormalizeConfig, type NormalizeConfig, type NormalizeSource } from '../normalize/config.js';
import { normalize, type NormalizeWarning } from '../normalize/index.js';
import { loadOverlay } from '../normalize/run.js';
import { writeFilesAtomically } from '../atomic.js';
import { formatLock, inputHashes, readLock, type LockedSource, type UpstreamLock } from './lock.js';

/** Options of {@link pull}. */
export interface PullOptions {
  /** Provider ids; all providers when empty. @default [] */
  providers?: string[];
  /** Per source id, a local file or URL to read instead of the URL in provider.yaml. */
  from?: Record<string, string>;
  /** Accept sources whose sha256 differs from the lock. @default false */
  update?: boolean;
  /** Replace the committed spec and lock with the candidate, then regenerate. @default false */
  accept?: boolean;
  /** Allow `accept` when the diff reports breaking (ERR) changes. @default false */
  acceptBreaking?: boolean;
  /** Hosts remote `$ref`s inside the documents may reach. @default [] */
  allowRemote?: string[];
  /** Repository root (tests run on a copy). @default the repository this file is in */
  root?: string;
  /** Where progress lines go. @default nothing */
  log?: (line: string) => void;
  /** The fetch used for HTTPS sources (tests inject one). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Run regen for the provider after an accepted write. @default true */
  regenerate?: boolean;
  /** Run the facade's contract calls against a mock of the candidate in regen's review. @default true */
  contract?: boolean;
  /** Largest download, in bytes. @default 67108864 */
  maxBytes?: number;
}

/** What happened to one source. */
export interface PulledSource {
  id: string;
  status: 'unchanged' | 'new' | 'updated';
  lock: LockedSource;
}

/** The outcome for one provider. */
export interface PulledProvider {
  id: string;
  sources: PulledSource[];
  /** Repository-relative path of the candidate spec in the cache. */
  candidate: string;
  /** Diff of the committed spec against the candidate, when a committed spec exists. */
  diff?: DiffResult;
  warnings: NormalizeWarning[];
  accepted: boolean;
}

/** The outcome of a pull. */
export interface PullResult {
  exitCode: number;
  providers: PulledProvider[];
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');
const isUrl = (text: string): boolean => /^[a-z][a-z0-9+.-]*:\/\//i.test(text);

async function download(url: string, fetcher: typeof fetch, maxBytes: number, where: { file: string; pointer: string }): Promise<Buffer> {
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') throw new PipelineError(`source URL ${url} is refused: only https is allowed`, where.file, where.pointer);
  let response: Response;
  try {
    response = await fetcher(url, { redirect: 'follow', signal: AbortSignal.timeout(60_000) });
  } catch (err) {
    throw new PipelineError(`could not download ${url}: ${err instanceof Error ? err.message : String(err)}`, where.file, where.pointer);
  }
  if (!response.ok) throw new PipelineError(`downloading ${url} gave HTTP ${response.status}`, where.file, where.pointer);
  const body = Buffer.from(await response.arrayBuffer());
  if (body.byteLength > maxBytes) throw new PipelineError(`${url} is ${body.byteLength} bytes, over the limit of ${maxBytes}`, where.file, where.pointer);
  return body;
}

/** One source document as read for an import: a file the loader can read, and its bytes. */
export interface SourceDocument {
  file: string;
  bytes: Buffer;
}

/** Where an import gets each source's document from. */
export type DocumentProvider = (source: NormalizeSource, index: number) => Promise<SourceDocument>;

/** The folder of cached upstream documents of a provider (git-ignored scratch). */
export function cacheDirOf(provider: Provider, root: string): string {
  return path.join(root, '.cache', 'upstream', provider.id);
}

/** The content-addressed cache name of a source document. */
function cacheFile(provider: Provider, root: string, sourceId: string, digest: string, ext: string): string {
  return path.join(cacheDirOf(provider, root), `${sourceId}-${digest.slice(0, 16)}${ext}`);
}

/**
 * A source document from the cache that pull fills, found by the sha256 the lock pins; undefined
 * when it is not there (or the file there has other bytes).
 */
export function cachedDocument(provider: Provider, root: string, sourceId: string, digest: string): SourceDocument | undefined {
  for (const ext of ['.yaml', '.json']) {
    const file = cacheFile(provider, root, sourceId, digest, ext);
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    if (sha256(bytes) === digest) return { file, bytes };
  }
  return undefined;
}

/** Keep a copy of a source document in the cache, so regen can re-import the spec without the network. */
function remember(provider: Provider, root: string, sourceId: string, bytes: Buffer, ext: string): string {
  const file = cacheFile(provider, root, sourceId, sha256(bytes), ext);
  // Written now (not with the final batch): the loader reads the document from disk, and the
  // cache is scratch space that a failed pull may leave behind without harm.
  if (!existsSync(file) || sha256(readFileSync(file)) !== sha256(bytes)) writeFilesAtomically(new Map([[file, bytes.toString('utf8')]]));
  return file;
}

/** Get one source's root document as bytes plus a file the loader can read. */
async function fetchSource(provider: Provider, config: NormalizeConfig, sourceIndex: number, options: PullOptions, root: string): Promise<SourceDocument> {
  const source = config.sources[sourceIndex]!;
  const origin = options.from?.[source.id] ?? source.url;
  const where = options.from?.[source.id] ? { file: 'command line', pointer: '' } : { file: config.file, pointer: `#/sources/${sourceIndex}/url` };
  if (!origin) throw new PipelineError(`source "${source.id}" has no url; pass --from ${source.id}=<file|url>`, config.file, `#/sources/${sourceIndex}`);
  if (!isUrl(origin)) return readLocalSource(provider, root, source.id, origin);
  const bytes = await download(origin, options.fetch ?? fetch, options.maxBytes ?? 64 * 1024 * 1024, where);
  const ext = /\.json$/i.test(new URL(origin).pathname) ? '.json' : '.yaml';
  return { file: remember(provider, root, source.id, bytes, ext), bytes };
}

/** A local source document (`--from <id>=<file>`), remembered in the cache by its content. */
export function readLocalSource(provider: Provider, root: string, sourceId: string, file: string): SourceDocument {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new PipelineError(`source "${sourceId}": file not found`, file);
  }
  remember(provider, root, sourceId, bytes, /\.json$/i.test(file) ? '.json' : '.yaml');
  // The loader reads the original, so relative `$ref`s beside it still resolve.
  return { file, bytes };
}

/** A candidate spec built from upstream documents, with the lock that pins them. */
export interface ImportedCandidate {
  sources: PulledSource[];
  doc: Record<string, any>;
  yaml: string;
  warnings: NormalizeWarning[];
  /** The lock the candidate was built under: pinned sources plus the provider's own inputs. */
  lock: UpstreamLock;
}

/**
 * Import one provider: get each needed source document, check it against the lock (a changed
 * source is refused unless `update`), normalize with the provider config and overlay. Writes
 * nothing but the cache.
 */
export async function importProvider(
  provider: Provider,
  root: string,
  getDocument: DocumentProvider,
  options: { update?: boolean; allowRemote?: string[]; log?: (line: string) => void } = {},
): Promise<ImportedCandidate> {
  const log = options.log ?? (() => {});
  const config = readNormalizeConfig(provider.configFile, repoRelative(provider.configFile, root));
  const lockFile = path.join(provider.dir, 'upstream.lock.json');
  const lockDisplay = repoRelative(lockFile, root);
  const lock = readLock(lockFile, lockDisplay, provider.id);
  const needed = new Set(config.operations.map((o) => o.source));
  const loaded = new Map<string, LoadedSpec>();
  const pulled: PulledSource[] = [];
  for (const [index, source] of config.sources.entries()) {
    if (!needed.has(source.id)) continue;
    const fetched = await getDocument(source, index);
    const digest = sha256(fetched.bytes);
    const previous = lock.sources[source.id];
    const refuse = (was: string, now: string, version?: string): never => {
      const versions = version === undefined ? '' : `, version ${previous!.version} → ${version}`;
      throw new PipelineError(
        `source "${source.id}" changed upstream (sha256 ${was.slice(0, 12)}… → ${now.slice(0, 12)}…${versions}); review it and rerun with --update`,
        lockDisplay,
        `#/sources/${source.id}/sha256`,
      );
    };
    // The root's hash is checked before parsing: a changed document is refused without
    // spending time on it (or trusting it).
    if (previous && previous.sha256 !== digest && !options.update) refuse(previous.sha256, digest);
    const spec = await loadSpec(fetched.file, { allowRemote: options.allowRemote ?? [], deferMissing: true });
    if (source.format && source.format !== spec.format) {
      throw new PipelineError(`source "${source.id}" is declared as ${source.format} but the document is ${spec.format}`, config.file, `#/sources/${index}/format`);
    }
    const entry: LockedSource = {
      url: source.url,
      format: spec.format,
      version: String(spec.doc.info?.version ?? ''),
      sha256: digest,
      bytes: fetched.bytes.byteLength,
    };
    if (spec.inputs.length > 1) {
      entry.files = spec.inputs.length;
      entry.treeSha256 = sha256(spec.inputs.map((i) => `${i.sha256} ${i.bytes}`).join('\n'));
    }
    let status: PulledSource['status'] = 'new';
    if (previous) {
      const same = previous.sha256 === entry.sha256 && (previous.treeSha256 ?? entry.treeSha256) === entry.treeSha256;
      if (same) {
        status = 'unchanged';
        // The same bytes: the lock's URL may pin them to a revision (provider.yaml names the
        // moving URL a sync fetches), and that pin is still right.
        entry.url = previous.url;
      } else if (!options.update) refuse(previous.treeSha256 ?? previous.sha256, entry.treeSha256 ?? entry.sha256, entry.version);
      else status = 'updated';
    }
    pulled.push({ id: source.id, status, lock: entry });
    loaded.set(source.id, spec);
    log(`${provider.id.padEnd(10)} source ${source.id.padEnd(8)} ${spec.format.padEnd(12)} v${entry.version.padEnd(10)} sha256 ${entry.sha256.slice(0, 12)} ${status}`);
  }
  const overlay = loadOverlay(config);
  const result = normalize({ sources: loaded, config, ...(overlay ? { overlay } : {}) });
  const nextLock: UpstreamLock = { provider: provider.id, sources: { ...lock.sources } };
  for (const s of pulled) nextLock.sources[s.id] = s.lock;
  nextLock.inputs = inputHashes({ configFile: provider.configFile, ...(config.overlay ? { overlayFile: config.overlay } : {}) });
  return { sources: pulled, doc: result.doc, yaml: result.yaml, warnings: result.warnings, lock: nextLock };
}

/** Pull (see the module comment). Resolves with exit code 0; bad input rejects with a PipelineError. */
export async function pull(options: PullOptions = {}): Promise<PullResult> {
  const root = options.root ?? repoRoot;
  const log = options.log ?? (() => {});
  const providers = selectProviders(options.providers, root);
  const fromIds = new Set(Object.keys(options.from ?? {}));
  for (const id of fromIds) {
    if (!providers.some((p) => p.config.sources.some((s) => s.id === id))) throw new PipelineError(`--from names source "${id}", which no selected provider has`, 'command line');
  }
  const results: PulledProvider[] = [];
  for (const provider of providers) {
    const config = readNormalizeConfig(provider.configFile, repoRelative(provider.configFile, root));
    const candidate = await importProvider(provider, root, (_source, index) => fetchSource(provider, config, index, options, root), {
      update: options.update === true,
      allowRemote: options.allowRemote ?? [],
      log,
    });
    results.push(await handOff(provider, candidate, options, root, log));
  }
  return { exitCode: 0, providers: results };
}

/**
 * The last step of a pull: review, and with `accept` replace. With regeneration (the default)
 * the candidate goes to regen in memory, which lints it, reviews it against what `generated/`
 * was built from, and writes spec, lock, `generated/`, `api/`, changeset and report in one
 * atomic batch, or nothing. Without it (`--no-regen`), the candidate is diffed against the
 * committed spec, linted, and spec and lock are written in one batch.
 */
export async function handOff(provider: Provider, candidate: ImportedCandidate, options: PullOptions, root: string, log: (line: string) => void): Promise<PulledProvider> {
  const cacheDir = cacheDirOf(provider, root);
  const candidateFile = path.join(cacheDir, 'openapi.candidate.yaml');
  const candidateRel = repoRelative(candidateFile, root);
  const ops = Object.values(candidate.doc.paths ?? {}).reduce((n: number, item) => n + Object.keys(item as object).length, 0);
  const outcome: PulledProvider = { id: provider.id, sources: candidate.sources, candidate: candidateRel, warnings: candidate.warnings, accepted: false };
  const lockPath = path.join(provider.dir, 'upstream.lock.json');

  if (options.accept && options.regenerate !== false) {
    writeFilesAtomically(new Map([[candidateFile, candidate.yaml]]));
    log(`${provider.id.padEnd(10)} candidate ${candidateRel} (${ops} operations); handing it to regen`);
    const { regen } = await import('../regen/index.js');
    const result = await regen({
      providers: [provider.id],
      root,
      log,
      acceptBreaking: options.acceptBreaking === true,
      report: path.join(cacheDir, 'regen-report.md'),
      json: path.join(cacheDir, 'regen-report.json'),
      candidates: new Map([[provider.id, { yaml: candidate.yaml, lock: candidate.lock }]]),
      contract: options.contract !== false,
    });
    const review = result.reviews.find((r) => r.provider === provider.id);
    return { ...outcome, ...(review?.baseline ? { diff: review.result } : {}), accepted: true };
  }

  let diff: DiffResult | undefined;
  if (existsSync(provider.specFile)) {
    const committed = parseText(readFileSync(provider.specFile, 'utf8'), repoRelative(provider.specFile, root));
    diff = diffSpecs(committed as Record<string, any>, candidate.doc);
  }
  const scratch = new Map<string, string>([[candidateFile, candidate.yaml]]);
  if (diff) scratch.set(path.join(cacheDir, 'report.json'), `${JSON.stringify(diff, null, 2)}\n`);
  writeFilesAtomically(scratch);
  log(`${provider.id.padEnd(10)} candidate ${candidateRel} (${ops} operations)${diff ? `; diff: ${diff.summary.ERR} ERR, ${diff.summary.WARN} WARN, ${diff.summary.INFO} INFO, semver ${diff.semver}` : ''}`);
  if (diff) outcome.diff = diff;
  if (!options.accept) return outcome;

  if (diff && diff.summary.ERR > 0 && !options.acceptBreaking) {
    throw new PipelineError(`the candidate has ${diff.summary.ERR} breaking change(s) (see ${repoRelative(path.join(cacheDir, 'report.json'), root)}); rerun with --accept-breaking to accept them`, candidateRel);
  }
  const lint = await lintOnce(root, candidateFile, candidate.yaml, () => lintApi(candidateFile, root));
  if (lint.errors + lint.warnings > 0) {
    const first = lint.problems[0];
    throw new PipelineError(`the candidate fails lint with ${lint.errors} error(s) and ${lint.warnings} warning(s)${first ? `; first: ${formatProblem(first)}` : ''}`, candidateRel);
  }
  writeFilesAtomically(
    new Map([
      [provider.specFile, candidate.yaml],
      [lockPath, formatLock(candidate.lock)],
    ]),
    { root, label: `specs:pull ${provider.id}` },
  );
  log(`${provider.id.padEnd(10)} accepted: wrote ${repoRelative(provider.specFile, root)} and upstream.lock.json`);
  return { ...outcome, accepted: true };
}

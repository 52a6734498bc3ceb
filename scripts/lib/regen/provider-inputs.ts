/**
 * A provider's spec and lock as one regen run sees them: the committed files (hashed now, parsed
 * only when used), a spec re-imported because provider.yaml or the overlay changed since it was
 * built (./inputs.ts says which), or a candidate `specs:pull --accept` handed in.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { parseSpecBytes, sha256, type SpecFile } from '../generate/spec-file.js';
import { parseText } from '../openapi/parse.js';
import { repoRelative } from '../paths.js';
import type { Provider } from '../providers.js';
import type { Candidate, RegenOptions } from './index.js';
import { lockFileOf, readLockText, staleImportInputs, unrecordedInputs, type StaleInput } from './inputs.js';

/** A provider's spec and lock as this run sees them: from disk, re-imported, or handed in. */
export interface ProviderInputs {
  spec: SpecFile;
  /** The spec's text (from the bytes already read for its hash, when it is on disk). */
  specText: () => string;
  /** The spec's text, when it is new (re-imported or handed in) and so part of the batch. */
  newSpecText?: string;
  lockText: string | undefined;
  /** The lock's new text, when it is part of the batch. */
  newLockText?: string;
}

function specFromText(provider: Provider, text: string, root: string): SpecFile {
  const rel = repoRelative(provider.specFile, root);
  const doc = parseText(text, rel, { syntaxErrorLabel: 'YAML syntax error' }) as Record<string, any>;
  return { rel, sha256: sha256(text), doc };
}

/**
 * The committed spec, hashed now and parsed on first use of `doc`: whether a provider is
 * unchanged is decided from hashes alone (./inputs.ts), so a no-op run parses no spec.
 */
function specOnDisk(provider: Provider, root: string): { spec: SpecFile; specText: () => string } {
  const rel = repoRelative(provider.specFile, root);
  let bytes: Buffer;
  try {
    bytes = readFileSync(provider.specFile);
  } catch {
    throw new PipelineError('spec file not found', rel);
  }
  let doc: Record<string, any> | undefined;
  const spec = {
    rel,
    sha256: sha256(bytes),
    get doc() {
      doc ??= parseSpecBytes(bytes, rel);
      return doc;
    },
  };
  return { spec, specText: () => bytes.toString('utf8') };
}

/**
 * Operations of an unchanged provider's generated code, for the summary: the top-level entries of
 * the `operations` table in `generated/<p>/operations.ts` (two-space keys, as generate writes it),
 * read as text, which costs a fraction of parsing the JSON copy of the spec.
 */
export function generatedOperationCount(provider: Provider): number | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(provider.generatedDir, 'operations.ts'), 'utf8');
  } catch {
    return undefined;
  }
  const start = text.indexOf('\nexport const operations = {\n');
  const end = text.indexOf('\n} as const;', start);
  if (start === -1 || end === -1) return undefined;
  return text.slice(start, end).match(/^ {2}[A-Za-z_$][\w$]*: \{$/gm)?.length ?? 0;
}

/** Re-import a provider's spec from the documents its lock pins, when they are at hand. */
async function reimport(provider: Provider, stale: StaleInput[], options: RegenOptions, root: string, log: (line: string) => void): Promise<Candidate> {
  const { importProvider, cachedDocument, readLocalSource } = await import('../pull/index.js');
  const { readLock } = await import('../pull/lock.js');
  const lockFile = lockFileOf(provider);
  const lock = readLock(lockFile, repoRelative(lockFile, root), provider.id);
  const specRel = repoRelative(provider.specFile, root);
  const rebuild = `rebuild it with \`npm run specs:pull -- --provider ${provider.id} --accept${Object.keys(lock.sources).map((id) => ` --from ${id}=<file>`).join('')}\``;
  const candidate = await importProvider(
    provider,
    root,
    async (source) => {
      const file = options.from?.[source.id];
      if (file) return readLocalSource(provider, root, source.id, file);
      const pinned = lock.sources[source.id];
      const cached = pinned && cachedDocument(provider, root, source.id, pinned.sha256);
      if (cached) return cached;
      throw new PipelineError(`${stale[0]!.reason}, and the pinned "${source.id}" document is not in .cache/upstream; ${rebuild}`, stale[0]!.file);
    },
    { update: false, log },
  );
  for (const w of candidate.warnings) log(`${provider.id.padEnd(10)} warning: ${w.message}`);
  log(`${provider.id.padEnd(10)} import    re-imported ${specRel}: ${stale.map((s) => s.file).join(', ')} changed`);
  return { yaml: candidate.yaml, lock: candidate.lock };
}

/**
 * Every selected provider's inputs, and (in check mode) the provider files its committed spec
 * no longer reflects. Outside check mode such a spec is re-imported here.
 */
export async function readProviderInputs(
  providers: readonly Provider[],
  options: RegenOptions,
  root: string,
  log: (line: string) => void,
): Promise<{ inputs: Map<string, ProviderInputs>; staleInputs: StaleInput[] }> {
  const inputs = new Map<string, ProviderInputs>();
  const staleInputs: StaleInput[] = [];
  for (const provider of providers) {
    const handed = options.candidates?.get(provider.id);
    if (handed) {
      const { formatLock } = await import('../pull/lock.js');
      const lockText = formatLock(handed.lock);
      const same = existsSync(provider.specFile) && readFileSync(provider.specFile, 'utf8') === handed.yaml && readLockText(provider) === lockText;
      // A candidate identical to what is committed is no change: the unchanged path applies.
      if (!same) {
        inputs.set(provider.id, { spec: specFromText(provider, handed.yaml, root), specText: () => handed.yaml, newSpecText: handed.yaml, lockText, newLockText: lockText });
        continue;
      }
    }
    const note = unrecordedInputs(provider, root);
    if (note) log(`note: ${note}`);
    const stale = staleImportInputs(provider, root);
    if (stale.length > 0 && options.check) {
      staleInputs.push(...stale);
      for (const s of stale) log(`stale: ${s.file} (${s.reason})`);
    }
    if (stale.length > 0 && !options.check) {
      const candidate = await reimport(provider, stale, options, root, log);
      const { formatLock } = await import('../pull/lock.js');
      const lockText = formatLock(candidate.lock);
      inputs.set(provider.id, { spec: specFromText(provider, candidate.yaml, root), specText: () => candidate.yaml, newSpecText: candidate.yaml, lockText, newLockText: lockText });
      continue;
    }
    inputs.set(provider.id, { ...specOnDisk(provider, root), lockText: readLockText(provider) });
  }
  return { inputs, staleInputs };
}

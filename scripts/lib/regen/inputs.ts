/**
 * Every input of a provider's generated code, and whether each is still what the output was
 * built from. Two links are checked, each with hashes only (no parsing, no tools), so the
 * unchanged path of regen stays a quick no-op:
 *
 * | link | recorded in | stale when |
 * |---|---|---|
 * | provider.yaml, overlay → spec | `upstream.lock.json` `inputs` | either file's sha256 differs from the recorded one |
 * | spec, lock, generator → `generated/` | header of each generated `.ts` | spec or lock sha256, or the generator version, differs |
 *
 * A provider without an `upstream.lock.json` has no pinned upstream: only the second link applies.
 * A lock written before `inputs` were recorded cannot say which config built the spec: regen
 * says so ({@link unrecordedInputs}) and leaves the first link unchecked until the next
 * `specs:pull --accept` records them, so such a tree still regenerates offline.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { generatorVersion, readHeader } from '../generate/version.js';
import { repoRelative } from '../paths.js';
import type { Provider } from '../providers.js';
import { inputHashes, readLock, type UpstreamLock } from '../pull/lock.js';

/** The lock file of a provider. */
export function lockFileOf(provider: Provider): string {
  return path.join(provider.dir, 'upstream.lock.json');
}

/** Absolute path of the overlay a provider config names, if any (relative to provider.yaml). */
export function overlayFileOf(provider: Provider): string | undefined {
  return typeof provider.config.overlay === 'string' ? path.resolve(provider.dir, provider.config.overlay) : undefined;
}

/** sha256 of a lock's bytes as recorded in generated headers; `none` without a lock. */
export function lockSha256(lockText: string | undefined): string {
  return lockText === undefined ? 'none' : createHash('sha256').update(lockText).digest('hex');
}

/** The lock's text, or undefined when the provider has none. */
export function readLockText(provider: Provider): string | undefined {
  const file = lockFileOf(provider);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** sha256 of the provider's import inputs now, keyed as the lock records them. */
export function currentInputs(provider: Provider): Record<string, string> {
  const overlayFile = overlayFileOf(provider);
  return inputHashes({ configFile: provider.configFile, ...(overlayFile ? { overlayFile } : {}) });
}

/** A provider file the committed spec does not reflect, with why. */
export interface StaleInput {
  /** Repository-relative file. */
  file: string;
  reason: string;
}

/**
 * The provider files (provider.yaml, overlay) that changed since the spec was built from them,
 * according to the lock; empty when the spec reflects them or when there is no lock.
 */
export function staleImportInputs(provider: Provider, root: string): StaleInput[] {
  const lockFile = lockFileOf(provider);
  if (!existsSync(lockFile)) return [];
  const lock: UpstreamLock = readLock(lockFile, repoRelative(lockFile, root), provider.id);
  const spec = repoRelative(provider.specFile, root);
  const current = currentInputs(provider);
  const out: StaleInput[] = [];
  for (const [name, digest] of Object.entries(current)) {
    const file = repoRelative(path.join(provider.dir, name), root);
    if (lock.inputs === undefined) continue;
    const recorded = lock.inputs[name];
    if (recorded === undefined) out.push({ file, reason: `${repoRelative(lockFile, root)} does not record which ${name} ${spec} was built from` });
    else if (recorded !== digest) out.push({ file, reason: digest === 'missing' ? `deleted since ${spec} was built from it` : `changed since ${spec} was built from it` });
  }
  return out;
}

/** A note when the provider's lock predates recorded inputs; undefined when it records them or there is no lock. */
export function unrecordedInputs(provider: Provider, root: string): string | undefined {
  const lockFile = lockFileOf(provider);
  if (!existsSync(lockFile)) return undefined;
  const display = repoRelative(lockFile, root);
  if (readLock(lockFile, display, provider.id).inputs !== undefined) return undefined;
  return `${display} does not record which provider.yaml and overlay ${repoRelative(provider.specFile, root)} was built from; \`npm run specs:pull -- --provider ${provider.id} --accept\` records them`;
}

/** Why a provider's generated code is not what its spec, lock and generator give; undefined when it is. */
export function staleGenerated(provider: Provider, specSha256: string, lockText: string | undefined, root: string): string | undefined {
  for (const name of ['schema.ts', 'operations.ts']) {
    const file = path.join(provider.generatedDir, name);
    const rel = repoRelative(file, root);
    if (!existsSync(file)) return `${rel} is missing`;
    const header = readHeader(readFileSync(file, 'utf8').slice(0, 1200));
    if (header.specSha256 !== specSha256) return `${rel} was built from another ${repoRelative(provider.specFile, root)}`;
    if (header.lockSha256 !== lockSha256(lockText)) return `${rel} was built under another ${repoRelative(lockFileOf(provider), root)}`;
    if (header.generator !== generatorVersion()) return `${rel} was built by another generator (${header.generator ?? 'unknown'})`;
  }
  const json = path.join(provider.generatedDir, 'openapi.json');
  return existsSync(json) ? undefined : `${repoRelative(json, root)} is missing`;
}

/**
 * The fingerprint of a command build: the exact bytes of every source file the bundle was made
 * from, plus what else shapes the output (this folder's build code, tsconfig.json, the checkout's
 * absolute path, since module URLs are baked in). The launcher recomputes it from the files on
 * disk before every run, so a build whose sources changed is never run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** Bump when the layout of a build or of its manifest changes. */
export const BUILD_FORMAT = 'commands-build 1';

/** Where builds and their manifest live (ignored by git, under .cache/). */
export function buildRoot(root) {
  return path.join(root, '.cache', 'commands');
}

/** The files besides the bundled sources that shape a build, repository-relative. */
const BUILD_FILES = ['scripts/build/build.mjs', 'scripts/build/key.mjs', 'tsconfig.json'];

/** What an absent build file hashes as (no file's bytes can be this and also absent). */
const ABSENT = Buffer.from('\0absent\0');

/**
 * Hash `inputs` (repository-relative paths, sorted) as `read` returns them; `read` returns
 * undefined for a missing file, which can never match a build made from an existing one.
 */
export function fingerprint(root, inputs, read = (rel) => readOrUndefined(path.join(root, rel))) {
  const hash = createHash('sha256').update(`${BUILD_FORMAT}\0${root}\0`);
  for (const rel of [...BUILD_FILES, ...inputs]) {
    // A build file may be absent (a checkout without tsconfig.json builds with esbuild's
    // defaults): that is a state of its own, not a missing input.
    const bytes = BUILD_FILES.includes(rel) ? (readOrUndefined(path.join(root, rel)) ?? ABSENT) : read(rel);
    if (bytes === undefined) return undefined;
    hash.update(`${rel}\0${bytes.length}\0`).update(bytes);
  }
  return hash.digest('hex').slice(0, 20);
}

function readOrUndefined(file) {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

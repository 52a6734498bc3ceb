/**
 * The fingerprint of a command build: the exact bytes of every source file the bundle was made
 * from, plus what else shapes the output (this folder's build code, tsconfig.json, the checkout's
 * absolute path, since module URLs are baked in). The launcher recomputes it from the files on
 * disk before every run, so a build whose sources changed is never run.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
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

/**
 * A file's identity as `stat` gives it (size, inode, modification and change times), or
 * undefined. Any write to a file moves its change time, which no program can set back.
 */
function statOf(file) {
  try {
    const s = statSync(file);
    return `${s.size}:${s.ino}:${s.mtimeMs}:${s.ctimeMs}`;
  } catch {
    return undefined;
  }
}

/**
 * A file changed this recently is never vouched for by its `stat` alone: on a file system whose
 * times are coarse, a second write within the same tick would keep all four values.
 */
const SETTLED_MS = 2000;

const stampFile = (root) => path.join(buildRoot(root), 'stamp.json');

/**
 * Whether the stamp the launcher wrote after its last full check still vouches for build `key`:
 * every file it lists has the same `stat` now. Lets a run skip reading and hashing the sources
 * (most of the launcher's time) when nothing was touched; anything else falls back to
 * {@link fingerprint}.
 */
export function stampVouches(root, key, inputs) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampFile(root), 'utf8'));
  } catch {
    return false;
  }
  if (stamp?.key !== key || typeof stamp.files !== 'object' || stamp.files === null) return false;
  const files = [...BUILD_FILES, ...inputs];
  if (Object.keys(stamp.files).length !== files.length) return false;
  return files.every((rel) => stamp.files[rel] !== undefined && stamp.files[rel] === (statOf(path.join(root, rel)) ?? 'absent'));
}

/**
 * Record the `stat` of every file of build `key` after the launcher checked their bytes (taken
 * before that check, so a write during it shows as a change). Written only when every file has
 * settled; a failure to write costs the next run a full check only.
 */
export function writeStamp(root, key, stats) {
  const now = Date.now();
  for (const value of Object.values(stats)) {
    if (value === 'absent') continue;
    const [, , mtime, ctime] = value.split(':').map(Number);
    if (!(now - Math.max(mtime, ctime) > SETTLED_MS)) return;
  }
  try {
    const file = stampFile(root);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ key, files: stats }));
    renameSync(tmp, file);
  } catch {
    // See above.
  }
}

/** The `stat` of every file of a build, for {@link writeStamp}. */
export function statFiles(root, inputs) {
  return Object.fromEntries([...BUILD_FILES, ...inputs].map((rel) => [rel, statOf(path.join(root, rel)) ?? 'absent']));
}

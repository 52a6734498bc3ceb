#!/usr/bin/env node
/**
 * `node scripts/build/run.mjs <entry> [args...]`: run the built JavaScript of `scripts/<entry>.ts`
 * (what every stage's `npm run` script does). Before running, the build's fingerprint is
 * recomputed from the sources on disk (skipped when no source's `stat` moved since the last
 * such check: ./key.mjs `stampVouches`); when it does not match (or there is no build yet, or the
 * entry is new), the commands are rebuilt first (./build.mjs, a fraction of a second). So a
 * stale build never runs, and no TypeScript is transpiled on the common path.
 *
 * Before anything else it sets V8's tiering for a process of seconds (./tiering.mjs) and installs
 * the code cache of the large CommonJS files the commands load (./compile-cache.cjs).
 *
 * Plain JavaScript on purpose: this file must start without any compiler.
 */
import { existsSync, readFileSync, utimesSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildRoot, fingerprint, statFiles, stampVouches, writeStamp } from './key.mjs';
import { applyTiering } from './tiering.mjs';

// The code cache is keyed by the flags just set, so it comes after them.
createRequire(import.meta.url)('./compile-cache.cjs').installCompileCache({ flags: applyTiering() });

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The build directory holding `<entry>.mjs` for the current sources, or undefined. */
function currentBuild(entry) {
  let manifest;
  try {
    manifest = JSON.parse(readFileSync(path.join(buildRoot(root), 'manifest.json'), 'utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(manifest.entries) || !manifest.entries.includes(entry) || !Array.isArray(manifest.inputs)) return undefined;
  if (!stampVouches(root, manifest.key, manifest.inputs)) {
    const stats = statFiles(root, manifest.inputs);
    if (fingerprint(root, manifest.inputs) !== manifest.key) return undefined;
    writeStamp(root, manifest.key, stats);
  }
  const dir = path.join(buildRoot(root), manifest.key);
  if (!existsSync(path.join(dir, `${entry}.mjs`))) return undefined;
  // Marks the build as in use: old builds are removed only after an hour without a run.
  const now = new Date();
  utimesSync(dir, now, now);
  return dir;
}

const entry = process.argv[2];
if (!entry || !/^[a-z][a-z0-9-]*$/.test(entry) || !existsSync(path.join(root, 'scripts', `${entry}.ts`))) {
  process.stderr.write(`error: command line: no command scripts/${entry ?? '<entry>'}.ts\n`);
  process.exit(2);
}
let dir = currentBuild(entry);
if (!dir) {
  const { buildCommands, BuildError } = await import('./build.mjs');
  try {
    dir = (await buildCommands(root)).dir;
  } catch (err) {
    if (!(err instanceof BuildError)) throw err;
    for (const line of err.lines) process.stderr.write(`${line}\n`);
    process.exit(1);
  }
}
// The command reads its own arguments from process.argv.slice(2), as it would run directly.
process.argv.splice(2, 1);
await import(pathToFileURL(path.join(dir, `${entry}.mjs`)).href);

#!/usr/bin/env node
/**
 * Build every stage command (`scripts/*.ts`) into plain ESM JavaScript under
 * `.cache/commands/<fingerprint>/`, with esbuild: one file per command, shared code split into
 * chunks, npm packages left as imports (so heavy tools stay behind the `await import()` the
 * sources already use and load only when a run needs them).
 *
 * Run by `npm install` (`prepare`), by `npm run build:commands`, and by ./run.mjs whenever the
 * sources no longer match the last build. Builds are content-addressed and moved into place
 * with one rename, so concurrent runs never see half a build, and a run never loses the build it
 * started with.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildRoot, fingerprint } from './key.mjs';

/** A build that failed on the sources; `lines` are one `error:` line per problem. */
export class BuildError extends Error {
  constructor(lines) {
    super(lines.join('\n'));
    this.lines = lines;
  }
}

/**
 * Builds other than the current one are kept this long after their last use (the launcher
 * touches a build when it runs it), for runs still loading their chunks.
 */
const KEEP_OLD_MS = 60 * 60 * 1000;

const LOADERS = { '.ts': 'ts', '.mts': 'ts', '.js': 'js', '.mjs': 'js', '.json': 'json' };

/**
 * esbuild resolves relative imports as Node would; this plugin reads each source itself, so the
 * fingerprint covers exactly the bytes that went into the bundle, and gives every module its own
 * `import.meta.url` (a bundle would otherwise give all modules the bundle's URL, moving every
 * path a module computes from its own location: the repository root, sibling folders,
 * `createRequire`).
 */
function sourcesPlugin(root, loaded) {
  return {
    name: 'sources',
    setup(build) {
      build.onLoad({ filter: /\.(m?[jt]s|json)$/ }, (args) => {
        const bytes = readFileSync(args.path);
        loaded.set(path.relative(root, args.path).split(path.sep).join('/'), bytes);
        const loader = LOADERS[path.extname(args.path)];
        if (loader === 'json') return { contents: bytes, loader };
        const url = pathToFileURL(args.path).href;
        const contents = bytes
          .toString('utf8')
          .replaceAll('import.meta.url', JSON.stringify(url))
          .replaceAll('import.meta.dirname', JSON.stringify(path.dirname(args.path)))
          .replaceAll('import.meta.filename', JSON.stringify(args.path));
        return { contents, loader };
      });
    },
  };
}

/** The command entry points: every `scripts/<name>.ts`. */
export function commandEntries(root) {
  return readdirSync(path.join(root, 'scripts'))
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.d.ts'))
    .map((name) => name.slice(0, -3))
    .sort();
}

/** Build the commands; resolves with the build directory and its fingerprint. */
export async function buildCommands(root) {
  const { build } = await import('esbuild');
  const out = buildRoot(root);
  mkdirSync(out, { recursive: true });
  const entries = commandEntries(root);
  const tmp = path.join(out, `.tmp-${process.pid}-${Date.now().toString(36)}`);
  const loaded = new Map();
  try {
    await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(entries.map((name) => [name, path.join(root, 'scripts', `${name}.ts`)])),
      outdir: tmp,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunks/[name]-[hash]',
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      // The package's `sideEffects: false` is for consumers of the clients; here every module
      // keeps exactly the effects it has when run from source.
      ignoreAnnotations: true,
      logLevel: 'silent',
      plugins: [sourcesPlugin(root, loaded)],
    });
  } catch (err) {
    rmSync(tmp, { recursive: true, force: true });
    const errors = Array.isArray(err?.errors) ? err.errors : [];
    if (errors.length === 0) throw err;
    throw new BuildError(
      errors.map((e) => `error: ${e.location ? `${e.location.file}:${e.location.line}: ` : ''}${String(e.text).replace(/\s+/g, ' ')} (building the commands)`),
    );
  }
  const inputs = [...loaded.keys()].sort();
  const key = fingerprint(root, inputs, (rel) => loaded.get(rel));
  const dir = path.join(out, key);
  if (existsSync(dir)) rmSync(tmp, { recursive: true, force: true });
  else {
    try {
      renameSync(tmp, dir);
    } catch (err) {
      // Another run finished the same build first: theirs is identical.
      rmSync(tmp, { recursive: true, force: true });
      if (!existsSync(dir)) throw err;
    }
  }
  const manifest = path.join(out, 'manifest.json');
  const manifestTmp = `${manifest}.${process.pid}.tmp`;
  writeFileSync(manifestTmp, `${JSON.stringify({ key, entries, inputs }, null, 2)}\n`);
  renameSync(manifestTmp, manifest);
  removeOldBuilds(out, key);
  return { dir, key };
}

function removeOldBuilds(out, current) {
  const now = Date.now();
  for (const name of readdirSync(out)) {
    if (name === current || name === 'manifest.json') continue;
    const file = path.join(out, name);
    try {
      if (now - statSync(file).mtimeMs > KEEP_OLD_MS) rmSync(file, { recursive: true, force: true });
    } catch {
      // Removed by a concurrent run.
    }
  }
}

// `node scripts/build/build.mjs` (npm's `prepare`): build now, so the first command runs at
// full speed. A failure here never fails `npm install`: the launcher rebuilds, and reports the
// error, when a command is run.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const start = Date.now();
  try {
    const { key } = await buildCommands(root);
    process.stdout.write(`commands built (${key}) in ${Date.now() - start}ms\n`);
  } catch (err) {
    const lines = err instanceof BuildError ? err.lines : [`error: ${err?.message ?? err}`];
    for (const line of lines) process.stderr.write(`warning: commands not built now; they build when first run: ${line.replace(/^error: /, '')}\n`);
  }
}

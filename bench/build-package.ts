/**
 * Builds the package the way `npm run build` does (same tsconfig.build.json), into
 * bench/.out/pkg, so the benches measure the JavaScript and declarations consumers get rather
 * than the TypeScript sources run through a loader.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(benchDir, '..');
/** Where the package is built: `<pkg>/src/<provider>/index.js` and `.d.ts`. */
export const packageDir = path.join(benchDir, '.out', 'pkg');
/** The repository's TypeScript compiler. */
export const tscPath = createRequire(path.join(repoRoot, 'package.json')).resolve('typescript/bin/tsc');

export function buildPackage(): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [tscPath, '-p', path.join(repoRoot, 'tsconfig.build.json'), '--outDir', packageDir], { cwd: repoRoot }, (error, stdout, stderr) =>
      error ? reject(new Error(`building the package failed:\n${stdout}${stderr}`)) : resolve(packageDir),
    );
  });
}

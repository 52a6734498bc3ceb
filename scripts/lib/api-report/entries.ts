/**
 * The package's entry points, read from `package.json` `exports` so the reports always cover
 * exactly what consumers can import.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import { escapeToken } from '../openapi/pointer.js';

/** One public entry point of the package. */
export interface ApiEntry {
  /** Report name: `index` for `.`, otherwise the subpath (`dfns`). */
  name: string;
  /** What a consumer writes in `import … from`: `@idlc/clients/dfns`. */
  specifier: string;
  /** Repository-relative TypeScript source the entry is built from: `src/dfns/index.ts`. */
  source: string;
  /** Repository-relative report file: `api/dfns.api.md`. */
  report: string;
}

/**
 * Map every `exports` subpath that has `types` to its source file: `./dist/src/x/index.d.ts`
 * comes from `src/x/index.ts` (tsconfig.build.json emits with rootDir `.` into `dist/`).
 */
export function readApiEntries(root: string): ApiEntry[] {
  const file = path.join(root, 'package.json');
  const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; exports?: Record<string, unknown> };
  if (!pkg.name) throw new PipelineError('package.json has no name', 'package.json', '#/name');
  const entries: ApiEntry[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
    if (typeof target !== 'object' || target === null) continue;
    const types = (target as Record<string, unknown>).types;
    if (typeof types !== 'string') continue;
    const match = /^\.\/dist\/(.+)\.d\.ts$/.exec(types);
    if (!match) {
      throw new PipelineError(`types target '${types}' is not under ./dist/`, 'package.json', `#/exports/${escapeToken(subpath)}/types`);
    }
    const name = subpath === '.' ? 'index' : subpath.replace(/^\.\//, '').replaceAll('/', '-');
    entries.push({
      name,
      specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`,
      source: `${match[1]}.ts`,
      report: `api/${name}.api.md`,
    });
  }
  return entries.sort((a, b) => compare(a.name, b.name));
}

/** Code-point order: the same on every machine and locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

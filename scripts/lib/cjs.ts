/**
 * Packages that ship a CommonJS build, loaded with `require` rather than `import`. Node's
 * `import` of CommonJS first scans the whole source for its export names and, for a `.js` file
 * of a package without `"type"`, compiles it once more to tell which module system it is
 * written in; for openapi-typescript, whose ES build imports TypeScript's 9 MB `typescript.js`
 * that way, loading took about 1.4 s against 0.7 s through its CommonJS build, on every run that
 * generates or compile-checks. Same package, same version, same output.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** openapi-typescript, loaded on first call. */
export function openapiTypescript(): typeof import('openapi-typescript') {
  return require('openapi-typescript') as typeof import('openapi-typescript');
}

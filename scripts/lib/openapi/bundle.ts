/**
 * Bundling of relative external `$ref`s into one document, with the safety rules the importer
 * promises: a reference may only reach files inside the input's own folder tree, remote
 * references are refused unless their host is allowed, sizes are bounded, reference cycles are
 * legal and never hang, and a reference chain that only points at itself is an error.
 *
 * Why this bundler and not `@redocly/openapi-core`'s `bundle()`: Redocly's `BaseResolver` can be
 * confined (its `resolveExternalRef`, `loadExternalRef` and `parseDocument` hooks take the folder
 * rule, the size bound and our parser; bench/bundle.ts does exactly that), and its bundle of the
 * multi-file SailPoint v3 tree names all 607 components as this one does. But on that tree,
 * same parser, same process, it took 2312 ms against this bundler's 1154 ms (median of 5
 * rounds, `npm --prefix bench run bundle`), and it reports a refused or missing reference as a
 * lint problem rather than failing at the reference with its file and pointer, and has no
 * counterpart to `deferMissing` or to the pure-cycle refusal the hostile-input tests pin. The
 * job is small: two passes over the documents with the walker in walk.ts.
 *
 * Pass 1 (async, bundle-collect.ts) loads every file the references reach and checks every
 * reference.
 * Pass 2 (sync, bundle-hoist.ts) copies the root, hoisting referenced external objects into
 * `components` (`definitions`/`parameters`/`responses` for Swagger 2.0) under their file or
 * pointer name, with `-2`, `-3`... on a clash (the naming the published bundled SailPoint files
 * use), and inlining what cannot be a component (path items, anything outside the component
 * kinds). Their shared types are in bundle-model.ts.
 * Internal references are kept as they are.
 */
export { collectSources } from './bundle-collect.js';
export { bundleSources } from './bundle-hoist.js';
export * from './bundle-model.js';

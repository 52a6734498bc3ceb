/**
 * Bundle bench: the project's `$ref` bundler (scripts/lib/openapi/bundle.ts) against
 * `@redocly/openapi-core`'s `bundle()` on the real multi-file SailPoint v3 tree
 * (../shared/upstream/sailpoint/v3-multifile, read in place), both given the same job: read
 * every file the root reaches with the project's bounded parser, confine references to the
 * root's folder tree (traversal, remote and symlinks out refused), bound sizes, and hoist what
 * other files hold into `components`.
 *
 * Redocly's side is a `BaseResolver` subclass (`resolveExternalRef`, `loadExternalRef` and
 * `parseDocument` are its public hooks) that does the confinement, the size bound and the
 * parsing; `bundle()` does the rest. Same process, subjects taking turns over `BENCH_ROUNDS`
 * rounds (default 5) after a warm-up; prints medians, the ratio, and how far the two bundles'
 * component names agree. Results also go to bench/.out/bundle.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BaseResolver, bundle, createConfig, Source, type Document } from '@redocly/openapi-core';
import { bundleSources, collectSources, DEFAULT_MAX_BYTES } from '../scripts/lib/openapi/bundle.js';
import { parseText } from '../scripts/lib/openapi/parse.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ROOT_FILE = path.resolve(root, '../shared/upstream/sailpoint/v3-multifile/idn/sailpoint-api.v3.yaml');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** References stay inside `dir` (by written and by real path), files stay under the size bound. */
class ConfinedResolver extends BaseResolver {
  private total = 0;
  constructor(
    private readonly dir: string,
    private readonly realDir: string,
  ) {
    super({ http: { headers: [] } } as never);
  }
  override resolveExternalRef(base: string | null, ref: string): string {
    if (/^[a-z][a-z0-9+.-]*:/i.test(ref)) throw new Error(`remote $ref "${ref}" refused`);
    const target = super.resolveExternalRef(base, decodeURIComponent(ref));
    if (base !== null && !within(this.dir, target) && !within(this.realDir, target)) throw new Error(`$ref "${ref}" leaves the folder of the input`);
    return target;
  }
  override async loadExternalRef(absoluteRef: string): Promise<Source> {
    const real = await realpath(absoluteRef);
    if (!within(this.realDir, real)) throw new Error(`$ref target ${absoluteRef} leaves the folder of the input`);
    const { size } = await stat(real);
    this.total += size;
    if (size > DEFAULT_MAX_BYTES || this.total > DEFAULT_MAX_BYTES) throw new Error(`${absoluteRef} is over the size limit`);
    return new Source(absoluteRef, await readFile(real, 'utf8'));
  }
  override parseDocument(source: Source): Document {
    return { source, parsed: parseText(source.body, path.relative(root, source.absoluteRef)) };
  }
}

function within(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

async function ours(): Promise<Record<string, any>> {
  const set = await collectSources(ROOT_FILE, path.relative(root, ROOT_FILE), { deferMissing: true });
  return bundleSources(set, false);
}

let problems = 0;
async function redocly(): Promise<Record<string, any>> {
  const config = await createConfig({});
  const resolver = new ConfinedResolver(path.dirname(ROOT_FILE), await realpath(path.dirname(ROOT_FILE)));
  const result = await bundle({ ref: ROOT_FILE, config, externalRefResolver: resolver });
  problems = result.problems.length;
  return result.bundle.parsed as Record<string, any>;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const SUBJECTS = { ours, redocly };
const times: Record<string, number[]> = { ours: [], redocly: [] };
const results: Record<string, Record<string, any>> = {};
for (const [name, run] of Object.entries(SUBJECTS)) results[name] = await run();
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(SUBJECTS)) {
    const start = performance.now();
    await run();
    times[name]!.push(performance.now() - start);
  }
}

const names = (doc: Record<string, any>): Set<string> =>
  new Set(Object.entries<Record<string, unknown>>(doc.components ?? {}).flatMap(([section, entries]) => Object.keys(entries ?? {}).map((name) => `${section}/${name}`)));
const a = names(results.ours!);
const b = names(results.redocly!);
const shared = [...a].filter((key) => b.has(key)).length;
const row = { ours: median(times.ours!), redocly: median(times.redocly!) };
console.log(`Bundle of the multi-file SailPoint v3 tree, median of ${ROUNDS} rounds (one process)`);
console.log(`ours ${row.ours.toFixed(0)} ms, @redocly/openapi-core ${row.redocly.toFixed(0)} ms; redocly/ours ${(row.redocly / row.ours).toFixed(2)}×`);
console.log(`components: ours ${a.size}, redocly ${b.size}, same name in both ${shared}; redocly problems (unresolved references) ${problems}`);
console.log(`summary: redocly/ours ${(row.redocly / row.ours).toFixed(2)}× (the hand-written bundler stays only if this is > 1 or a confinement test needs it)`);
mkdirSync(path.join(root, 'bench/.out'), { recursive: true });
writeFileSync(path.join(root, 'bench/.out/bundle.json'), `${JSON.stringify({ rounds: ROUNDS, times: row, components: { ours: a.size, redocly: b.size, shared }, problems }, null, 2)}\n`);

/**
 * Parse bench: the pipeline's document parser (`parseText`: parse, alias expansion, depth and
 * key checks, a fresh tree) against the bare parsers on the largest real upstream documents
 * (../shared/upstream, read in place): eemeli/yaml (`parseDocument` + `toJS`, the strict parser)
 * and js-yaml (`load`, the parser Redocly uses). Same process, subjects taking turns over
 * `BENCH_ROUNDS` rounds (default 5) after one warm-up; prints the median of each and the ratio
 * of ours to bare js-yaml (target ≤ 1.5×: the safety checks may cost, the parser may not).
 * Results also go to bench/.out/parse.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import jsYaml from 'js-yaml';
import { parseDocument } from 'yaml';
import { parseText } from '../scripts/lib/openapi/parse.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const upstream = path.resolve(root, '../shared/upstream');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FILES = ['sailpoint/sailpoint-v3-deref-2026-08-04.yaml', 'dfns/dfns-openapi-1.578.2.yaml'];

const SUBJECTS: Record<string, (text: string, file: string) => unknown> = {
  ours: (text, file) => parseText(text, file),
  'yaml (strict parser)': (text) => parseDocument(text, { uniqueKeys: true, merge: true, strict: true }).toJS({ maxAliasCount: 10_000 }),
  'js-yaml': (text) => jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA }),
};

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const ms = (value: number): string => `${value.toFixed(0)} ms`;

const results: Record<string, Record<string, number>> = {};
for (const file of FILES) {
  const text = readFileSync(path.join(upstream, file), 'utf8');
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(SUBJECTS).map((name) => [name, []]));
  for (const parse of Object.values(SUBJECTS)) parse(text, file);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, parse] of Object.entries(SUBJECTS)) {
      const start = performance.now();
      parse(text, file);
      times[name]!.push(performance.now() - start);
    }
  }
  results[file] = Object.fromEntries(Object.entries(times).map(([name, list]) => [name, median(list)]));
}

console.log(`Parse of the largest upstream documents, median of ${ROUNDS} rounds (one process)`);
for (const [file, row] of Object.entries(results)) {
  const bytes = readFileSync(path.join(upstream, file)).byteLength;
  const cells = Object.entries(row).map(([name, value]) => `${name} ${ms(value)}`);
  const ratio = row.ours! / row['js-yaml']!;
  console.log(`${file} (${(bytes / 1e6).toFixed(1)} MB): ${cells.join(', ')}; ours/js-yaml ${ratio.toFixed(2)}× (target ≤ 1.50)`);
}
const worst = Math.max(...Object.values(results).map((row) => row.ours! / row['js-yaml']!));
console.log(`summary: worst ours/js-yaml ratio ${worst.toFixed(2)}× (target ≤ 1.50)`);
mkdirSync(path.join(root, 'bench/.out'), { recursive: true });
writeFileSync(path.join(root, 'bench/.out/parse.json'), `${JSON.stringify({ rounds: ROUNDS, results }, null, 2)}\n`);

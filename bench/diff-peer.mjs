// One whole-process run of the peer tool, api-smart-diff 1.0.6, on two files: parse (the same
// YAML library the project uses), compare, print a JSON summary. bench/diff.ts times it.
// With --time-compare it also reports the comparison time alone, measured inside the process.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { apiCompare } from 'api-smart-diff';

const require = createRequire(new URL('../package.json', import.meta.url));
const { parse } = require('yaml');
const [baseFile, revisionFile, flag] = process.argv.slice(2);
const load = (file) => {
  const text = readFileSync(file, 'utf8');
  return /^\s*[{[]/.test(text) ? JSON.parse(text) : parse(text, { maxAliasCount: -1 });
};
const before = load(baseFile);
const after = load(revisionFile);
const start = performance.now();
const { diffs } = apiCompare(before, after);
const compareMs = performance.now() - start;
const byType = {};
for (const d of diffs) byType[d.type] = (byType[d.type] ?? 0) + 1;
process.stdout.write(`${JSON.stringify({ diffs: diffs.length, byType, ...(flag === '--time-compare' ? { compareMs } : {}) })}\n`);

// The floor of any spec diff: parse both files and list their operations, nothing else.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(new URL('../package.json', import.meta.url));
const { parse } = require('yaml');
let count = 0;
for (const file of process.argv.slice(2)) {
  const doc = parse(readFileSync(file, 'utf8'), { maxAliasCount: -1 });
  for (const item of Object.values(doc.paths ?? {})) for (const m of ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']) if (item?.[m]) count++;
}
process.stdout.write(`${count}\n`);

/**
 * One full-document normalize (no provider config) in a fresh process, for bench/import.ts:
 * prints `{"ms": <load + normalize>, "maxRssMB": <peak resident set>}` as one JSON line.
 */
import { loadSpec } from '../scripts/lib/openapi/load.js';
import { normalize } from '../scripts/lib/normalize/index.js';

const file = process.argv[2];
if (!file) throw new Error('usage: normalize-one.ts <upstream file>');
const start = performance.now();
const spec = await loadSpec(file);
const result = normalize({ sources: new Map([['input', spec]]) });
const ms = performance.now() - start;
// resourceUsage().maxRSS is the process's peak in kilobytes, not just the current value.
process.stdout.write(`${JSON.stringify({ ms: Math.round(ms), maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024), bytes: result.yaml.length })}\n`);

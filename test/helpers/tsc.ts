/** Running TypeScript's compiler from a test, and reading what it reports: for the tests that check a program compiles, or fails exactly where it should. */
import { fileURLToPath } from 'node:url';
import { tieringFlags } from '../../scripts/build/tiering.mjs';

/**
 * Node flags for a process a test starts that runs seconds of TypeScript's compiler (`tsc`, the
 * replay's type-check server): the commands' tiering and code cache (scripts/build/tiering.mjs,
 * scripts/build/compile-cache.cjs).
 */
export const COMPILER_NODE_FLAGS: readonly string[] = [...tieringFlags(), '--require', fileURLToPath(new URL('../../scripts/build/compile-cache-preload.cjs', import.meta.url))];

const isExpectError = (line: string): boolean => line.trim().startsWith('// @ts-expect-error');

/** Each error `tsc` printed, as `file:line` (the file as tsc wrote it), or `unplaced: <line>` for one it gave no place. */
export function tscErrorPlaces(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => /\berror TS\d+/.test(line))
    .map((line) => {
      const place = /^([^(\n]+)\((\d+),\d+\): error TS\d+/.exec(line);
      return place ? `${place[1]}:${place[2]}` : `unplaced: ${line}`;
    });
}

/**
 * `source` with each `// @ts-expect-error` line blanked (every other line keeps its number), and
 * the 1-based line each of them marked: where the copy must fail.
 */
export function withoutExpectErrors(source: string): { text: string; marked: number[] } {
  const lines = source.split('\n');
  return { text: lines.map((line) => (isExpectError(line) ? '' : line)).join('\n'), marked: lines.flatMap((line, i) => (isExpectError(line) ? [i + 2] : [])) };
}

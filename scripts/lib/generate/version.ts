import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolVersion } from '../keyed-cache.js';

/** Where the tools are resolved from: this module's folder, as `require` here would. */
const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * Bumped whenever the generate stage changes what it writes, so regen knows output built by an
 * older generator is stale even when the spec did not change.
 */
export const GENERATOR_REVISION = 3;

let cached: string | undefined;

/**
 * `openapi-typescript <v>, prettier <v>, generate r<n>`: recorded in every generated header.
 * Reads only package.json files, so the fast "unchanged" path of regen never loads the tools.
 */
export function generatorVersion(): string {
  if (cached) return cached;
  const ots = toolVersion(here, 'openapi-typescript');
  const pre = toolVersion(here, 'prettier');
  cached = `openapi-typescript ${ots}, prettier ${pre}, generate r${GENERATOR_REVISION}`;
  return cached;
}

/** Read the spec and lock hashes and the generator recorded in a generated TypeScript file's header. */
export function readHeader(text: string): { specSha256?: string; lockSha256?: string; generator?: string } {
  const head = text.slice(0, 1200);
  return {
    specSha256: /spec-sha256: ([0-9a-f]{64})/.exec(head)?.[1],
    lockSha256: /lock-sha256: ([0-9a-f]{64}|none)/.exec(head)?.[1],
    generator: /generator: (.+)/.exec(head)?.[1]?.trim(),
  };
}

/** A sha256 line of a generated file's header comment (../generate/index.ts writes them). */
const HEADER_SHA256 = /^ \* (?:spec|lock)-sha256: (?:[0-9a-f]{64}|none)$/gm;

/**
 * The text with the sha256 lines of its leading comment dropped: they are comments, so two
 * texts equal without them declare the same types (a re-import that gives the same spec under a
 * new lock, say). The `generated` constant, which holds the spec's sha256 as code, is kept.
 */
export function withoutHeaderHashes(text: string): string {
  const end = text.startsWith('/**') ? text.indexOf('*/') : -1;
  return end === -1 ? text : text.slice(0, end).replace(HEADER_SHA256, '') + text.slice(end);
}

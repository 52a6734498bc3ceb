import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PipelineError } from '../errors.js';
import { parseText } from '../openapi/parse.js';

/** A normalized spec as read from disk: its bytes' hash and the parsed document. */
export interface SpecFile {
  /** Repository-relative path, used in messages and generated headers. */
  rel: string;
  sha256: string;
  doc: Record<string, any>;
}

export function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/**
 * Read a normalized spec. A YAML syntax error becomes one PipelineError naming the file and
 * line, before any tool sees the document.
 */
export function readSpecFile(file: string, rel: string): SpecFile {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new PipelineError('spec file not found', rel);
  }
  return { rel, sha256: sha256(bytes), doc: parseSpecBytes(bytes, rel) };
}

/** Parse and check a normalized spec's bytes (see {@link readSpecFile}). */
export function parseSpecBytes(bytes: Buffer, rel: string): Record<string, any> {
  const doc = parseText(bytes.toString('utf8'), rel, { syntaxErrorLabel: 'YAML syntax error' });
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new PipelineError('spec must be a YAML mapping', rel, 1);
  const version = (doc as Record<string, unknown>).openapi;
  if (typeof version !== 'string' || !version.startsWith('3.1')) {
    throw new PipelineError(`normalized specs must be OpenAPI 3.1 (found openapi: ${JSON.stringify(version ?? null)})`, rel, '#/openapi');
  }
  return doc as Record<string, any>;
}

/** Reading specs for the diff: the content-addressed cache of loaded documents. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDiffInput, toOpenApi31 } from '../../../scripts/lib/diff/input.js';
import { PipelineError } from '../../../scripts/lib/errors.js';

const dir = mkdtempSync(path.join(tmpdir(), 'diff-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const root = (title: string) => `openapi: 3.1.0\ninfo: { title: ${title}, version: 1.0.0 }\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: { $ref: './schemas.yaml#/Thing' }\n`;

describe('diff input cache', () => {
  it('reuses a loaded document only while the file and everything it references are unchanged', async () => {
    const cacheDir = path.join(dir, 'cache');
    const file = path.join(dir, 'root.yaml');
    writeFileSync(file, root('One'));
    writeFileSync(path.join(dir, 'schemas.yaml'), 'Thing: { type: object, properties: { a: { type: string } } }\n');
    const first = await readDiffInput(file, { cacheDir });
    const entries = readdirSync(cacheDir);
    expect(entries).toHaveLength(1);
    // Mark the cached copy, so a second read shows whether it came from the cache.
    const entryFile = path.join(cacheDir, entries[0]!);
    const entry = JSON.parse(readFileSync(entryFile, 'utf8'));
    expect(entry.doc).toEqual(first.doc);
    entry.doc.info.title = 'From the cache';
    writeFileSync(entryFile, JSON.stringify(entry));
    expect((await readDiffInput(file, { cacheDir })).doc.info.title).toBe('From the cache');

    // A referenced file changes, the root does not: the cached entry must not be served.
    writeFileSync(path.join(dir, 'schemas.yaml'), 'Thing: { type: object, properties: { b: { type: integer } } }\n');
    const third = await readDiffInput(file, { cacheDir });
    expect(third.doc.info.title).toBe('One');
    expect(JSON.stringify(third.doc)).toContain('"b"');
    expect(JSON.stringify(third.doc)).not.toContain('"a":{"type":"string"}');
  });

  it('leaves 3.1 documents alone and upgrades older ones on a copy', () => {
    const doc31 = { openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {} };
    expect(toOpenApi31(doc31, 'x')).toBe(doc31);
    const doc30 = { openapi: '3.0.3', info: { title: 't', version: '1' }, paths: {}, components: { schemas: { A: { type: 'string', nullable: true } } } };
    const upgraded = toOpenApi31(doc30, 'x');
    expect(upgraded.openapi).toBe('3.1.0');
    expect(upgraded.components.schemas.A.type).toEqual(['string', 'null']);
    expect(doc30.components.schemas.A).toEqual({ type: 'string', nullable: true });
    expect(() => toOpenApi31({ hello: 'world' }, 'x.yaml')).toThrowError(PipelineError);
    try {
      toOpenApi31({ hello: 'world' }, 'x.yaml');
    } catch (err) {
      expect((err as PipelineError).toLine()).toMatch(/^error: x\.yaml#: not an OpenAPI document/);
    }
  });
});

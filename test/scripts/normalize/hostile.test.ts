/**
 * The hostile-input corpus (test/fixtures/hostile): every file either normalizes into a valid,
 * deterministic document or is refused with one `error: <file>[:<line>|#<pointer>]: <reason>`
 * line. The last cases drive the real CLI through npm from another directory.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { HTTP_METHODS } from '../../../scripts/lib/openapi/kinds.js';
import { parseText } from '../../../scripts/lib/openapi/parse.js';
import { isCamelCase, isPascalIdentifier } from '../../../scripts/lib/normalize/names.js';
import { normalizeFiles } from '../../../scripts/lib/normalize/run.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const dir = 'test/fixtures/hostile';
const at = (file: string) => path.join(dir, file);

/** Refusals: the expected line, with `F` standing for the file as given. */
const REFUSED: Record<string, RegExp> = {
  'syntax-error.yaml': /^error: F:(9|10): syntax error: /,
  'syntax-error.json': /^error: F:5: syntax error: /,
  'binary.yaml': /^error: F:\d+: syntax error: /,
  'duplicate-keys.yaml': /^error: F:6: syntax error: Map keys must be unique$/,
  'multi-doc.yaml': /^error: F:4: syntax error: Source contains multiple documents/,
  'empty.yaml': /^error: F:1: the document is empty$/,
  'not-openapi.yaml': /^error: F#: not an OpenAPI document: no "openapi" or "swagger" field$/,
  'scalar-top.yaml': /^error: F#: not an OpenAPI document: the top level is not a mapping$/,
  'swagger-1.2.json': /^error: F#\/swagger: unsupported swagger version "1\.2"/,
  'openapi-4.yaml': /^error: F#\/openapi: unsupported OpenAPI version 4\.0\.0/,
  'traversal-ref.yaml': /^error: F#\/paths\/~1items\/get\/responses\/200\/content\/application~1json\/schema\/\$ref: \$ref "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/passwd" leaves the folder of the input$/,
  'absolute-ref.yaml': /^error: F#\/paths\/.*\/schema\/\$ref: \$ref "\/etc\/hostname" leaves the folder of the input$/,
  'remote-ref.yaml': /^error: F#\/paths\/.*\/\$ref: remote \$ref ".*" refused: host schemas\.example\.net is not allowed/,
  'http-remote-ref.yaml': /^error: F#\/paths\/.*\/\$ref: remote \$ref ".*" refused: plain http is not allowed$/,
  'file-scheme-ref.yaml': /^error: F#\/paths\/.*\/\$ref: remote \$ref "file:\/\/\/etc\/passwd" refused: the file: scheme is not allowed$/,
  'missing-file-ref.yaml': /^error: F#\/paths\/.*\/\$ref: \$ref target file not found: /,
  'missing-ref-target.yaml': /^error: F#\/paths\/.*\/schema: \$ref "#\/components\/schemas\/Nope" points at nothing/,
  'alias-bomb.yaml': /^error: F: YAML aliases expand beyond the limit of 10000 \(possible alias bomb\)$/,
  'deep-nesting.json': /^error: F: document nesting is deeper than 256 levels/,
  'proto-key.json': /^error: F#\/components\/schemas\/__proto__: key "__proto__" is not allowed$/,
  'nan.yaml': /^error: F#\/x-limit: value is not a finite number/,
  'ref-not-string.yaml': /^error: F#\/paths\/.*\/schema: \$ref must be a string$/,
  'self-ref.yaml': /^error: F#\/paths\/.*\/schema: \$ref "#\/components\/schemas\/Loop" only points at itself/,
  'ref-cycle-pure.yaml': /^error: F#\/components\/schemas\/Ping: \$ref "#\/components\/schemas\/Ping" only points at itself/,
  'multi-file/escape.yaml': /^error: F#\/components\/schemas\/Outside\/\$ref: \$ref "\.\/parts\/\.\.\/\.\.\/traversal-ref\.yaml" leaves the folder of the input$/,
};

/** Accepted inputs, with the warnings each must raise (pointer → message fragment). */
const ACCEPTED: Record<string, [string, RegExp][]> = {
  'bom.yaml': [],
  'crlf.yaml': [],
  'bom-crlf.json': [],
  'huge-description.yaml': [],
  'cycle-schema.yaml': [],
  'swagger2-quirks.json': [],
  'multi-file/root.yaml': [],
  'bad-identifiers.yaml': [['#/paths/~1users~1{user-id}/get/operationId', /renamed to "getUserUsers"$/]],
  'warnings.yaml': [
    ['#/servers/0/url', /plain http/],
    ['#/paths/~1me/get/parameters/0', /Authorization header/],
    ['#/paths/~1me~1again/get/operationId', /^GET \/me\/again: operationId "getMe" gives "getMe", as it does for GET \/me, which keeps it; renamed to "getMeMe"$/],
  ],
};

describe('hostile corpus', () => {
  it('has at least 20 files and every one is classified', () => {
    const files = readdirSync(path.join(repoRoot, dir), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(ya?ml|json)$/.test(f) && !f.includes('/parts/'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const file of files) expect(REFUSED[file] ?? ACCEPTED[file], file).toBeDefined();
  });

  it.each(Object.entries(REFUSED))('refuses %s with one located line', async (file, pattern) => {
    let line = '';
    try {
      await normalizeFiles({ input: at(file) });
    } catch (err) {
      if (!(err instanceof PipelineError)) throw err;
      line = err.toLine();
    }
    expect(line.replace(at(file), 'F')).toMatch(pattern);
    expect(line).not.toContain('\n');
  });

  it.each(Object.entries(ACCEPTED))('normalizes %s', async (file, expected) => {
    const first = await normalizeFiles({ input: at(file) });
    const second = await normalizeFiles({ input: at(file) });
    expect(second.yaml).toBe(first.yaml);
    expect(parseText(first.yaml, 'out.yaml')).toEqual(first.doc);
    expect(first.doc.openapi).toBe('3.1.0');
    for (const name of Object.keys(first.doc.components?.schemas ?? {})) expect(isPascalIdentifier(name), name).toBe(true);
    const ids: string[] = [];
    for (const item of Object.values<Record<string, any>>(first.doc.paths ?? {})) {
      for (const method of HTTP_METHODS) if (item[method]) ids.push(item[method].operationId);
    }
    for (const id of ids) expect(isCamelCase(id), id).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(first.warnings.map((w) => [w.pointer, w.message])).toHaveLength(expected.length);
    for (const [pointer, message] of expected) {
      expect(first.warnings.some((w) => w.file === at(file) && w.pointer === pointer && message.test(w.message)), `${pointer} ${message}`).toBe(true);
    }
  });

  it('keeps a long description on one line, byte for byte', async () => {
    const { doc } = await normalizeFiles({ input: at('huge-description.yaml') });
    expect(doc.info.description.length).toBeGreaterThan(60_000);
  });
});

function npmNormalize(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['--prefix', repoRoot, 'run', '--silent', 'specs:normalize', '--', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('specs:normalize CLI, started from another directory', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'idlc-normalize-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  cpSync(path.join(repoRoot, dir), path.join(work, 'in'), { recursive: true });

  it('resolves relative paths against that directory and writes spec and types', async () => {
    const result = await npmNormalize(work, ['in/multi-file/root.yaml', '--out', 'out/spec.yaml', '--types', 'out/types.ts']);
    expect(result.stderr.replace(/^npm warn .*\n/gm, '')).toBe('');
    expect(result.code).toBe(0);
    expect(readFileSync(path.join(work, 'out/spec.yaml'), 'utf8')).toMatch(/^openapi: 3\.1\.0\n/);
    expect(readFileSync(path.join(work, 'out/types.ts'), 'utf8')).toContain('listThings');
  });

  it('refuses bad input with exit 2, one line on stderr and nothing written', async () => {
    const result = await npmNormalize(work, ['in/traversal-ref.yaml', '--out', 'bad/spec.yaml', '--types', 'bad/types.ts']);
    expect(result.code).toBe(2);
    const lines = result.stderr.replace(/^npm warn .*\n/gm, '').trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: in\/traversal-ref\.yaml#\/paths\/.*: \$ref ".*" leaves the folder of the input$/);
    expect(existsSync(path.join(work, 'bad'))).toBe(false);
  });
});

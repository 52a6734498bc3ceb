/**
 * Import checks of what JSON Schema cannot express (scripts/lib/openapi/validate.ts), through
 * the real `specs:normalize` command: each refused document exits 2 with one line naming the
 * file, the JSON pointer and the reason, and nothing is written.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { normalizeFiles } from '../../../scripts/lib/normalize/run.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const FIXTURES = path.join(repoRoot, 'test/fixtures/import-validation');

/** Refused documents and the exact line, with `F` for the file as given. */
const REFUSED: Record<string, string> = {
  'no-paths-30.yaml': 'error: F#/paths: an OpenAPI 3.0 document needs "paths"',
  'no-paths-31.yaml': 'error: F#: an OpenAPI 3.1 document needs at least one of "paths", "webhooks" or "components"',
  'path-variable-undeclared.yaml': 'error: F#/paths/~1stores~1{storeId}/get: path template variable {storeId} of /stores/{storeId} has no in: path parameter',
  'path-param-not-in-template.yaml': 'error: F#/paths/~1stores/get/parameters/0: in: path parameter "storeId" is not a variable of the path template /stores',
  'path-level-param-mismatch.yaml': 'error: F#/paths/~1stores~1{storeId}/parameters/0: in: path parameter "shopId" is not a variable of the path template /stores/{storeId}',
  'server-javascript.yaml': 'error: F#/servers/1/url: server URL scheme "javascript:" is neither http nor https',
};

function npmNormalize(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('npm', ['--prefix', repoRoot, 'run', '--silent', 'specs:normalize', '--', ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('import validation through specs:normalize', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'idlc-validate-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  cpSync(FIXTURES, path.join(work, 'in'), { recursive: true });

  it.each(Object.entries(REFUSED))('refuses %s: exit 2, one located line, nothing written', async (file, line) => {
    const out = path.join('out', file.replace(/\.yaml$/, ''));
    const result = await npmNormalize(work, [`in/${file}`, '--out', `${out}/spec.yaml`, '--types', `${out}/types.ts`]);
    expect(result.code).toBe(2);
    const lines = result.stderr.replace(/^npm warn .*\n/gm, '').trimEnd().split('\n');
    expect(lines).toEqual([line.replace('F', `in/${file}`)]);
    expect(result.stdout).toBe('');
    expect(existsSync(path.join(work, out))).toBe(false);
  });

  it('accepts path-level and $ref path parameters, relative servers and a leading server variable', async () => {
    const result = await normalizeFiles({ input: path.join(FIXTURES, 'accepted.yaml') });
    expect(Object.keys(result.doc.paths)).toEqual(['/stores/{storeId}/items/{itemId}']);
    expect(result.warnings.map((w) => w.message)).toEqual(['server URL is plain http (http://localhost:8080)']);
  });
});

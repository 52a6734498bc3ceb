/**
 * The project's Redocly rules, each run through the real CLI on a small spec that breaks it and
 * on one that does not; and several APIs linted in one Redocly process, which must give each the
 * verdict it gets alone, and a document Redocly cannot read the error it gets alone.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonObjects, lintApi, lintApis } from '../../../scripts/lib/lint/index.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const dir = mkdtempSync(path.join(tmpdir(), 'idlc-lint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const errorResponse = `
        '404':
          description: Not found.
          content:
            application/json:
              schema:
                type: object
                properties:
                  message:
                    type: string`;

function spec(operations: string): string {
  return `openapi: 3.1.0
info:
  title: Rule fixture
  version: '1'
  description: A fixture.
  license:
    name: MIT
    identifier: MIT
servers:
  - url: https://api.fixture.test
security:
  - token: []
tags:
  - name: Things
    description: Things.
paths:
${operations}
components:
  securitySchemes:
    token:
      type: http
      scheme: bearer
`;
}

function operation(method: string, fields: { id?: string; idempotent?: boolean | null; errors?: boolean }): string {
  return `    ${method}:
      ${fields.id === undefined ? '' : `operationId: ${fields.id}`}
      summary: Do it.
      description: Does it.
      tags:
        - Things
      ${fields.idempotent === null || fields.idempotent === undefined ? '' : `x-idempotent: ${fields.idempotent}`}
      responses:
        '204':
          description: Done.${fields.errors === false ? '' : errorResponse}`;
}

/**
 * The fixtures of the rule tests, linted together in one Redocly process (the first test to ask
 * starts it): each gets the verdict it gets alone, which the tests of `lintApis` below check.
 */
const FIXTURES = {
  ok: spec(`  /things/{id}:\n    parameters:\n      - name: id\n        in: path\n        required: true\n        schema:\n          type: string\n${operation('get', { id: 'getThing' })}\n${operation('delete', { id: 'deleteThing', idempotent: true })}`),
  camel: spec(`  /a:\n${operation('get', { id: 'Get_A' })}\n  /b:\n${operation('get', { id: 'getB' })}\n  /c:\n${operation('get', { id: 'getB' })}`),
  errors: spec(`  /a:\n${operation('get', { id: 'getA', errors: false })}`),
  idempotency: spec(`  /a:\n${operation('post', { id: 'createA', idempotent: null })}\n${operation('put', { id: 'putA', idempotent: false })}`),
};
let linted: Promise<Map<string, string[]>> | undefined;

/** The project's rule ids the fixture `name` was flagged with. */
async function lint(name: keyof typeof FIXTURES): Promise<string[]> {
  linted ??= (async () => {
    const names = Object.keys(FIXTURES) as (keyof typeof FIXTURES)[];
    const files = names.map((n) => path.join(dir, `${n}.yaml`));
    names.forEach((n, i) => writeFileSync(files[i]!, FIXTURES[n]));
    const results = await lintApis(files, repoRoot);
    return new Map(names.map((n, i) => [n, results[i]!.problems.map((p) => p.ruleId).filter((id) => id.startsWith('idlc/'))]));
  })();
  return (await linted).get(name)!;
}

describe('project lint rules', () => {
  it('accept a spec that follows them', async () => {
    expect(await lint('ok')).toEqual([]);
  });

  it('idlc/operation-id-camel-case flags a non-camelCase and a duplicated operationId', async () => {
    expect(await lint('camel')).toEqual(['idlc/operation-id-camel-case', 'idlc/operation-id-camel-case']);
  });

  it('idlc/operation-error-response flags an operation with no 4xx or default error schema', async () => {
    expect(await lint('errors')).toEqual(['idlc/operation-error-response']);
  });

  it('idlc/operation-idempotency flags a mutating operation without x-idempotent', async () => {
    expect(await lint('idempotency')).toEqual(['idlc/operation-idempotency']);
  });
});

describe('several APIs in one Redocly process', () => {
  const ok = spec(`  /a:\n${operation('get', { id: 'getA' })}`);
  const camel = spec(`  /a:\n${operation('get', { id: 'Get_A' })}`);
  const write = (name: string, text: string): string => {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  const verdict = (r: Awaited<ReturnType<typeof lintApi>>) => ({ api: r.api, errors: r.errors, warnings: r.warnings, problems: r.problems });

  it('gives each API, in order, the result it gets alone', async () => {
    const files = [write('batch-camel', camel), write('batch-ok', ok), write('batch-errors', spec(`  /a:\n${operation('get', { id: 'getA', errors: false })}`))];
    const together = await lintApis(files, repoRoot);
    const alone = await Promise.all(files.map((file) => lintApi(file, repoRoot)));
    expect(together.map(verdict)).toEqual(alone.map(verdict));
    expect(together.map((r) => r.problems.map((p) => p.ruleId).filter((id) => id.startsWith('idlc/')))).toEqual([['idlc/operation-id-camel-case'], [], ['idlc/operation-error-response']]);
    expect(together[0]!.problems[0]!.file).toBe(path.relative(repoRoot, files[0]!).split(path.sep).join('/'));
  });

  it('a document Redocly cannot read fails the call with the error linting it alone gives, not with a verdict on the others', async () => {
    const first = write('batch-first', camel);
    const broken = write('batch-broken', 'openapi: 3.1.0\ninfo: [\n');
    const after = write('batch-after', ok);
    const alone = await lintApi(broken, repoRoot).then(() => 'linted', (err: Error) => err.message);
    expect(alone).toMatch(/^redocly lint .*batch-broken\.yaml did not run: /);
    // Redocly reports on the first, stops at the broken one; the rest are linted one by one.
    await expect(lintApis([first, broken, after], repoRoot)).rejects.toThrow(alone);
  });
});

describe('jsonObjects', () => {
  it('splits reports printed one after the other, braces and quotes inside strings included', () => {
    const a = { totals: { errors: 1 }, problems: [{ message: 'a "}{" brace \\ and a \\"quote' }] };
    const b = { totals: { errors: 0 }, problems: [] };
    const text = `noise ${JSON.stringify(a, null, 2)}\n${JSON.stringify(b)}\n{ "cut": `;
    expect(jsonObjects(text).map((t) => JSON.parse(t))).toEqual([a, b]);
    expect(jsonObjects('no reports')).toEqual([]);
  });
});

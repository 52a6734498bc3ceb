/**
 * Hand-written operations in a provider config (`source: ours` plus a `handWritten` note): the
 * cut skips them, the overlay must add them with the keep-list's operationId, tag and retry flag,
 * and every misuse is refused with a located error.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { normalizeFiles } from '../../../scripts/lib/normalize/run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'idlc-hand-written-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const UPSTREAM = `openapi: 3.1.0
info: { title: Pets, version: '1.0' }
paths:
  /pets/{id}:
    get:
      operationId: showPet
      parameters: [{ name: id, in: path, required: true, schema: { type: string } }]
      responses:
        '200': { description: ok, content: { application/json: { schema: { type: object } } } }
`;

const TOKEN_OP = `
        post:
          operationId: createToken
          summary: Create a token
          tags: [Auth]
          security: []
          responses:
            '200': { description: ok, content: { application/json: { schema: { $ref: '#/components/schemas/Token' } } } }
            '400': { description: refused, content: { application/json: { schema: { type: object } } } }
          x-idempotent: true`;

function overlay(op = TOKEN_OP): string {
  return `overlay: 1.0.0
info: { title: fixes, version: 1.0.0 }
actions:
  - target: $.paths
    update:
      /token:${op}
  - target: $
    update:
      components:
        schemas:
          Token: { type: object, properties: { access_token: { type: string } } }
`;
}

function config(extra: { handWritten?: string; sourceId?: string; select?: string; idempotent?: boolean } = {}): string {
  return `id: pets
title: Pets
spec: openapi.yaml
overlay: overlay.yaml
sources:
  - { id: ${extra.sourceId ?? 'api'}, url: https://example.org/pets.yaml, format: openapi-3.1 }
operations:
  createToken:
    source: ours
    select: ${extra.select ?? 'POST /token'}
    path: /token
    tag: Auth
    idempotent: ${extra.idempotent ?? true}
  showPet:
    source: ${extra.sourceId ?? 'api'}
    select: GET /pets/{id}
    path: /pets/{id}
    tag: Pets
    idempotent: true
${extra.handWritten ?? 'handWritten:\n  createToken: Documented outside the API description; written from the reference page.'}
tags:
  Auth: Tokens.
  Pets: Pets.
`;
}

let n = 0;
async function run(configText: string, overlayText = overlay()) {
  const case_ = path.join(dir, String(n++));
  const { mkdirSync } = await import('node:fs');
  mkdirSync(case_);
  writeFileSync(path.join(case_, 'upstream.yaml'), UPSTREAM);
  writeFileSync(path.join(case_, 'provider.yaml'), configText);
  writeFileSync(path.join(case_, 'overlay.yaml'), overlayText);
  return normalizeFiles({ input: path.join(case_, 'upstream.yaml'), config: path.join(case_, 'provider.yaml') });
}

async function refusal(configText: string, overlayText?: string): Promise<string> {
  try {
    await run(configText, overlayText);
  } catch (err) {
    if (err instanceof PipelineError) return err.toLine();
    throw err;
  }
  return 'accepted';
}

describe('hand-written operations', () => {
  it('are skipped by the cut and kept as the overlay adds them, with their tag declared', async () => {
    const result = await run(config());
    expect(Object.keys(result.doc.paths).sort()).toEqual(['/pets/{id}', '/token']);
    expect(result.doc.paths['/token'].post).toMatchObject({ operationId: 'createToken', tags: ['Auth'], 'x-idempotent': true });
    expect(result.doc.tags).toEqual(expect.arrayContaining([{ name: 'Auth', description: 'Tokens.' }]));
    expect(result.doc.components.schemas.Token).toBeDefined();
  });

  it('need a note saying where their facts come from', async () => {
    expect(await refusal(config({ handWritten: '' }))).toMatch(/#\/handWritten: hand-written operation "createToken" needs a note/);
  });

  it('refuse a note for an operation that is not hand-written', async () => {
    const text = config({ handWritten: 'handWritten:\n  createToken: note\n  showPet: note' });
    expect(await refusal(text)).toMatch(/#\/handWritten\/showPet: "handWritten" names "showPet", which is not an operation with source "ours"/);
  });

  it('must select their own route', async () => {
    expect(await refusal(config({ select: 'POST /other' }))).toMatch(/#\/operations\/createToken\/select: hand-written operation "createToken" must select its own "METHOD \/token"/);
  });

  it('must be added by the overlay', async () => {
    expect(await refusal(config(), overlay().replace('/token:', '/elsewhere:'))).toMatch(/#\/operations\/createToken: hand-written operation "createToken" \(POST \/token\) is not added by the overlay/);
  });

  it('must match the keep-list in the overlay', async () => {
    expect(await refusal(config({ idempotent: false }))).toMatch(/#\/operations\/createToken: the overlay's POST \/token must have operationId "createToken", tags \[Auth\] and x-idempotent false/);
  });

  it('reserve the source id "ours"', async () => {
    expect(await refusal(config({ sourceId: 'ours' }))).toMatch(/#\/sources\/0\/id: source id "ours" is reserved/);
  });
});

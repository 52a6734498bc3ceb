/** Compiler-verified verdicts on small documents built in the test. */
import { describe, expect, it } from 'vitest';
import { compileCheck } from '../../../scripts/lib/diff/compile-check.js';
import { diffSpecs } from '../../../scripts/lib/diff/index.js';

type Doc = Record<string, any>;
function doc(): Doc {
  return {
    openapi: '3.1.0',
    info: { title: 'Compile', version: '1.0.0' },
    security: [{ key: [] }],
    paths: {
      '/items/{itemId}': {
        get: {
          operationId: 'getItem',
          parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } } },
        },
        put: {
          operationId: 'putItem',
          parameters: [{ name: 'itemId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemInput' } } } },
          responses: { '204': { description: 'done' } },
        },
      },
    },
    components: {
      securitySchemes: { key: { type: 'apiKey', in: 'header', name: 'X-Key' }, other: { type: 'apiKey', in: 'header', name: 'X-Other' } },
      schemas: {
        Item: { type: 'object', required: ['id', 'state'], properties: { id: { type: 'string' }, state: { type: 'string', enum: ['on', 'off'] } } },
        ItemInput: { type: 'object', required: ['name'], properties: { name: { type: 'string', maxLength: 50 } } },
      },
    },
  };
}

async function check(edit: (d: Doc) => void) {
  const base = doc();
  const revision = doc();
  edit(revision);
  return compileCheck(base, revision, diffSpecs(base, revision));
}

describe('compile check', () => {
  it('raises a response enum value added (WARN) to ERR with the compiler reason', async () => {
    const result = await check((d) => d.components.schemas.Item.properties.state.enum.push('broken'));
    const change = result.changes.find((c) => c.id === 'response-property-enum-value-added')!;
    expect(change.breaksCompile).toBe(true);
    expect(change.level).toBe('ERR');
    expect(change.message).toMatch(/compile check: .*"broken"/);
    expect(result.summary).toEqual({ ERR: 1, WARN: 0, INFO: 0 });
    expect(result.semver).toBe('major');
  });

  it('keeps a tighter maxLength ERR although it compiles: the contract breaks, the check is a separate field', async () => {
    const result = await check((d) => (d.components.schemas.ItemInput.properties.name.maxLength = 20));
    const change = result.changes.find((c) => c.id === 'request-property-max-length-decreased')!;
    expect(change.breaksCompile).toBe(false);
    expect(change.level).toBe('ERR');
  });

  it('leaves a WARN a WARN when the types still compile', async () => {
    const result = await check((d) => (d.paths['/items/{itemId}'].get.parameters[0].schema.maxLength = 36));
    const change = result.changes.find((c) => c.id === 'request-parameter-max-length-set')!;
    expect(change).toMatchObject({ level: 'WARN', breaksCompile: false });
  });

  it('never lowers an ERR, even when the types still compile', async () => {
    const result = await check((d) => (d.paths['/items/{itemId}'].get.security = [{ other: [] }]));
    const removed = result.changes.find((c) => c.id === 'operation-security-alternative-removed')!;
    expect(removed.level).toBe('ERR');
    expect(removed.breaksCompile).toBe(false);
  });

  it('confirms a response property that became optional breaks code reading it', async () => {
    const result = await check((d) => (d.components.schemas.Item.required = ['id']));
    const change = result.changes.find((c) => c.id === 'response-property-became-optional')!;
    expect(change).toMatchObject({ level: 'ERR', breaksCompile: true });
  });

  it('marks a removed operation as a compile break without asking the checker', async () => {
    const result = await check((d) => delete d.paths['/items/{itemId}'].put);
    expect(result.changes).toEqual([expect.objectContaining({ id: 'operation-removed', level: 'ERR', breaksCompile: true })]);
  });
});

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { PipelineError } from '../../../scripts/lib/errors.js';
import { canonicalize, toYaml } from '../../../scripts/lib/openapi/canonical.js';
import { detectFormat, loadSpec, parseDocument } from '../../../scripts/lib/openapi/load.js';
import { repoRoot } from '../../helpers/temp-repo.js';

const hostile = path.join(repoRoot, 'test/fixtures/hostile');
const scratch = mkdtempSync(path.join(tmpdir(), 'idlc-load-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The one line a CLI would print for `fn`'s rejection. */
async function errorLine(fn: () => Promise<unknown> | unknown): Promise<string> {
  try {
    await fn();
  } catch (err) {
    if (err instanceof PipelineError) return err.toLine();
    throw err;
  }
  throw new Error('expected a PipelineError');
}

describe('parseDocument', () => {
  it.each([
    ['YAML', 'a: 1\nb: [1, 2\n', 'x.yaml', /^error: x\.yaml:\d+: syntax error: /],
    ['JSON', '{\n  "a": 1,\n  "b": }\n', 'x.json', /^error: x\.json:3: syntax error: /],
    ['duplicate key', 'a: 1\na: 2\n', 'd.yaml', /^error: d\.yaml:2: syntax error: Map keys must be unique/],
  ])('reports %s syntax errors with file and line', async (_name, text, file, pattern) => {
    expect(await errorLine(() => parseDocument(text, file))).toMatch(pattern);
  });

  it('accepts a byte-order mark and CRLF line ends', () => {
    expect(parseDocument('\uFEFFa: 1\r\nb:\r\n  - x\r\n', 'f.yaml')).toEqual({ a: 1, b: ['x'] });
    expect(parseDocument('\uFEFF{\r\n"a": [1]\r\n}', 'f.json')).toEqual({ a: [1] });
  });

  it('expands aliases into independent copies', () => {
    const doc = parseDocument('a: &x { k: 1 }\nb: *x\n', 'f.yaml') as Record<string, Record<string, number>>;
    expect(doc.a).toEqual(doc.b);
    expect(doc.a).not.toBe(doc.b);
  });
});

describe('detectFormat', () => {
  it.each([
    [{ swagger: '2.0' }, 'swagger-2.0'],
    [{ openapi: '3.0.3' }, 'openapi-3.0'],
    [{ openapi: '3.1.1' }, 'openapi-3.1'],
  ])('%j is %s', (doc, format) => expect(detectFormat(doc, 'f')).toBe(format));
});

describe('loadSpec', () => {
  it('upgrades Swagger 2.0 to 3.1.0 and fixes what the upgrader leaves', async () => {
    const { doc, format } = await loadSpec(path.join(hostile, 'swagger2-quirks.json'));
    expect(format).toBe('swagger-2.0');
    expect(doc.openapi).toBe('3.1.0');
    const pet = doc.components.schemas.Pet;
    expect(pet.discriminator).toEqual({ propertyName: 'kind' });
    expect(pet.properties.nickname.type).toEqual(['string', 'null']);
    // The operation's own `produces` wins over the document's.
    expect(Object.keys(doc.paths['/pets/{id}'].put.responses['200'].content)).toEqual(['application/json']);
    expect(Object.keys(doc.paths['/pets/{id}'].get.responses['200'].content)).toEqual(['application/json', 'application/xml']);
    // A body parameter on the path item reaches every operation, whatever the key order.
    expect(doc.paths['/pets/{id}'].put.requestBody).toBeDefined();
    expect(doc.paths['/pets/{id}'].get.requestBody).toBeDefined();
  });

  it('turns a typeless nullable wrapper into anyOf with null', async () => {
    const file = path.join(scratch, 'nullable.yaml');
    writeFileSync(
      file,
      'openapi: 3.0.3\ninfo: {title: t, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    B:\n      type: object\n      properties:\n        a:\n          description: maybe an A\n          nullable: true\n          allOf: [{$ref: "#/components/schemas/A"}]\n        b: {type: string, nullable: false}\n',
    );
    const { doc } = await loadSpec(file);
    expect(doc.components.schemas.B.properties.a).toEqual({ description: 'maybe an A', anyOf: [{ $ref: '#/components/schemas/A' }, { type: 'null' }] });
    expect(doc.components.schemas.B.properties.b).toEqual({ type: 'string' });
  });

  it('bundles a multi-file tree, hoisting schemas and keeping cross-file cycles', async () => {
    const { doc, inputs } = await loadSpec(path.join(hostile, 'multi-file/root.yaml'));
    expect(inputs).toHaveLength(4);
    expect(Object.keys(doc.components.schemas).sort()).toEqual(['Owner', 'Thing']);
    expect(doc.paths['/things'].get.responses['200'].content['application/json'].schema.items).toEqual({ $ref: '#/components/schemas/Thing' });
    expect(doc.components.schemas.Owner.properties.things.items).toEqual({ $ref: '#/components/schemas/Thing' });
  });

  it('refuses a symlink that leads out of the folder tree', async () => {
    const dir = path.join(scratch, 'tree');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(scratch, 'secret.yaml'), 'type: string\n');
    symlinkSync(path.join(scratch, 'secret.yaml'), path.join(dir, 'link.yaml'));
    writeFileSync(
      path.join(dir, 'root.yaml'),
      'openapi: 3.1.0\ninfo: {title: t, version: "1"}\npaths: {}\ncomponents:\n  schemas:\n    S: {$ref: "./link.yaml"}\n',
    );
    expect(await errorLine(() => loadSpec(path.join(dir, 'root.yaml')))).toMatch(/#\/components\/schemas\/S\/\$ref: \$ref "\.\/link\.yaml" leaves the folder of the input$/);
  });

  it('bounds the size of a document', async () => {
    expect(await errorLine(() => loadSpec(path.join(hostile, 'huge-description.yaml'), { maxBytes: 10_000 }))).toMatch(/over the limit of 10000$/);
  });

  it('refuses remote references even from an allowed host over plain http', async () => {
    const line = await errorLine(() => loadSpec(path.join(hostile, 'http-remote-ref.yaml'), { allowRemote: ['schemas.example.net'] }));
    expect(line).toMatch(/plain http is not allowed$/);
  });

  it('can defer a missing file for callers that cut first', async () => {
    const spec = await loadSpec(path.join(hostile, 'missing-file-ref.yaml'), { deferMissing: true });
    expect(spec.unresolved).toHaveLength(1);
    expect(spec.unresolved[0]!.pointer).toBe('#/paths/~1items/get/responses/200/content/application~1json/schema/$ref');
  });
});

describe('canonical form', () => {
  it('orders keys and paths the same way whatever the input order', () => {
    const a = { paths: { '/b': { post: { responses: {}, operationId: 'b' }, get: { operationId: 'a' } }, '/a': {} }, info: { version: '1', title: 't' }, openapi: '3.1.0', 'x-z': 1, components: { schemas: { Z: { type: 'object', properties: { b: {}, a: {} } } } } };
    const b = { openapi: '3.1.0', 'x-z': 1, components: { schemas: { Z: { properties: { a: {}, b: {} }, type: 'object' } } }, info: { title: 't', version: '1' }, paths: { '/a': {}, '/b': { get: { operationId: 'a' }, post: { operationId: 'b', responses: {} } } } };
    expect(toYaml(canonicalize(a))).toBe(toYaml(canonicalize(b)));
    expect(Object.keys(canonicalize(a))).toEqual(['openapi', 'info', 'paths', 'components', 'x-z']);
    expect(Object.keys((canonicalize(a) as any).paths['/b'])).toEqual(['get', 'post']);
  });
});

describe('toYaml', () => {
  const samples: Record<string, unknown>[] = [
    { a: 'plain', b: '200', c: 'true', d: 'yes', e: '', f: ' lead', g: 'trail ', h: 'a: b', i: 'a #b', j: 'x:', k: '- item', l: '#x', m: '@x', n: '*x', o: '&x', p: '!x', q: '|x', r: '>x', s: "'x", t: '"x', u: '%x', w: '{x}', x: '[x]', y: ',x', z: '?x' },
    { multi: 'line one\nline two\n', nofinal: 'a\nb', many: 'a\nb\n\n\n', inner: 'a\n\n  indented\nb\n', blanklast: 'a\n  ', cr: 'a\r\nb', tab: 'a\tb\nc', ctrl: 'a\u0001b', nel: 'a\u0085b', ls: 'a\u2028b', bom: '\ufeffx', emoji: 'ü 😀', lone: 'x\ud800y' },
    { nums: [0, -1, 1.5, 1e21, -0, 123456789012], bools: [true, false], nul: null, empty: {}, emptyArr: [], nested: [[1, [2]], [{ a: 1, b: [] }], { c: { d: [{ e: 'f' }] } }] },
    { '200': { description: 'ok' }, '/users/{id}': { get: {} }, 'x-a': 1, '<<': 'not a merge', '~': 'tilde', 'a b': 1, '': 'empty key', '1.0': 'v', '.inf': 1, '0x1F': 2, 'key: colon': 3 },
  ];
  it.each(samples.map((sample, i) => [i, sample]))('reads back exactly (sample %i)', (_i, sample) => {
    const text = toYaml(sample);
    expect(isDeepStrictEqual(parseDocument(text, 'out.yaml'), sample)).toBe(true);
    expect(text.endsWith('\n') && !text.endsWith('\n\n')).toBe(true);
  });
});

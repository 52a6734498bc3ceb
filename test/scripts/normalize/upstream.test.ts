/**
 * The normalizer on the real upstream documents (read from ../shared/upstream, never copied):
 * each provider's import has exactly its configured operations, lints clean and compiles; the
 * whole of each document normalizes into types that compile under strict; the
 * multi-file SailPoint source and its bundled snapshot give the same spec; and the Dfns import,
 * diffed against our committed spec (written from newer docs), shows the differences the newer
 * docs introduced. Documents are loaded once per file and shared.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { diffSpecs } from '../../../scripts/lib/diff/index.js';
import { lintApis } from '../../../scripts/lib/lint/index.js';
import { HTTP_METHODS } from '../../../scripts/lib/openapi/kinds.js';
import { loadSpec, type LoadedSpec } from '../../../scripts/lib/openapi/load.js';
import { parseText } from '../../../scripts/lib/openapi/parse.js';
import { readNormalizeConfig } from '../../../scripts/lib/normalize/config.js';
import { normalize } from '../../../scripts/lib/normalize/index.js';
import { isCamelCase, isPascalIdentifier } from '../../../scripts/lib/normalize/names.js';
import { loadOverlay, typesFor } from '../../../scripts/lib/normalize/run.js';
import { repoRoot } from '../../helpers/temp-repo.js';
import { COMPILER_NODE_FLAGS } from '../../helpers/tsc.js';

const upstream = path.resolve(repoRoot, '../shared/upstream');
const U = {
  dfns: path.join(upstream, 'dfns/dfns-openapi-1.578.2.yaml'),
  zitadel0323: path.join(upstream, 'zitadel/zitadel-apidocs-swagger2-2025-03-23.json'),
  zitadel0406: path.join(upstream, 'zitadel/zitadel-apidocs-swagger2-2025-04-06.json'),
  sailpointV3: path.join(upstream, 'sailpoint/sailpoint-v3-deref-2026-08-04.yaml'),
  sailpointMulti: path.join(upstream, 'sailpoint/v3-multifile/idn/sailpoint-api.v3.yaml'),
  sailpointBeta: path.join(upstream, 'sailpoint/sailpoint-beta-deref-2026-08-04.yaml'),
  sailpointOauth: path.join(upstream, 'sailpoint/sailpoint-oauth-deref-2026-05-24.yaml'),
};

const cache = new Map<string, Promise<LoadedSpec>>();
/** Load once per test file; normalize never changes what it is given. */
const load = (file: string): Promise<LoadedSpec> => {
  let hit = cache.get(file);
  if (!hit) {
    hit = loadSpec(file, { deferMissing: true });
    cache.set(file, hit);
  }
  return hit;
};

const out = mkdtempSync(path.join(tmpdir(), 'idlc-upstream-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const PROVIDERS = {
  dfns: { api: U.dfns },
  zitadel: { apidocs: U.zitadel0406 },
  sailpoint: { v3: U.sailpointV3, beta: U.sailpointBeta, oauth: U.sailpointOauth },
} as const;

async function importProvider(id: keyof typeof PROVIDERS, files: Record<string, string> = PROVIDERS[id]) {
  const config = readNormalizeConfig(path.join(repoRoot, 'specs', id, 'provider.yaml'), `specs/${id}/provider.yaml`);
  const sources = new Map<string, LoadedSpec>();
  for (const [source, file] of Object.entries(files)) sources.set(source, await load(file));
  const overlay = loadOverlay(config);
  return { config, result: normalize({ sources, config, ...(overlay ? { overlay } : {}) }) };
}

function operationsOf(doc: Record<string, any>): Map<string, Record<string, any> & { method: string; route: string }> {
  const ops = new Map<string, Record<string, any> & { method: string; route: string }>();
  for (const [route, item] of Object.entries<Record<string, any>>(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      expect(ops.has(op.operationId), `duplicate ${op.operationId}`).toBe(false);
      ops.set(op.operationId, { ...op, method, route });
    }
  }
  return ops;
}

const imported = new Map<string, Record<string, any>>();

describe.each(Object.keys(PROVIDERS) as (keyof typeof PROVIDERS)[])('importing %s with its provider config', (id) => {
  it('keeps exactly the configured operations, with our ids, paths, tags and retry flags', async () => {
    const { config, result } = await importProvider(id);
    const ops = operationsOf(result.doc);
    expect([...ops.keys()].sort()).toEqual(config.operations.map((o) => o.id).sort());
    for (const want of config.operations) {
      const got = ops.get(want.id)!;
      expect(`${got.method.toUpperCase()} ${got.route}`).toBe(`${want.select.kind === 'route' ? want.select.method.toUpperCase() : got.method.toUpperCase()} ${want.path}`);
      expect(got.tags).toEqual([want.tag]);
      expect(got['x-idempotent']).toBe(want.idempotent);
    }
    for (const name of Object.keys(result.doc.components?.schemas ?? {})) expect(isPascalIdentifier(name), name).toBe(true);
    // Every overlay action matches something in the pinned documents.
    expect(result.warnings.filter((w) => w.kind === 'overlay-unmatched')).toEqual([]);
    writeFileSync(path.join(out, `${id}.yaml`), result.yaml);
    writeFileSync(path.join(out, `${id}.ts`), await typesFor(result.doc, `${id}.yaml`));
    imported.set(id, result.doc);
  });
});

describe('the imported specs', () => {
  it('pass the project lint with 0 errors and 0 warnings', async () => {
    const results = await lintApis(Object.keys(PROVIDERS).map((id) => path.join(out, `${id}.yaml`)), repoRoot);
    for (const result of results) expect({ api: path.basename(result.api), errors: result.errors, warnings: result.warnings, problems: result.problems.slice(0, 3) }).toEqual({ api: path.basename(result.api), errors: 0, warnings: 0, problems: [] });
  });

  it('normalize byte for byte the same way twice', async () => {
    const again = await importProvider('sailpoint');
    expect(again.result.yaml).toBe(readFileSync(path.join(out, 'sailpoint.yaml'), 'utf8'));
  });

  it('SailPoint: the multi-file v3 source and the bundled v3 file of the same date give the same spec', async () => {
    const multi = await importProvider('sailpoint', { v3: U.sailpointMulti, beta: U.sailpointBeta, oauth: U.sailpointOauth });
    expect(multi.result.yaml).toBe(readFileSync(path.join(out, 'sailpoint.yaml'), 'utf8'));
  });

  it('are the committed specs, byte for byte', () => {
    for (const id of Object.keys(PROVIDERS)) expect(readFileSync(path.join(out, `${id}.yaml`), 'utf8'), id).toBe(readFileSync(path.join(repoRoot, 'specs', id, 'openapi.yaml'), 'utf8'));
  });

  it('ZITADEL: the overlay adds the hand-written token endpoint exactly as the committed spec has it', () => {
    const doc = imported.get('zitadel')!;
    const committed = parseText(readFileSync(path.join(repoRoot, 'specs/zitadel/openapi.yaml'), 'utf8'), 'specs/zitadel/openapi.yaml') as Record<string, any>;
    expect(doc.paths['/oauth/v2/token']).toEqual(committed.paths['/oauth/v2/token']);
    for (const name of ['OAuthError', 'TokenRequest', 'TokenResponse']) expect(doc.components.schemas[name], name).toEqual(committed.components.schemas[name]);
    for (const name of ['TokenClientRejected', 'TokenRequestRejected']) expect(doc.components.responses[name], name).toEqual(committed.components.responses[name]);
  });

  it('ZITADEL: rebases by service and drops the phantom 201/202/203 responses', () => {
    const doc = imported.get('zitadel')!;
    expect(Object.keys(doc.paths).every((route) => route.startsWith('/v2/') || route === '/v2/users' || route.startsWith('/management/v1/') || route === '/oauth/v2/token')).toBe(true);
    for (const item of Object.values<Record<string, any>>(doc.paths)) {
      for (const op of Object.values<Record<string, any>>(item)) expect(Object.keys(op.responses).filter((s) => /^20[123]$/.test(s))).toEqual([]);
    }
  });
});

describe('Dfns 1.578.2 without the overlay against the committed spec', () => {
  it('differs exactly by the facts the overlay takes from the seeds and the declared errors', async () => {
    const config = readNormalizeConfig(path.join(repoRoot, 'specs/dfns/provider.yaml'), 'specs/dfns/provider.yaml');
    const bare = normalize({ sources: new Map([['api', await load(U.dfns)]]), config });
    const committed = parseText(readFileSync(path.join(repoRoot, 'specs/dfns/openapi.yaml'), 'utf8'), 'specs/dfns/openapi.yaml') as Record<string, any>;
    const diff = diffSpecs(committed, bare.doc);
    const notable = diff.changes.filter((c) => c.level !== 'INFO');
    const has = (id: string, test: (c: (typeof diff.changes)[number]) => boolean) => diff.changes.some((c) => c.id === id && test(c));
    // The seeds' additions, absent from 1.578.2: the UAE server (seed 002), the `force` body on
    // deactivate and the `accountId` user field (seed 000), the anchored user id pattern (seed
    // 002) and the 64-character service account id (seed 000).
    expect(has('server-removed', (c) => c.message.includes('api.uae.dfns.io'))).toBe(true);
    expect(has('request-body-removed', (c) => c.operation?.operationId === 'deactivateServiceAccount')).toBe(true);
    expect(has('response-property-removed', (c) => c.message.includes('accountId') && c.operation?.operationId === 'getServiceAccount')).toBe(true);
    expect(has('response-property-constraint-changed', (c) => c.operation?.operationId === 'getServiceAccount' && c.message.includes("'userInfo.userId'") && c.message.includes('pattern'))).toBe(true);
    expect(has('request-parameter-constraint-relaxed', (c) => c.operation?.operationId === 'deactivateServiceAccount' && c.message.includes('maxLength'))).toBe(true);
    // Nothing else above INFO, except the error responses upstream does not declare (D9) and the
    // user id's minimum length, which the seed 002 action adds with the anchored pattern.
    const explained = (c: (typeof notable)[number]): boolean =>
      c.message.includes('api.uae.dfns.io') ||
      (c.id === 'request-body-removed' && c.operation?.operationId === 'deactivateServiceAccount') ||
      (c.id === 'response-property-removed' && /'(items\[\]\.)?userInfo\.accountId'/.test(c.message)) ||
      (c.id === 'response-error-status-removed' && /error response (400|401|403|404|500) was removed/.test(c.message)) ||
      (c.id === 'response-property-constraint-relaxed' && /'(items\[\]\.)?userInfo\.userId' \(status 200\) minLength relaxed from '1' to \(none\)/.test(c.message));
    expect(notable.filter((c) => !explained(c)).map((c) => `${c.level} ${c.id} ${c.operation?.operationId ?? ''} ${c.message}`)).toEqual([]);
  });
});

describe('overlays across upstream versions', () => {
  it('ZITADEL 2025-03-23 imports: the actions written for 2025-04-06 that match nothing there are warnings', async () => {
    const { result } = await importProvider('zitadel', { apidocs: U.zitadel0323 });
    const misses = result.warnings.filter((w) => w.kind === 'overlay-unmatched');
    expect(misses.length).toBeGreaterThan(0);
    for (const miss of misses) {
      expect(miss).toMatchObject({ level: 'WARN', file: expect.stringMatching(/overlay\.yaml$/), pointer: `#/actions/${miss.action!.index}` });
      expect(miss.message).toContain(`action ${miss.action!.index + 1} ("${miss.action!.description}") matches nothing`);
    }
    // The phantom 201/202/203 responses are new in 2025-04-06.
    expect(misses.map((m) => m.action!.target)).toEqual(expect.arrayContaining(["$.paths.*.*.responses['201']"]));
    expect(Object.keys(result.doc.paths).sort()).toEqual(Object.keys(imported.get('zitadel')!.paths).sort());
  });

  it('with strict, the same import stops at the first action that matches nothing', async () => {
    const config = readNormalizeConfig(path.join(repoRoot, 'specs/zitadel/provider.yaml'), 'specs/zitadel/provider.yaml');
    const overlay = loadOverlay(config)!;
    const sources = new Map([['apidocs', await load(U.zitadel0323)]]);
    expect(() => normalize({ sources, config, overlay, strict: true })).toThrow(/matches nothing/);
  });
});

describe('normalizing whole upstream documents without a config', () => {
  const whole: [string, string, number | undefined][] = [
    ['dfns', U.dfns, 158],
    ['zitadel-2025-03-23', U.zitadel0323, 730],
    ['sailpoint-v3', U.sailpointV3, 358],
    ['sailpoint-beta', U.sailpointBeta, undefined],
    ['sailpoint-oauth', U.sailpointOauth, undefined],
  ];
  it.each(whole)('%s: every operation with a unique camelCase id, every schema an identifier', async (name, file, count) => {
    const result = normalize({ sources: new Map([['input', await load(file)]]) });
    const ops = operationsOf(result.doc);
    if (count !== undefined) expect(ops.size).toBe(count);
    for (const id of ops.keys()) expect(isCamelCase(id), id).toBe(true);
    for (const schema of Object.keys(result.doc.components?.schemas ?? {})) expect(isPascalIdentifier(schema), schema).toBe(true);
    // The YAML emitter must give back exactly the document (checked on the two with the most
    // varied text; the others share the same code paths).
    if (name === 'dfns' || name === 'sailpoint-beta') expect(isDeepStrictEqual(parseText(result.yaml, `${name}.yaml`), result.doc)).toBe(true);
    writeFileSync(path.join(out, `whole-${name}.ts`), await typesFor(result.doc, `${name}.yaml`));
  });

  it('all generated types (imports and whole documents) compile under strict', async () => {
    // The program is the generated .ts files and TypeScript's own lib: no library declaration of
    // ours or of a package is in it, so there is nothing for a library check to check but
    // TypeScript's lib files (skipLibCheck: true skips only those here).
    writeFileSync(
      path.join(out, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, skipLibCheck: true, noEmit: true, types: [] }, include: ['*.ts'] }),
    );
    const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
    const result = await new Promise<{ code: number; output: string }>((resolve) =>
      execFile(process.execPath, [...COMPILER_NODE_FLAGS, tsc, '-p', path.join(out, 'tsconfig.json')], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) =>
        resolve({ code: error ? 1 : 0, output: `${stdout}${stderr}`.slice(0, 2000) }),
      ),
    );
    expect(result).toEqual({ code: 0, output: '' });
  });
});

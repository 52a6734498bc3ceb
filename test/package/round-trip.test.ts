/**
 * The package as other teams consume it: built from this tree, published to a real private
 * registry (Verdaccio on loopback, no uplinks), installed into a fresh project that has never seen
 * this repository, compiled there under NodeNext and Bundler resolution with library checks on
 * (every package's declarations, ours included; not TypeScript's own lib files),
 * and run against a local server with one call per provider.
 *
 * Network: loopback, plus the public npm registry for the package's own dependency
 * (openapi-fetch) and the consumer's `@types/node`; the consumer's npm config sends only the
 * `@idlc` scope to Verdaccio.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/temp-repo.js';
import { COMPILER_NODE_FLAGS, tscErrorPlaces, withoutExpectErrors } from '../helpers/tsc.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../helpers/loopback-server.js';
import { describeResult, exec, npm, type ExecResult } from './exec.js';
import { startRegistry, type LocalRegistry } from './registry.js';

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
}

const rootPkg = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as PackageJson;
const typesNodeVersion = (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules/@types/node/package.json'), 'utf8')) as PackageJson).version;
const tscBin = path.join(repoRoot, 'node_modules/typescript/bin/tsc');
const bin = (name: string): string => path.join(repoRoot, 'node_modules/.bin', process.platform === 'win32' ? `${name}.cmd` : name);

/** Files a consumer gets: the build of src/ and generated/, and the package metadata. */
const ALLOWED_IN_TARBALL = [/^package\.json$/, /^README\.md$/, /^CHANGELOG\.md$/, /^dist\/(src|generated)\/.+\.(js|d\.ts)$/];

/** The ```ts blocks of the README's consumer section (`## Using the clients`). */
function readmeExamples(): string[] {
  const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Using the clients\n');
  if (start === -1) return [];
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end === -1 ? undefined : end);
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);
}

/** Durations of the slow steps, printed at the end for the CI log. */
const timings: Record<string, number> = {};
async function timed(label: string, step: Promise<ExecResult>): Promise<ExecResult> {
  const result = await step;
  timings[label] = result.ms;
  return result;
}

describe('package round trip through a private registry', () => {
  let work: string;
  let stage: string;
  let consumer: string;
  let userconfig: string;
  let tarball: string;
  let integrity: string;
  let packedFiles: string[];
  let registry: LocalRegistry | undefined;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'idlc-package-'));
    stage = path.join(work, 'stage');
    mkdirSync(stage);

    // Build into a staging folder (same tsconfig as `npm run build`), leaving the tree's dist/ alone.
    const build = await timed('build', exec(process.execPath, [...COMPILER_NODE_FLAGS, tscBin, '-p', path.join(repoRoot, 'tsconfig.build.json'), '--outDir', path.join(stage, 'dist')], { cwd: repoRoot }));
    expect(build.code, describeResult('tsc -p tsconfig.build.json', build)).toBe(0);
    for (const file of ['package.json', 'README.md', 'CHANGELOG.md']) {
      if (existsSync(path.join(repoRoot, file))) cpSync(path.join(repoRoot, file), path.join(stage, file));
    }

    // The registry's address is only known once it listens; npm's config for every later step:
    // the public registry (whatever this machine uses) for everything but our scope.
    const configured = await exec(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['config', 'get', 'registry'], { cwd: work });
    const upstream = (configured.code === 0 && configured.stdout.trim()) || 'https://registry.npmjs.org/';
    registry = await startRegistry(path.join(work, 'registry'), repoRoot);
    userconfig = path.join(work, 'npmrc');
    writeFileSync(
      userconfig,
      [`registry=${upstream}`, `@idlc:registry=${registry.url}`, `${registry.authKey}:_authToken=anonymous-publish`, ''].join('\n'),
    );

    // Scripts are skipped: prepack would build again.
    const pack = await timed('pack', npm(['pack', '--json', '--ignore-scripts', '--pack-destination', work], stage, userconfig));
    expect(pack.code, describeResult('npm pack', pack)).toBe(0);
    const packed = (JSON.parse(pack.stdout) as { filename: string; integrity: string; files: { path: string }[] }[])[0]!;
    tarball = path.join(work, packed.filename);
    integrity = packed.integrity;
    packedFiles = packed.files.map((f) => f.path).sort();

    const publish = await timed('publish', npm(['publish', tarball, '--registry', registry.url, '--access', 'restricted'], work, userconfig));
    expect(publish.code, describeResult('npm publish', publish)).toBe(0);

    consumer = path.join(work, 'consumer');
    cpSync(path.join(repoRoot, 'test/fixtures/package-consumer'), consumer, { recursive: true });
    writeFileSync(
      path.join(consumer, 'package.json'),
      `${JSON.stringify(
        {
          name: 'idlc-consumer',
          private: true,
          type: 'module',
          dependencies: { [rootPkg.name]: rootPkg.version },
          devDependencies: { '@types/node': typesNodeVersion },
        },
        null,
        2,
      )}\n`,
    );
    // What the README tells consumers to commit: route the scope to the internal registry.
    writeFileSync(path.join(consumer, '.npmrc'), `@idlc:registry=${registry.url}\n`);
    // The README's examples are consumer code too: each TypeScript block is compiled with the rest.
    readmeExamples().forEach((code, i) => writeFileSync(path.join(consumer, `src/readme-example-${i + 1}.ts`), code));
  });

  afterAll(async () => {
    await registry?.close();
    if (work) rmSync(work, { recursive: true, force: true });
    process.stdout.write(`package round trip timings (ms): ${JSON.stringify(timings)}\n`);
  });

  it('the README examples are part of the consumer program', () => {
    expect(readmeExamples().length).toBeGreaterThanOrEqual(5);
  });

  it('packs only the built package', () => {
    const unexpected = packedFiles.filter((file) => !ALLOWED_IN_TARBALL.some((re) => re.test(file)));
    expect(unexpected).toEqual([]);
    for (const entry of ['index', 'dfns/index', 'zitadel/index', 'sailpoint/index']) {
      expect(packedFiles).toContain(`dist/src/${entry}.js`);
      expect(packedFiles).toContain(`dist/src/${entry}.d.ts`);
    }
  });

  it('publint reports no problems', async () => {
    const result = await timed('publint', exec(bin('publint'), ['run', tarball, '--strict'], { cwd: work, env: { ...process.env, NO_COLOR: '1' } }));
    expect(result.code, describeResult('publint', result)).toBe(0);
    expect(result.stdout).toContain('All good!');
  });

  it('arethetypeswrong reports no problems', async () => {
    // Run from the repository root so its .attw.json (the esm-only profile) applies, as for `npx attw --pack`.
    const result = await timed('attw', exec(bin('attw'), [tarball, '--format', 'ascii'], { cwd: repoRoot, env: { ...process.env, NO_COLOR: '1' } }));
    expect(result.code, describeResult('attw', result)).toBe(0);
    // The profile ignores CommonJS and node10 resolution (the package is ESM only, Node >= 20.19);
    // every other resolution of every entry point must be clean.
    const problems = result.stdout.split('\n').filter((line) => /❌|💀|⚠️|🐛|🥴|❗/u.test(line) && !line.includes('(ignored'));
    expect(problems).toEqual([]);
    expect(result.stdout).toMatch(/node16 \(from ESM\): 🟢 \(ESM\)/);
  });

  it('the registry serves the published version', async () => {
    const view = await npm(['view', rootPkg.name, 'version', 'dist.integrity', '--json', '--registry', registry!.url], work, userconfig);
    expect(view.code, describeResult('npm view', view)).toBe(0);
    expect(JSON.parse(view.stdout)).toEqual({ version: rootPkg.version, 'dist.integrity': integrity });
  });

  it('installs into a fresh project from the registry', async () => {
    const install = await timed('install', npm(['install', '--prefer-offline'], consumer, userconfig, 150_000));
    expect(install.code, describeResult('npm install', install)).toBe(0);
    // The lockfile records where each package came from: ours from Verdaccio, byte for byte the
    // tarball we packed; its runtime dependencies from the public registry.
    const lock = JSON.parse(readFileSync(path.join(consumer, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; resolved?: string; integrity?: string }>;
    };
    const ours = lock.packages[`node_modules/${rootPkg.name}`];
    expect(ours).toMatchObject({ version: rootPkg.version, integrity });
    expect(ours?.resolved?.startsWith(registry!.url)).toBe(true);
    for (const dep of Object.keys(rootPkg.dependencies ?? {})) {
      expect(lock.packages[`node_modules/${dep}`]?.resolved?.startsWith(registry!.url)).toBe(false);
      expect(existsSync(path.join(consumer, 'node_modules', dep, 'package.json'))).toBe(true);
    }
  });

  it('type-checks the consumer under NodeNext and Bundler resolution, wrong calls rejected', async () => {
    // src/wrong-calls.ts marks each wrong call with @ts-expect-error, so both compiles fail if a
    // call stops being an error. A copy without the directives must fail at exactly those lines
    // (and nowhere else), so the errors are the intended ones.
    const { text, marked: expected } = withoutExpectErrors(readFileSync(path.join(consumer, 'src/wrong-calls.ts'), 'utf8'));
    mkdirSync(path.join(consumer, 'negative'));
    writeFileSync(path.join(consumer, 'negative/wrong-calls.ts'), text);
    // The NodeNext compile checks the consumer's files and the copy in one program (the copy
    // imports nothing of theirs): its only errors must be the copy's, at exactly those lines.
    writeFileSync(
      path.join(consumer, 'tsconfig.nodenext-negative.json'),
      JSON.stringify({ extends: './tsconfig.nodenext.json', compilerOptions: { rootDir: '.' }, include: ['src', 'negative'] }),
    );

    const tsc = (config: string): Promise<ExecResult> => timed(`tsc ${config}`, exec(process.execPath, [...COMPILER_NODE_FLAGS, tscBin, '--noEmit', '-p', config], { cwd: consumer }));
    const [nodenext, bundler] = await Promise.all([tsc('tsconfig.nodenext-negative.json'), tsc('tsconfig.bundler.json')]);
    expect(bundler.code, describeResult('tsc -p tsconfig.bundler.json', bundler)).toBe(0);
    expect(nodenext.code).not.toBe(0);
    expect([...new Set(tscErrorPlaces(nodenext.stdout))], describeResult('tsc -p tsconfig.nodenext-negative.json', nodenext)).toEqual(expected.map((line) => `negative/wrong-calls.ts:${line}`));
  });

  describe('runs one call per provider against a local server', () => {
    let server: LoopbackServer;
    beforeAll(async () => {
      server = await startLoopbackServer((req, res) => {
        const url = new URL(req.url, 'http://127.0.0.1');
        const route = `${req.method} ${url.pathname}`;
        if (route === 'GET /auth/users/us-consumer-1') {
          return sendJson(res, 200, { userId: 'us-consumer-1', username: 'ada@example.org', name: 'Ada', kind: 'CustomerEmployee', orgId: 'or-1', isActive: true, isRegistered: true, permissions: [] });
        }
        if (route === 'GET /auth/users/us-missing') return sendJson(res, 404, { error: { message: 'UserNotFound' } });
        if (route === 'GET /v2/users/1001') return sendJson(res, 200, { user: { userId: '1001', username: 'grace' } });
        if (route === 'POST /oauth/token') return sendJson(res, 200, { access_token: 'sailpoint-access-token', token_type: 'bearer', expires_in: 3600 });
        if (route === 'GET /v3/accounts/2c9180835d2e5168015d32f890ca1581') {
          return sendJson(res, 200, { id: '2c9180835d2e5168015d32f890ca1581', name: 'hopper', created: '2024-01-01T00:00:00Z', modified: '2024-01-02T00:00:00Z' });
        }
        return sendJson(res, 404, { message: `no route ${route}` });
      });
    });
    afterAll(() => server.close());

    it('prints what each provider answered', async () => {
      const emit = await timed('tsc emit', exec(process.execPath, [...COMPILER_NODE_FLAGS, tscBin, '-p', 'tsconfig.nodenext.json', '--noEmit', 'false', '--noCheck'], { cwd: consumer }));
      expect(emit.code, describeResult('tsc emit', emit)).toBe(0);
      const run = await timed('run', exec(process.execPath, ['main.mjs', server.baseUrl], { cwd: consumer }));
      expect(run.code, describeResult('node main.mjs', run)).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        dfnsUserId: 'us-consumer-1',
        zitadelUsername: 'grace',
        sailpointAccountName: 'hopper',
        notFound: { provider: 'dfns', status: 404, code: 'UserNotFound' },
      });
      const seen = server.requests.map((r) => `${r.method} ${r.url.split('?')[0]} ${r.headers.authorization ?? '-'}`);
      expect(seen).toEqual(
        expect.arrayContaining([
          'GET /auth/users/us-consumer-1 Bearer dfns-consumer-token',
          'GET /v2/users/1001 Bearer zitadel-consumer-token',
          'POST /oauth/token -',
          'GET /v3/accounts/2c9180835d2e5168015d32f890ca1581 Bearer sailpoint-access-token',
        ]),
      );
    });
  });
});

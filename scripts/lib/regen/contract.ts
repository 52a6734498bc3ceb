/**
 * The behaviour check of the review: does each facade method still work against the candidate?
 * A facade can compile against new types and still fail at run time (a token endpoint whose
 * security now asks for a token makes the token fetch call itself), so every review also runs
 * the facade's contract calls (the table of `test/contract/<p>.test.ts`, one call per named
 * method, each with the assertions on its result) against a Prism mock of the candidate spec,
 * with the candidate's generated code, and reports each method as working or not.
 *
 * It runs in a scratch copy of the tree (`.cache/regen/<p>/contract/`: `src/`, the candidate's
 * `generated/` and spec, the contract tests), with vitest as its own process group: every call
 * has a time limit and so does the whole run, after which the group is killed. A project without
 * contract tests for the provider (or without vitest) skips the check.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCompileCache } from '../compile-cache.js';
import type { Provider } from '../providers.js';
import type { FacadeMethodResult } from './provider-review.js';

/** Longest a single contract call may take. */
const CALL_TIMEOUT_MS = 20_000;
/** Longest the whole contract run may take (Prism start included). */
const RUN_TIMEOUT_MS = 180_000;

/** The contract test of a provider, when the project has one. */
export function contractTestOf(root: string, provider: string): string | undefined {
  const file = path.join(root, 'test', 'contract', `${provider}.test.ts`);
  return existsSync(file) && existsSync(path.join(root, 'node_modules', 'vitest', 'vitest.mjs')) ? file : undefined;
}

interface VitestJson {
  testResults?: { message?: string; assertionResults?: { title: string; status: string; failureMessages?: string[] }[] }[];
}

/** First meaningful line of a failure, without ANSI colours or stack frames. */
function firstLine(text: string | undefined): string {
  const clean = (text ?? '').replace(/\x1b\[[0-9;]*m/g, '');
  return clean.split('\n').map((l) => l.trim()).find((l) => l !== '' && !l.startsWith('at ')) ?? 'failed';
}

function runVitest(dir: string): Promise<{ code: number | null; timedOut: boolean; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(dir, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', path.join(dir, 'vitest.config.mjs'), '--reporter=json', `--outputFile=${path.join(dir, 'result.json')}`], {
      cwd: dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: withCompileCache({ ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', IDLC_FAULT_AT: '' }),
    });
    let output = '';
    const keep = (chunk: Buffer) => {
      // Bounded: only the tail matters for a failure message.
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    let timedOut = false;
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, RUN_TIMEOUT_MS);
    // A regen that is itself killed must not leave Prism or vitest behind.
    process.once('exit', killGroup);
    child.on('exit', (code) => {
      clearTimeout(timer);
      process.removeListener('exit', killGroup);
      killGroup();
      resolve({ code, timedOut, output });
    });
  });
}

/**
 * Run the provider's contract calls against the candidate. `specText` is the candidate spec,
 * `outputs` its generated files by absolute path. Undefined when the project has no contract
 * test for the provider.
 */
export async function runContract(root: string, provider: Provider, specText: string, outputs: ReadonlyMap<string, string>): Promise<FacadeMethodResult[] | undefined> {
  const test = contractTestOf(root, provider.id);
  if (!test) return undefined;
  const dir = path.join(root, '.cache', 'regen', provider.id, 'contract');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of ['src', 'generated', 'test/contract', 'test/helpers', 'package.json', 'tsconfig.json']) {
    const from = path.join(root, entry);
    if (existsSync(from)) cpSync(from, path.join(dir, entry), { recursive: true });
  }
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [file, content] of outputs) {
    const rel = path.relative(root, file);
    if (rel.startsWith('..')) continue;
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  const specRel = path.relative(root, provider.specFile);
  mkdirSync(path.dirname(path.join(dir, specRel)), { recursive: true });
  writeFileSync(path.join(dir, specRel), specText);
  writeFileSync(
    path.join(dir, 'vitest.config.mjs'),
    `export default { test: { include: [${JSON.stringify(`test/contract/${provider.id}.test.ts`)}], testTimeout: ${CALL_TIMEOUT_MS}, hookTimeout: 90000, pool: 'forks', fileParallelism: false } };\n`,
  );

  const run = await runVitest(dir);
  let json: VitestJson = {};
  try {
    json = JSON.parse(readFileSync(path.join(dir, 'result.json'), 'utf8')) as VitestJson;
  } catch {
    // No report: the run was killed or vitest could not start; every method is reported below.
  }
  const results = json.testResults?.flatMap((r) => r.assertionResults ?? []) ?? [];
  const methods: FacadeMethodResult[] = [];
  for (const r of results) {
    const name = /^(\w+\.\w+): /.exec(r.title)?.[1];
    if (!name) continue;
    methods.push(r.status === 'passed' ? { method: name, ok: true } : { method: name, ok: false, error: r.status === 'failed' ? firstLine(r.failureMessages?.[0]) : `not run (${r.status})` });
  }
  if (methods.length === 0) {
    const why = run.timedOut ? `the contract run did not finish within ${RUN_TIMEOUT_MS / 1000}s` : firstLine(json.testResults?.[0]?.message ?? run.output);
    return [{ method: '(all)', ok: false, error: why }];
  }
  return methods.sort((a, b) => (a.method < b.method ? -1 : a.method > b.method ? 1 : 0));
}

/**
 * `kill -9` at any moment of `regen` or `specs:pull --accept` leaves every file of the provider
 * entirely old or entirely new, and the next `regen --check` says which. Real child processes,
 * really killed with SIGKILL: at each step of the write (the test hook `IDLC_FAULT_AT` makes the
 * process wait at a named point until it is killed) and after random delays anywhere in the run,
 * in a throwaway copy of the repository. The uninterrupted regen these start from is also where
 * regen's upkeep of the public API reports is checked (the run changes one entry's types).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../helpers/snapshot.js';
import { commandLine, makeTempRepo, runScript } from '../../helpers/temp-repo.js';

const pinnedDfns = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../../shared/upstream/dfns/dfns-openapi-1.578.2.yaml');

interface Killed {
  /** The fault point the process reached, when one was asked for. */
  reached: boolean;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

/** Run a script and SIGKILL it at a fault point or after a delay, whichever is asked for. */
function runAndKill(root: string, script: string, args: string[], kill: { at: string } | { afterMs: number }): Promise<Killed> {
  return new Promise((resolve) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    if ('at' in kill) env.IDLC_FAULT_AT = kill.at;
    const child = spawn(process.execPath, [...commandLine(root, script), ...args], { cwd: root, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let reached = false;
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if ('at' in kill && !reached && stderr.includes(`fault-point ${kill.at}\n`)) {
        reached = true;
        child.kill('SIGKILL');
      }
    });
    const timer = 'afterMs' in kill ? setTimeout(() => child.kill('SIGKILL'), kill.afterMs) : undefined;
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ reached, signal, code, stderr });
    });
  });
}

/** Every file below the given repository folders, as text (the folders are small). */
function capture(root: string, dirs: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const abs = path.join(root, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const name of readdirSync(abs)) walk(path.join(rel, name));
    else out.set(rel, readFileSync(abs, 'utf8'));
  };
  for (const dir of dirs) walk(dir);
  return out;
}

function restore(root: string, dirs: readonly string[], files: ReadonlyMap<string, string>): void {
  for (const dir of dirs) rmSync(path.join(root, dir), { recursive: true, force: true });
  for (const [rel, text] of files) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), text);
  }
  rmSync(path.join(root, '.cache/write-journal.json'), { force: true });
}

const state = (root: string, dirs: readonly string[]) => Object.assign({}, ...dirs.map((d) => Object.fromEntries(Object.entries(snapshot(path.join(root, d))).map(([k, v]) => [`${d}/${k}`, v]))));
const temps = (root: string, dirs: readonly string[]) => dirs.flatMap((d) => Object.keys(snapshot(path.join(root, d))).filter((f) => f.includes('.tmp-')));

/**
 * The cases: each fault point of the write with the state it must resolve to, then random
 * delays. `prepared` and `temp:*` come before the journal commits (old); from `committed` on the
 * write completes (new).
 */
const POINTS: { at: string; outcome: 'old' | 'new'; recovery: RegExp | null }[] = [
  { at: 'prepared', outcome: 'old', recovery: /rolled it back: every file of that write is old/ },
  { at: 'temp:1', outcome: 'old', recovery: /rolled it back: every file of that write is old/ },
  { at: 'committed', outcome: 'new', recovery: /completed it: every file of that write is new/ },
  { at: 'rename:2', outcome: 'new', recovery: /completed it: every file of that write is new/ },
  { at: 'done', outcome: 'new', recovery: null },
];

describe('kill -9 during regen', () => {
  const dirs = ['specs/zitadel', 'generated', 'api', '.changeset'];
  let repo: ReturnType<typeof makeTempRepo>;
  let old: Map<string, string>;
  let oldState: Record<string, string>;
  let newState: Record<string, string>;
  let fullMs = 0;
  let newSpec = '';
  let full: Awaited<ReturnType<typeof runScript>>;
  let review = '';

  beforeAll(async () => {
    repo = makeTempRepo(['specs', 'scripts', 'generated', 'src', 'api', 'redocly.yaml', 'package.json', 'tsconfig.json', 'tsconfig.build.json']);
    // A new optional property on User: new types, a new API report, a changeset.
    const spec = path.join(repo.root, 'specs/zitadel/openapi.yaml');
    const text = readFileSync(spec, 'utf8');
    const anchor = /\n {4}User:\n(?: {6}.*\n)*? {6}properties:\n/.exec(text);
    expect(anchor).not.toBeNull();
    const at = anchor!.index + anchor![0].length;
    writeFileSync(spec, `${text.slice(0, at)}        displayTitle:\n          type: string\n          description: A title shown next to the user's name.\n${text.slice(at)}`);
    old = capture(repo.root, dirs);
    oldState = state(repo.root, dirs);
    // The review report goes outside the captured folders, so the killed runs below never see it.
    full = await runScript(repo.root, 'regen.ts', ['--provider', 'zitadel', '--report', 'review.md']);
    expect(full.stderr).toBe('');
    expect(full.code).toBe(0);
    newState = state(repo.root, dirs);
    review = readFileSync(path.join(repo.root, 'review.md'), 'utf8');
    // The runs killed below repeat this one's lint, generation and review from the caches (same
    // inputs): the random delays are shares of such a run, timed here from the old state (it
    // must give the same files). Its public API surface is built anew (its cache removed), as
    // after a review that stopped the run: with no facade check in the run, the declarations
    // come from a program of its own that checks no bodies, and must be the same.
    restore(repo.root, dirs, old);
    rmSync(path.join(repo.root, '.cache/api-report'), { recursive: true, force: true });
    const start = Date.now();
    const again = await runScript(repo.root, 'regen.ts', ['--provider', 'zitadel']);
    fullMs = Date.now() - start;
    expect(again.code, again.stderr).toBe(0);
    for (const stage of ['lint', 'generate', 'review']) expect(again.stdout).toMatch(new RegExp(`^zitadel\\s+${stage}\\s+reused`, 'm'));
    expect(again.stdout).toContain('updated api/zitadel.api.md');
    expect(state(repo.root, dirs)).toEqual(newState);
    newSpec = /zitadel\s+\S+ kept\s+([0-9a-f]{8})/.exec(full.stdout)?.[1] ?? '';
    expect(newSpec).toMatch(/^[0-9a-f]{8}$/);
    // The write spans generated/, api/ and .changeset/, so a torn write would show.
    const changed = Object.keys(newState).filter((f) => newState[f] !== oldState[f]);
    expect(changed).toEqual(expect.arrayContaining(['generated/zitadel/schema.ts', 'api/zitadel.api.md']));
    expect(changed.some((f) => f.startsWith('.changeset/'))).toBe(true);
  }, 300_000);
  afterAll(() => repo.cleanup());

  // The uninterrupted run is also the case of regen keeping the public API reports in step with
  // the generated types and showing their change in the review report, next to the spec diff.
  it('the uninterrupted run rewrote the report of the entry whose types changed and put the diff in the review', () => {
    expect(full.stdout).toMatch(/^api\s+reports\s+\d+ changed/m);
    expect(full.stdout).toContain('updated api/zitadel.api.md');
    expect(newState['api/zitadel.api.md']).not.toBe(oldState['api/zitadel.api.md']);
    expect(readFileSync(path.join(repo.root, 'api/zitadel.api.md'), 'utf8')).toContain('displayTitle');
    expect(readFileSync(path.join(repo.root, 'api/dfns.api.md'), 'utf8')).not.toContain('displayTitle');
    expect(review).toContain('## Public API changes');
    expect(review).toContain('displayTitle');
  });

  async function killAndCheck(kill: { at: string } | { afterMs: number }): Promise<{ outcome: 'old' | 'new'; check: string }> {
    restore(repo.root, dirs, old);
    const killed = await runAndKill(repo.root, 'regen.ts', ['--provider', 'zitadel'], kill);
    if ('at' in kill) expect(killed.reached, killed.stderr).toBe(true);
    const check = await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'zitadel']);
    const now = state(repo.root, dirs);
    expect(temps(repo.root, dirs)).toEqual([]);
    expect(existsSync(path.join(repo.root, '.cache/write-journal.json'))).toBe(false);
    const outcome = JSON.stringify(now) === JSON.stringify(newState) ? 'new' : JSON.stringify(now) === JSON.stringify(oldState) ? 'old' : undefined;
    expect(outcome, `torn state after ${JSON.stringify(kill)}`).toBeDefined();
    // The check tells which: the new state is up to date, the old one names the stale output.
    if (outcome === 'new') {
      expect(check.code).toBe(0);
      expect(check.stdout).toContain(`zitadel    check     spec ${newSpec}: every file up to date`);
    } else {
      expect(check.code).toBe(1);
      expect(check.stdout).toContain('stale: generated/zitadel/schema.ts');
    }
    return { outcome: outcome!, check: check.stdout };
  }

  it.each(POINTS)('killed at $at: every file is $outcome', async ({ at, outcome, recovery }) => {
    const result = await killAndCheck({ at });
    expect(result.outcome).toBe(outcome);
    if (recovery) expect(result.check).toMatch(recovery);
    else expect(result.check).not.toMatch(/recovered an interrupted write/);
  }, 300_000);

  it.each([0.6, 0.95])('killed after a random delay (up to %s of a full run): every file is old or new', async (share) => {
    await killAndCheck({ afterMs: Math.round(Math.random() * share * fullMs) });
  }, 300_000);
});

describe('kill -9 during specs:pull --accept', () => {
  const dirs = ['specs/dfns', 'generated', '.changeset'];
  const args = ['--provider', 'dfns', '--from', `api=${pinnedDfns}`, '--accept', '--accept-breaking'];
  let repo: ReturnType<typeof makeTempRepo>;
  let old: Map<string, string>;
  let oldState: Record<string, string>;
  let newState: Record<string, string>;
  let fullMs = 0;

  beforeAll(async () => {
    repo = makeTempRepo();
    // The repository's spec is exactly what the pinned document gives, and an unchanged pull
    // writes nothing there is to interrupt: start the copy from an edited spec (regenerated, so
    // the old state is consistent) that the pull then replaces.
    const spec = path.join(repo.root, 'specs/dfns/openapi.yaml');
    writeFileSync(spec, readFileSync(spec, 'utf8').replace(/^ {2}version: .*$/m, '  version: 0.0.1-edited'));
    const regenerated = await runScript(repo.root, 'regen.ts', ['--provider', 'dfns', '--accept-breaking', '--no-contract']);
    expect(regenerated.code, regenerated.stderr).toBe(0);
    old = capture(repo.root, dirs);
    oldState = state(repo.root, dirs);
    const full = await runScript(repo.root, 'pull.ts', args);
    expect(full.code, full.stderr).toBe(0);
    newState = state(repo.root, dirs);
    // As above: the delays are shares of a pull whose review is reused.
    restore(repo.root, dirs, old);
    const start = Date.now();
    const again = await runScript(repo.root, 'pull.ts', args);
    fullMs = Date.now() - start;
    expect(again.code, again.stderr).toBe(0);
    expect(state(repo.root, dirs)).toEqual(newState);
    expect(Object.keys(newState)).toContain('specs/dfns/upstream.lock.json');
  }, 300_000);
  afterAll(() => repo.cleanup());

  const cases: ({ at: string; outcome: 'old' | 'new' } | { share: number })[] = [{ at: 'temp:2', outcome: 'old' }, { at: 'rename:1', outcome: 'new' }, { share: 0.9 }];
  it.each(cases)('killed at %o: spec, lock and generated/ are all old or all new', async (kill) => {
    restore(repo.root, dirs, old);
    const how = 'at' in kill ? { at: kill.at } : { afterMs: Math.round(Math.random() * kill.share * fullMs) };
    const killed = await runAndKill(repo.root, 'pull.ts', args, how);
    if ('at' in how) expect(killed.reached, killed.stderr).toBe(true);
    const check = await runScript(repo.root, 'regen.ts', ['--check', '--provider', 'dfns']);
    const now = state(repo.root, dirs);
    expect(temps(repo.root, dirs)).toEqual([]);
    const outcome = JSON.stringify(now) === JSON.stringify(newState) ? 'new' : JSON.stringify(now) === JSON.stringify(oldState) ? 'old' : undefined;
    expect(outcome, `torn state after ${JSON.stringify(how)}`).toBeDefined();
    if ('outcome' in kill) expect(outcome).toBe(kill.outcome);
    // Both states are consistent; the check names the spec it found by its hash.
    expect(check.code).toBe(0);
    const spec = readFileSync(path.join(repo.root, 'specs/dfns/openapi.yaml'));
    const { createHash } = await import('node:crypto');
    expect(check.stdout).toContain(`dfns       check     spec ${createHash('sha256').update(spec).digest('hex').slice(0, 8)}: every file up to date`);
  }, 300_000);
});

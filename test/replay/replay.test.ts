/**
 * The replay: each provider's real upstream history (./timeline.ts), synced step by step the way
 * a scheduled job would, in a throwaway copy of the repository. The first step pins the spec at
 * the oldest snapshot (lock and spec rebuilt from it); every later step runs
 * `specs:pull --update --accept` with the next snapshot. After each step:
 *
 * - the operations the review reports as changed are exactly those the replay's own comparison
 *   finds changed in the raw documents (./expected.ts; never the project's diff code);
 * - no reported change is about wording or samples only;
 * - `tsc --noEmit -p tsconfig.json` is clean in the copy, and the facade works against the synced
 *   spec: every method of the review's own contract run passes, or, where the review has none,
 *   `vitest run test/contract/<p>.test.ts` passes in the copy.
 *
 * A step the issue expects to be compatible may still be stopped by the review (non-zero exit).
 * The test then checks the stop is explained (an ERR, a facade compile error or a failing facade
 * method in the review), records it as
 * a finding in the test's annotations and accepts it with --accept-breaking, so the steps after it
 * still run; the review that stopped the run is the one compared.
 *
 * Both providers replay in one copy, one provider after the other and the steps of each in order,
 * as the scheduled job syncs one repository: the copy's type-check (one kept-alive process, see
 * ./typecheck.ts) then checks the whole tree once and at each later step only what the step could
 * reach, instead of every copy paying for a whole first check of its own. Every command has a
 * time limit.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, it, type TestContext } from 'vitest';
import { expectedChanges, keptOperations, type ExpectedChange, type KeptOperation } from './expected.js';
import { changedOperations, proseChanges, type ReportedChange, type ReviewedProvider } from './review.js';
import { Sandbox, type PullRun, type Run } from './sandbox.js';
import { TIMELINES, UPSTREAM, type Snapshot } from './timeline.js';

/** Per step: pull (and a rerun with --accept-breaking), tsc and the contract run, with room to spare. */
const STEP_TIMEOUT_MS = 900_000;

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** Last lines of a command's output, for failure messages. */
const tail = (run: Run, lines = 40): string => `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-lines).join('\n');

const describeChanges = (changes: readonly ReportedChange[]): string =>
  changes.map((c) => `${c.level} ${c.id}${c.operation ? ` ${c.operation.operationId}` : ''}: ${c.message}`).join('\n');

const describeExpected = (changes: readonly ExpectedChange[]): string => changes.map((c) => `${c.operationId} ${c.kind} ${c.where.join(' ')}`).join('\n');

/** A finished sync: the run that wrote, the review that is compared, the review of what was accepted. */
interface Synced {
  run: PullRun;
  review: ReviewedProvider | undefined;
  accepted: ReviewedProvider | undefined;
}

/**
 * Annotate the test (shown with its result), and print the note too. Vitest refuses annotations
 * once a soft assertion has marked the test failed; the printed line still carries them.
 */
async function note(ctx: TestContext, message: string, type: 'notice' | 'warning' = 'notice'): Promise<void> {
  console.log(`${ctx.task.name}: ${message}`);
  if (ctx.task.result?.state === 'run' || ctx.task.result === undefined) await ctx.annotate(message, type);
}

/**
 * The snapshot files a committed lock pins, when every pinned source is one of the local
 * snapshots (matched by sha256); undefined otherwise.
 */
function pinnedSnapshotFiles(lockText: string | undefined, provider: string): Record<string, string> | undefined {
  if (lockText === undefined) return undefined;
  const lock = JSON.parse(lockText) as { sources?: Record<string, { sha256?: string }> };
  const dir = path.join(UPSTREAM, provider);
  const bySha = new Map<string, string>();
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isFile()) bySha.set(sha256(file), file);
  }
  const files: Record<string, string> = {};
  for (const [id, source] of Object.entries(lock.sources ?? {})) {
    const file = source.sha256 ? bySha.get(source.sha256) : undefined;
    if (!file) return undefined;
    files[id] = file;
  }
  return Object.keys(files).length > 0 ? files : undefined;
}

let sandbox: Sandbox;
beforeAll(() => {
  sandbox = new Sandbox();
});
afterAll(() => sandbox?.cleanup());

for (const timeline of TIMELINES) {
  const { provider, snapshots } = timeline;

  describe(`replay of ${provider}`, () => {
    let kept: KeptOperation[];
    beforeAll(() => {
      kept = keptOperations(sandbox.read(`specs/${provider}/provider.yaml`));
    });
    /** False once a pull failed: the spec did not advance, so later steps have nothing to compare. */
    let synced = true;

    /** Sync to `snapshot`; on a stop the step expects not to happen, record it and accept anyway. */
    async function sync(ctx: TestContext, snapshot: Snapshot, pin: boolean): Promise<Synced> {
      let run = await sandbox.pull(provider, snapshot.files, { acceptBreaking: pin });
      const review = run.review.get(provider);
      if (run.code !== 0 && !pin && snapshot.compatible && review !== undefined) {
        // The review must explain the stop before it is overridden.
        const errs = review?.changes.filter((c) => c.level === 'ERR') ?? [];
        const failing = review?.methods?.filter((m) => !m.ok) ?? [];
        ctx.expect(errs.length > 0 || review?.facade?.ok === false || failing.length > 0, `the run stopped without a reason in its review:\n${tail(run)}`).toBe(true);
        const finding = [
          `${provider} ${snapshot.date}: the review stopped a step expected to be compatible (${snapshot.compatible}): ${errs.length} ERR (${[...new Set(errs.map((c) => c.id))].join(', ')})`,
          ...(review?.facade?.ok === false ? [`facade: ${review.facade.errors.slice(0, 3).join('; ')}`] : []),
          ...(failing.length > 0 ? [`failing methods: ${failing.map((m) => m.method).join(', ')}`] : []),
        ].join('; ');
        await note(ctx, `finding: ${finding}`, 'warning');
        // Same candidate, so the contract verdict of the run that stopped still holds: skip it.
        run = await sandbox.pull(provider, snapshot.files, { acceptBreaking: true, noContract: review.methods !== undefined });
        if (review.methods) return finish(ctx, snapshot, run, review, { ...(run.review.get(provider) ?? review), methods: review.methods });
      }
      return finish(ctx, snapshot, run, review, run.review.get(provider));
    }

    /** The pull must have succeeded, and the lock now pins exactly the documents of this date. */
    function finish(ctx: TestContext, snapshot: Snapshot, run: PullRun, review: ReviewedProvider | undefined, accepted: ReviewedProvider | undefined): Synced {
      if (run.code !== 0) synced = false;
      ctx.expect(run.code, `specs:pull ${run.args.join(' ')} failed:\n${tail(run)}`).toBe(0);
      const lock = JSON.parse(sandbox.read(`specs/${provider}/upstream.lock.json`)) as { sources: Record<string, { sha256: string }> };
      for (const [id, file] of Object.entries(snapshot.files)) ctx.expect.soft(lock.sources[id]?.sha256, `lock entry of ${id}`).toBe(sha256(file));
      return { run, review, accepted };
    }

    /**
     * The assertions every step ends with. All are soft, so one failing check still lets the
     * others report; tsc and the contract run side by side (each is its own process).
     */
    async function afterStep(ctx: TestContext, expected: ExpectedChange[] | undefined, review: ReviewedProvider | undefined, accepted: ReviewedProvider | undefined): Promise<void> {
      if (expected) {
        ctx.expect.soft(review, 'the run wrote no review report').toBeDefined();
        const reported = changedOperations(review?.changes ?? []);
        ctx.expect.soft(reported, `reported:\n${describeChanges(review?.changes ?? [])}\nexpected:\n${describeExpected(expected)}`).toEqual(expected.map((c) => c.operationId));
      }
      if (review) {
        ctx.expect.soft(proseChanges(review.changes).map((c) => `${c.id} ${c.pointer}`), 'prose-only changes reported').toEqual([]);
        const documentLevel = review.changes.filter((c) => !c.operation);
        if (documentLevel.length > 0) await note(ctx, `changes outside operations (not compared):\n${describeChanges(documentLevel)}`, 'notice');
      }
      // Where the accepted review ran the facade's contract calls against the synced spec itself,
      // its per-method verdicts are the contract check; otherwise the contract tests run here.
      const methods = accepted?.methods;
      const [tsc, contract] = await Promise.all([sandbox.typecheck(), methods ? undefined : sandbox.contract([provider])]);
      const contractNote = methods ? `review's contract run: ${methods.filter((m) => m.ok).length}/${methods.length} methods work` : `contract ${contract!.code === 0 ? 'passed' : 'FAILED'} (${contract!.seconds.toFixed(1)} s)`;
      await note(ctx, `tsc ${tsc.code === 0 ? 'clean' : 'FAILED'} (${tsc.seconds.toFixed(1)} s); ${contractNote}`);
      ctx.expect.soft(tsc.code, `tsc --noEmit -p tsconfig.json:\n${tail(tsc)}`).toBe(0);
      if (methods) {
        ctx.expect.soft(methods.length, 'the review ran no contract call').toBeGreaterThan(0);
        ctx.expect.soft(methods.filter((m) => !m.ok).map((m) => `${m.method}: ${m.error ?? 'failed'}`), `facade methods failing against the synced ${provider} spec`).toEqual([]);
      } else ctx.expect.soft(contract!.code, `contract tests of ${provider}:\n${tail(contract!, 60)}`).toBe(0);
    }

    it.sequential(`pins the spec at ${snapshots[0]!.date}`, { timeout: STEP_TIMEOUT_MS }, async (ctx) => {
      const first = snapshots[0]!;
      // Where the committed lock pins local snapshots, the pin step itself is a step between two
      // known upstream states and is compared like any other.
      const lockFile = `specs/${provider}/upstream.lock.json`;
      let lockText: string | undefined;
      try {
        lockText = sandbox.read(lockFile);
      } catch {
        lockText = undefined;
      }
      const pinned = pinnedSnapshotFiles(lockText, provider);
      const oursBefore = sandbox.spec(provider);
      const { review, accepted } = await sync(ctx, first, true);
      let expected: ExpectedChange[] | undefined;
      if (pinned) expected = expectedChanges({ kept, before: pinned, after: first.files, oursBefore, oursAfter: sandbox.spec(provider) });
      else await note(ctx, `the committed ${lockFile} does not pin local snapshots; the pin step's review is not compared`, 'notice');
      await afterStep(ctx, expected, review, accepted);
    });

    for (const [index, snapshot] of snapshots.entries()) {
      if (index === 0) continue;
      const previous = snapshots[index - 1]!;
      it.sequential(`syncs ${previous.date} → ${snapshot.date}`, { timeout: STEP_TIMEOUT_MS }, async (ctx) => {
        ctx.expect(synced, 'an earlier pull failed, so the spec is not at the previous snapshot').toBe(true);
        const oursBefore = sandbox.spec(provider);
        const { review, accepted } = await sync(ctx, snapshot, false);
        const expected = expectedChanges({ kept, before: previous.files, after: snapshot.files, oursBefore, oursAfter: sandbox.spec(provider) });
        await afterStep(ctx, expected, review, accepted);
      });
    }
  });
}

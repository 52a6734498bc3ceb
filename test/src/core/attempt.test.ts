/**
 * One attempt under its time limit and the caller's signal (attempt.ts), and the one case where
 * an attempt runs on its caller's signal: a nested attempt (the Dfns signing round-trips) whose
 * caller is an attempt that aborts in time, with the same body limit.
 */
import { describe, expect, it } from 'vitest';
import { attemptWithin, bodyLimit, type AttemptOptions } from '../../../src/core/attempt.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../../src/core/options.js';

const timeoutError = (name: string) => () => Object.assign(new Error(`${name} timed out`), { name });
const options = (name: string, timeoutMs: number, signal?: AbortSignal, maxResponseBytes = 1024): AttemptOptions => ({
  signal,
  timeoutMs,
  timeoutError: timeoutError(name),
  maxResponseBytes,
});
/** An attempt that never settles by itself and remembers the signal it ran on. */
const hanging = (seen: AbortSignal[]) => (signal: AbortSignal) => {
  seen.push(signal);
  return new Promise<never>(() => undefined);
};

describe('attemptWithin', () => {
  it('rejects with the timeout error at the limit and aborts its signal with it, even if the attempt ignores it', async () => {
    const seen: AbortSignal[] = [];
    const err = await attemptWithin(hanging(seen), options('outer', 30)).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'outer' });
    expect(seen[0]!.aborted).toBe(true);
    expect(seen[0]!.reason).toBe(err);
  });

  it("rejects at once with the caller's reason, and before starting when already aborted", async () => {
    const caller = new AbortController();
    const seen: AbortSignal[] = [];
    const pending = attemptWithin(hanging(seen), options('a', 10_000, caller.signal));
    caller.abort(new Error('stop'));
    await expect(pending).rejects.toThrow('stop');
    expect(seen[0]!.aborted).toBe(true);
    await expect(attemptWithin(hanging(seen), options('b', 10_000, caller.signal))).rejects.toThrow('stop');
    expect(seen).toHaveLength(1);
  });

  it('an attempt that throws at once rejects with that error', async () => {
    await expect(
      attemptWithin(() => {
        throw new Error('sync');
      }, options('a', 1000)),
    ).rejects.toThrow('sync');
  });

  it("a nested attempt whose caller's attempt ends first runs on the caller's signal and rejects with its timeout", async () => {
    const seen: AbortSignal[] = [];
    const outer = attemptWithin(
      (outerSignal) => {
        seen.push(outerSignal);
        return attemptWithin(hanging(seen), options('inner', 5_000, outerSignal));
      },
      options('outer', 40),
    );
    const err = await outer.catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'outer' });
    expect(seen).toHaveLength(2);
    expect(seen[1]).toBe(seen[0]);
  });

  it('a nested attempt with an earlier limit of its own gets its own signal and its own timeout', async () => {
    const seen: AbortSignal[] = [];
    const err = await attemptWithin(
      (outerSignal) => {
        seen.push(outerSignal);
        return attemptWithin(hanging(seen), options('inner', 30, outerSignal));
      },
      options('outer', 5_000),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'inner' });
    expect(seen[1]).not.toBe(seen[0]);
    expect(seen[1]!.aborted).toBe(true);
    expect(seen[0]!.aborted).toBe(false);
  });

  it('a nested attempt with another body limit gets its own signal, and each signal tells its own limit', async () => {
    const limits: number[] = [];
    const seen: AbortSignal[] = [];
    await attemptWithin(
      (outerSignal) => {
        seen.push(outerSignal);
        return attemptWithin(
          async (innerSignal) => {
            seen.push(innerSignal);
            limits.push(bodyLimit(outerSignal), bodyLimit(innerSignal));
          },
          options('inner', 5_000, outerSignal, 2048),
        );
      },
      options('outer', 40, undefined, 1024),
    );
    expect(seen[1]).not.toBe(seen[0]);
    expect(limits).toEqual([1024, 2048]);
    expect(bodyLimit(new AbortController().signal)).toBe(DEFAULT_MAX_RESPONSE_BYTES);
    expect(bodyLimit(undefined)).toBe(DEFAULT_MAX_RESPONSE_BYTES);
  });

  it("a nested attempt on the caller's signal still ends when its caller's caller aborts", async () => {
    const user = new AbortController();
    const seen: AbortSignal[] = [];
    const outer = attemptWithin((outerSignal) => attemptWithin(hanging(seen), options('inner', 10_000, outerSignal)), options('outer', 5_000, user.signal));
    setTimeout(() => user.abort(new Error('user stop')), 20);
    await expect(outer).rejects.toThrow('user stop');
    expect(seen[0]!.aborted).toBe(true);
  });
});

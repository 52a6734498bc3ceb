/**
 * One attempt of a call under its own time limit and the caller's signal.
 *
 * Each attempt gets a fresh AbortController, fed by the caller's signal through a listener
 * (cheaper than `AbortSignal.any`, which matters on Dfns signing, three requests per call). The
 * attempt's signal aborts as soon as the caller aborts or the time is up, which aborts the
 * transport and rejects the attempt at once, even if a custom `fetch` ignores the signal.
 *
 * One exception: when the caller's signal is itself the signal of an attempt whose time is up no
 * later than this one's would be (the Dfns signing round-trips, made from inside the attempt of
 * the call they sign), this attempt runs on that signal as it is. Its own timer could never fire
 * first, and what it would abort with is what the caller's signal aborts with, so nothing
 * changes but a controller and a timer fewer per round-trip. (It must also have the same body
 * limit, the other fact the signal carries: see {@link bodyLimit}.)
 */
import { DEFAULT_MAX_RESPONSE_BYTES } from './options.js';

/** Options of {@link attemptWithin}. */
export interface AttemptOptions {
  /** The caller's signal; its reason is what the attempt rejects with when it aborts. */
  signal: AbortSignal | undefined;
  /** Time limit in milliseconds; `Infinity` for none. */
  timeoutMs: number;
  /** The error to reject with when the time is up. */
  timeoutError: () => Error;
  /** The attempt's body limit, which a transport reads with {@link bodyLimit}. */
  maxResponseBytes: number;
}

/** What travels with an attempt's signal. */
interface AttemptFacts {
  /** When the signal aborts at the latest (`performance.now()` time; `Infinity` for never). */
  deadline: number;
  maxResponseBytes: number;
}

/**
 * The facts of each attempt, keyed by the attempt's abort signal: the one thing that travels
 * unchanged from the client to a dispatcher transport (see `dispatcherFetch`).
 */
const attempts = new WeakMap<AbortSignal, AttemptFacts>();

/** The body limit of the attempt that owns `signal` (the default when unknown). */
export function bodyLimit(signal: AbortSignal | null | undefined): number {
  return (signal && attempts.get(signal)?.maxResponseBytes) ?? DEFAULT_MAX_RESPONSE_BYTES;
}

/** Run `attempt` with an abort signal that fires on the caller's abort or at the time limit. */
export function attemptWithin<T>(attempt: (signal: AbortSignal) => Promise<T>, options: AttemptOptions): Promise<T> {
  const callerSignal = options.signal;
  if (callerSignal?.aborted) return Promise.reject(callerSignal.reason);
  const deadline = Number.isFinite(options.timeoutMs) ? performance.now() + options.timeoutMs : Infinity;
  const caller = callerSignal && attempts.get(callerSignal);
  // The caller's signal already aborts in time, for an attempt with the same body limit (see
  // the module comment): run on it.
  const shared = caller !== undefined && caller.deadline <= deadline && caller.maxResponseBytes === options.maxResponseBytes;
  const controller = shared ? undefined : new AbortController();
  const signal = controller?.signal ?? callerSignal!;
  if (controller) attempts.set(controller.signal, { deadline, maxResponseBytes: options.maxResponseBytes });
  // Aborted with the caller's reason or the timeout error: the attempt rejects with it at once.
  // The rejection comes straight from here, not from a second listener on the attempt's signal
  // (one listener and one promise fewer per request).
  return new Promise<T>((resolve, reject) => {
    const stop = (reason: unknown): void => {
      controller?.abort(reason);
      reject(reason);
    };
    const onCallerAbort = (): void => stop(callerSignal?.reason);
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    const timer = controller && deadline !== Infinity ? setTimeout(() => stop(options.timeoutError()), options.timeoutMs) : undefined;
    const finish = (): void => {
      clearTimeout(timer);
      callerSignal?.removeEventListener('abort', onCallerAbort);
    };
    let pending: Promise<T>;
    try {
      pending = attempt(signal);
    } catch (err) {
      finish();
      return reject(err);
    }
    pending.then(
      (value) => {
        finish();
        resolve(value);
      },
      (err: unknown) => {
        finish();
        reject(err);
      },
    );
  });
}

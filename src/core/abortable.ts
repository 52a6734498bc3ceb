/**
 * Waiting on a promise no longer than a signal allows: the one listener pattern behind the
 * pause between retries (`sleep`) and a caller waiting for a shared token request (tokens.ts).
 * (An attempt's time limit rejects from its own timer instead: attempt.ts.) Internal: not
 * re-exported by the package.
 */

/**
 * `promise`'s outcome, or a rejection with `signal`'s reason as soon as it aborts (then
 * `onAbort` runs, to stop whatever the promise waits on). The abort listener is removed once
 * `promise` settles, so a long-lived signal does not collect listeners. `signal` must not have
 * aborted yet.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => {
      reject(signal.reason);
      onAbort?.();
    };
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(err);
      },
    );
  });
}

/**
 * Retry policy: which failures are retried, and how long to wait before the next attempt.
 *
 * The rules come from the spec, not from guesses about the HTTP method: every operation carries
 * `x-idempotent` (copied into the generated operations table), and only idempotent operations
 * are retried after an outcome that leaves it unknown whether the provider acted (502, 503, 504,
 * a reset connection, a timeout). A 429 means the provider refused the request without acting,
 * so it is retried for every operation.
 *
 * | outcome | idempotent operation | token endpoint | other operation |
 * |---|---|---|---|
 * | 429 | retried | retried | retried |
 * | 502, 503, 504 | retried | retried | final |
 * | any other 5xx | final | retried (minting a token is idempotent) | final |
 * | timeout, network failure (sending or reading the body) | retried | retried | final |
 * | a success answer that is not JSON (HTML, cut short) | retried, like a 503 | retried | final |
 * | an answer over `maxResponseBytes`, a refused redirect, an abort | final | final | final |
 */
import { untilAborted } from './abortable.js';
import { defined } from './defined.js';
import { isProviderApiError, isProviderNetworkError, isProviderResponseError, isProviderTimeoutError } from './errors/index.js';

/** How a client retries. Pass `retry: false` to the client to turn retries off. */
export interface RetryOptions {
  /**
   * Total attempts, the first one included: an integer from 0 to `MAX_RETRY_ATTEMPTS` (10); 0
   * and 1 both mean a single attempt.
   * @default 3
   */
  attempts?: number;
  /**
   * Base of the exponential backoff: attempt n waits about `baseDelayMs * 2^(n-1)`, jittered.
   * @default 250
   */
  baseDelayMs?: number;
  /**
   * Longest backoff between two attempts when the provider gave no `Retry-After`.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * Longest wait honoured from a `Retry-After` answer; longer requests are clamped to this.
   * Like the other delays, an integer from 0 to `MAX_TIMEOUT_MS` (2^31 − 1).
   * @default 60000
   */
  maxRetryAfterMs?: number;
}

/** {@link RetryOptions} with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The defaults used when a client is given no `retry` option. */
export const DEFAULT_RETRY: ResolvedRetryOptions = Object.freeze({
  attempts: 3,
  baseDelayMs: 250,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 60_000,
});

/** Statuses that leave it unknown whether the provider acted: retried only when idempotent. */
const UNCERTAIN_STATUSES = new Set([502, 503, 504]);

/** Fill in defaults; `false` becomes a single attempt. */
export function resolveRetryOptions(retry: RetryOptions | false | undefined): ResolvedRetryOptions {
  if (retry === false) return { ...DEFAULT_RETRY, attempts: 1 };
  const merged = { ...DEFAULT_RETRY, ...defined(retry ?? {}) };
  merged.attempts = Math.max(1, Math.floor(merged.attempts));
  return merged;
}

/**
 * Parse a `Retry-After` value (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns `undefined` for a missing or malformed value; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (value == null) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined; // not a number and not a date
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Whether an HTTP status should be retried for an operation with the given idempotency. */
export function isRetryableStatus(status: number, idempotent: boolean): boolean {
  return status === 429 || (idempotent && UNCERTAIN_STATUSES.has(status));
}

/**
 * Whether a thrown error should be retried: timeouts, transport failures and unusable (not too
 * large) answers for idempotent operations, and HTTP errors raised inside an attempt (e.g. by a
 * signing step) by status. `mintsToken` adds every 5xx (see the module comment).
 */
export function isRetryableError(err: unknown, idempotent: boolean, mintsToken = false): boolean {
  if (isProviderApiError(err)) return isRetryableStatus(err.status, idempotent) || (mintsToken && err.status >= 500);
  if (isProviderResponseError(err)) return (idempotent || mintsToken) && err.reason !== 'too-large';
  return (idempotent || mintsToken) && (isProviderTimeoutError(err) || isProviderNetworkError(err));
}

/**
 * Delay before attempt `attempt + 1` (attempt counts from 1). `Retry-After` is authoritative when
 * present (clamped to `maxRetryAfterMs`); otherwise exponential backoff with equal jitter, so
 * clients that failed together do not come back together.
 */
export function retryDelay(attempt: number, options: ResolvedRetryOptions, retryAfterMs?: number, random = Math.random): number {
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, options.maxRetryAfterMs);
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

/** Resolve after `ms`, or reject with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const pause = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  return signal ? untilAborted(pause, signal, () => clearTimeout(timer)) : pause;
}

/** Options of {@link withRetries}. */
export interface RetryLoopOptions {
  retry: ResolvedRetryOptions;
  /** Whether the operation is safe to repeat after an outcome that leaves it unknown whether it acted. */
  idempotent: boolean;
  /** The operation mints tokens: also retried after any 5xx. */
  mintsToken?: boolean | undefined;
  /** The caller's signal: no attempt starts and no wait goes on once it aborted. */
  signal: AbortSignal | undefined;
  /**
   * Asked once per call, after an attempt answered 401: resolve `true` to repeat that attempt
   * (e.g. after dropping a cached token). The repeat does not count against `retry.attempts`.
   */
  onUnauthorized?: (() => boolean | Promise<boolean>) | undefined;
}

/**
 * The retry loop around whole attempts. A middleware cannot send a request back through the
 * chain, and a repeated request must pass through every middleware again (a Dfns user action
 * token is single-use, an expired bearer token must be fetched anew), so each attempt is a full
 * call and the loop wraps it from outside.
 *
 * Resolves with the first answer that is a success, is not retryable, or comes from the last
 * attempt; rejects with the last error under the same rules.
 */
export async function withRetries<R extends { response: Response }>(attempt: () => Promise<R>, options: RetryLoopOptions): Promise<R> {
  const { retry, idempotent, signal, onUnauthorized } = options;
  const mintsToken = options.mintsToken ?? false;
  let refreshed = false;
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw signal.reason;
    let retryAfterMs: number | undefined;
    try {
      const result = await attempt();
      const status = result.response.status;
      if (status === 401 && onUnauthorized && !refreshed) {
        refreshed = true;
        if (await onUnauthorized()) {
          n--;
          continue;
        }
      }
      const retryable = isRetryableStatus(status, idempotent) || (mintsToken && status >= 500);
      if (result.response.ok || n >= retry.attempts || !retryable) return result;
      retryAfterMs = parseRetryAfter(result.response.headers.get('retry-after'));
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      if (n >= retry.attempts || !isRetryableError(err, idempotent, mintsToken)) throw err;
      retryAfterMs = isProviderApiError(err) ? err.retryAfterMs : undefined;
    }
    await sleep(retryDelay(n, retry, retryAfterMs), signal);
  }
}

/**
 * The options every provider client shares: the same names, in the same place, on every
 * provider. Client-wide options go to `create<Provider>Client`; per-call options are the last
 * argument of every facade method and override the client's for that call.
 */
import type { FetchLike } from './dispatcher-fetch.js';
import type { RetryOptions } from './retry.js';

/** Options every provider client takes beside its credential. */
export interface ClientOptions {
  /**
   * The `fetch` used for every request (token requests included). Without it the client sends
   * through a keep-alive connection pool of its own (closed by `close()`; redirects are returned,
   * not followed). Pass `globalThis.fetch`, or any `fetch`, to use that instead.
   * @default the client's own keep-alive pool
   */
  fetch?: FetchLike | undefined;
  /**
   * Retry policy, or `false` for one attempt.
   * @default { attempts: 3, baseDelayMs: 250, maxDelayMs: 5000, maxRetryAfterMs: 60000 }
   */
  retry?: RetryOptions | false | undefined;
  /**
   * Time limit of one attempt, in milliseconds (`Infinity` for none).
   * @default 30000
   */
  timeoutMs?: number | undefined;
}

/** Per-call options: the last argument of every facade method. */
export interface CallOptions {
  /** Aborts the call, its retries and the waits between them. */
  signal?: AbortSignal | undefined;
  /**
   * Time limit of one attempt of this call; overrides the client's.
   * @default the client's `timeoutMs`
   */
  timeoutMs?: number | undefined;
  /**
   * Retry policy of this call, or `false` for one attempt; overrides the client's.
   * @default the client's `retry`
   */
  retry?: RetryOptions | false | undefined;
}

/** {@link CallOptions} as request keys: only the ones given, never set to `undefined`. */
export interface CallInit {
  signal?: AbortSignal;
  timeoutMs?: number;
  retry?: RetryOptions | false;
}

/**
 * The per-call options as keys of an openapi-fetch request (`raw.GET(path, { ...callInit(o) })`);
 * the typed client reads `timeoutMs` and `retry` off before openapi-fetch sees them.
 */
export function callInit(options: CallOptions | undefined): CallInit {
  if (options === undefined) return {};
  const init: CallInit = {};
  if (options.signal !== undefined) init.signal = options.signal;
  if (options.timeoutMs !== undefined) init.timeoutMs = options.timeoutMs;
  if (options.retry !== undefined) init.retry = options.retry;
  return init;
}

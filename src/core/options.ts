/**
 * The options every provider client shares: the same names, in the same place, on every
 * provider. Client-wide options go to `create<Provider>Client`; per-call options are the last
 * argument of every facade method and override the client's for that call.
 *
 * Bounds on the client options that decide how long a call may loop, wait or buffer, checked
 * once when the client is created so a bad value fails loudly there instead of retrying forever
 * (`attempts: NaN`), firing every timer at once (`timeoutMs: 2 ** 31` overflows Node's timers) or
 * waiting without end (`maxRetryAfterMs: Infinity`).
 *
 * | option | accepted |
 * |---|---|
 * | `retry.attempts` | an integer from 0 to {@link MAX_RETRY_ATTEMPTS} (0 and 1 both mean one attempt) |
 * | `retry.baseDelayMs`, `retry.maxDelayMs`, `retry.maxRetryAfterMs` | an integer from 0 to {@link MAX_TIMEOUT_MS} |
 * | `timeoutMs` | an integer from 1 to {@link MAX_TIMEOUT_MS} |
 * | `maxResponseBytes` | an integer from 1 to {@link MAX_RESPONSE_BYTES_LIMIT} |
 */
import { defined } from './defined.js';
import { ProviderConfigError } from './errors/index.js';
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
   * Time limit of one attempt, in milliseconds: an integer from 1 to 2^31 − 1.
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Largest answer body read, in bytes; a larger one is refused while streaming, without
   * buffering the rest.
   * @default 16777216 (16 MiB, {@link DEFAULT_MAX_RESPONSE_BYTES})
   */
  maxResponseBytes?: number | undefined;
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
  return defined({ signal: options?.signal, timeoutMs: options?.timeoutMs, retry: options?.retry });
}

/** Most attempts a retry policy may ask for. */
export const MAX_RETRY_ATTEMPTS = 10;

/** Longest delay a Node timer can hold (2^31 − 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Default of `maxResponseBytes`: the largest answer body a client reads (16 MiB). */
export const DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** Largest `maxResponseBytes` accepted (1 GiB). */
export const MAX_RESPONSE_BYTES_LIMIT = 1024 * 1024 * 1024;

/** Describe a rejected value without echoing strings (a misplaced secret must not reach a message). */
function shown(value: unknown): string {
  return typeof value === 'number' ? String(value) : `a ${value === null ? 'null' : typeof value}`;
}

/**
 * Check that `value` is an integer from `min` to `max`; `undefined` passes (the default applies).
 *
 * @throws ProviderConfigError naming `name` otherwise.
 */
export function checkInteger(value: unknown, name: string, min: number, max: number, provider: string): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new ProviderConfigError(`${name} must be an integer from ${min} to ${max} (got ${shown(value)})`, { provider });
  }
}

/** The options of a client that {@link checkClientLimits} checks. */
export interface ClientLimits {
  retry?: { attempts?: unknown; baseDelayMs?: unknown; maxDelayMs?: unknown; maxRetryAfterMs?: unknown } | false | undefined;
  timeoutMs?: unknown;
  maxResponseBytes?: unknown;
}

/**
 * Check every bounded option of a client (see the module comment).
 *
 * @throws ProviderConfigError naming the first option out of bounds.
 */
export function checkClientLimits(options: ClientLimits, provider: string): void {
  const { retry } = options;
  if (retry !== undefined && retry !== false) {
    if (typeof retry !== 'object' || retry === null) throw new ProviderConfigError('retry must be an object or false', { provider });
    checkInteger(retry.attempts, 'retry.attempts', 0, MAX_RETRY_ATTEMPTS, provider);
    checkInteger(retry.baseDelayMs, 'retry.baseDelayMs', 0, MAX_TIMEOUT_MS, provider);
    checkInteger(retry.maxDelayMs, 'retry.maxDelayMs', 0, MAX_TIMEOUT_MS, provider);
    checkInteger(retry.maxRetryAfterMs, 'retry.maxRetryAfterMs', 0, MAX_TIMEOUT_MS, provider);
  }
  checkInteger(options.timeoutMs, 'timeoutMs', 1, MAX_TIMEOUT_MS, provider);
  checkInteger(options.maxResponseBytes, 'maxResponseBytes', 1, MAX_RESPONSE_BYTES_LIMIT, provider);
}

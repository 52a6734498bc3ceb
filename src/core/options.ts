/**
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
import { ProviderConfigError } from './errors.js';

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

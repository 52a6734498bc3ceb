/** The caller's signal aborted the call: {@link ProviderAbortError} and its guard. */
import { redact } from '../safety.js';
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand, truncate } from './shared.js';

/**
 * The caller's signal aborted the call (during a request, a wait between retries, or while
 * waiting for a token). Its `name` is `AbortError`, as for a plain `fetch` abort, so existing
 * `err.name === 'AbortError'` checks keep working; `cause` is the signal's reason.
 */
export class ProviderAbortError extends ProviderError {
  constructor(init: ProviderErrorInit) {
    // The reason is the caller's own; its message is shown (masked, shortened) to say why.
    const why = init.cause instanceof Error && typeof init.cause.message === 'string' && init.cause.message ? ` (${truncate(redact(init.cause.message))})` : '';
    super(`${describe(init)} was aborted by the caller${why}`, init);
    brand(this, 'ProviderAbortError');
    this.name = 'AbortError';
  }
}

/** True when the caller's signal aborted the call. */
export function isProviderAbortError(err: unknown): err is ProviderAbortError {
  return err instanceof ProviderAbortError || hasBrand(err, 'ProviderAbortError');
}

/** A request or wait that ran out of time: {@link ProviderTimeoutError} and its guard. */
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand } from './shared.js';

/** Fields of a {@link ProviderTimeoutError}. */
export interface ProviderTimeoutErrorInit extends ProviderErrorInit {
  /** The per-attempt (or overall) limit that was exceeded. */
  timeoutMs: number;
}

/** A request, or a wait such as polling a task, took longer than allowed. */
export class ProviderTimeoutError extends ProviderError {
  /** The limit that was exceeded, in milliseconds. */
  declare readonly timeoutMs: number;

  constructor(init: ProviderTimeoutErrorInit, what = 'timed out') {
    super(`${describe(init)} ${what} after ${init.timeoutMs} ms`, init);
    brand(this, 'ProviderTimeoutError');
    this.timeoutMs = init.timeoutMs;
  }
}

/** True when a request (or a wait) ran out of time. */
export function isProviderTimeoutError(err: unknown): err is ProviderTimeoutError {
  return err instanceof ProviderTimeoutError || hasBrand(err, 'ProviderTimeoutError');
}

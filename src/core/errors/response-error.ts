/** An answer that cannot be used: {@link ProviderResponseError} and its guard. */
import { redact } from '../safety.js';
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand, truncate } from './shared.js';

/** Why an answer could not be used; see {@link ProviderResponseError}. */
export type ProviderResponseProblem = 'invalid-json' | 'unexpected-content-type' | 'too-large';

/** Fields of a {@link ProviderResponseError}. */
export interface ProviderResponseErrorInit extends ProviderErrorInit {
  method: string;
  url: string;
  status: number;
  reason: ProviderResponseProblem;
  /** The answer's `Content-Type`, if any. */
  contentType?: string | undefined;
  /** Bytes of the body read (or declared by `Content-Length` when refused before reading). */
  length?: number | undefined;
  /** The `maxResponseBytes` limit that was exceeded (`too-large` only). */
  limitBytes?: number | undefined;
}

/**
 * The provider answered, but the answer cannot be used: a success status whose body is not JSON
 * (an HTML page from a proxy, JSON cut short), or a body larger than `maxResponseBytes` (refused
 * while streaming, the rest never read). It never carries body text, only its status, content
 * type and length. Idempotent calls retry `invalid-json` and `unexpected-content-type` like a 503.
 */
export class ProviderResponseError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** HTTP status of the answer. */
  declare readonly status: number;
  /** What was wrong with it. */
  declare readonly reason: ProviderResponseProblem;
  /** The answer's `Content-Type`, if any. */
  declare readonly contentType: string | undefined;
  /** Bytes of the body read, or declared when it was refused before reading. */
  declare readonly length: number | undefined;
  /** The limit exceeded, for `too-large`. */
  declare readonly limitBytes: number | undefined;

  constructor(init: ProviderResponseErrorInit) {
    const type = init.contentType ? truncate(redact(init.contentType)).slice(0, 100) : undefined;
    const what =
      init.reason === 'too-large'
        ? `answered HTTP ${init.status} with a body larger than maxResponseBytes (${init.limitBytes} bytes)`
        : `answered HTTP ${init.status} with a body that is not valid JSON (${type ?? 'no content type'}, ${init.length ?? 0} bytes)`;
    super(`${describe(init)} ${what}`, init);
    brand(this, 'ProviderResponseError');
    this.status = init.status;
    this.reason = init.reason;
    this.contentType = type;
    this.length = init.length;
    this.limitBytes = init.limitBytes;
  }
}

/** True when an answer could not be used (not JSON, too large). */
export function isProviderResponseError(err: unknown): err is ProviderResponseError {
  return err instanceof ProviderResponseError || hasBrand(err, 'ProviderResponseError');
}

/** An HTTP error status from the provider: {@link ProviderApiError}, its guard and body bound. */
import { redact } from '../safety.js';
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand, truncate } from './shared.js';

/** Fields of a {@link ProviderApiError}. */
export interface ProviderApiErrorInit extends ProviderErrorInit {
  method: string;
  url: string;
  /** HTTP status of the answer. */
  status: number;
  /** The provider's own error code (ZITADEL gRPC code, SailPoint detailCode, Dfns error message). */
  code?: string | number | undefined;
  /** The provider's request or tracking id, when it sends one. */
  trackingId?: string | undefined;
  /** How long the provider asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** Human-readable reason from the provider; scrubbed and shortened before use in the message. */
  providerMessage?: string | undefined;
  /** Parsed response body (JSON when it parsed, else text). */
  body?: unknown;
}

/**
 * The provider answered with an HTTP error status.
 *
 * `body` holds the parsed answer for callers that need more than `code`; it is deliberately left
 * out of `toJSON()` so logging the error never copies response contents into logs.
 */
export class ProviderApiError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** HTTP status of the answer. */
  declare readonly status: number;
  /** The provider's own error code, when it sends one. */
  declare readonly code: string | number | undefined;
  /** The provider's request or tracking id, when it sends one. */
  declare readonly trackingId: string | undefined;
  /** `Retry-After` in milliseconds, when the provider sent it. */
  declare readonly retryAfterMs: number | undefined;
  /**
   * The error answer's body (JSON when it parsed, else text), with known secrets masked; a text
   * body, or a JSON body longer than {@link MAX_ERROR_BODY_CHARS}, is kept as a text excerpt of
   * that length. Not serialized by `toJSON()`.
   */
  declare readonly body: unknown;

  constructor(init: ProviderApiErrorInit) {
    const reason = init.providerMessage ? `: ${truncate(redact(init.providerMessage))}` : '';
    super(`${describe(init)} failed with HTTP ${init.status}${reason}`, init);
    brand(this, 'ProviderApiError');
    this.status = init.status;
    this.code = typeof init.code === 'string' ? truncate(redact(init.code)) : init.code;
    this.trackingId = init.trackingId;
    this.retryAfterMs = init.retryAfterMs;
    // Non-enumerable: inspecting or spreading the error does not dump the response.
    Object.defineProperty(this, 'body', { value: boundedBody(init.body), enumerable: false });
  }
}

/** True when the provider answered with an HTTP error status. */
export function isProviderApiError(err: unknown): err is ProviderApiError {
  return err instanceof ProviderApiError || hasBrand(err, 'ProviderApiError');
}

/** Longest error body kept on {@link ProviderApiError.body}, in characters of JSON or text. */
export const MAX_ERROR_BODY_CHARS = 16 * 1024;

/** A bounded copy of an error body: JSON kept when short, otherwise a text excerpt. */
function boundedBody(body: unknown): unknown {
  if (body === undefined || body === null) return body;
  if (typeof body === 'string') return body.length > MAX_ERROR_BODY_CHARS ? `${body.slice(0, MAX_ERROR_BODY_CHARS)}…` : body;
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    return undefined;
  }
  if (text === undefined || text.length <= MAX_ERROR_BODY_CHARS) return body;
  return `${text.slice(0, MAX_ERROR_BODY_CHARS)}…`;
}

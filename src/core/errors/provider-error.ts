/** The base class of every error a provider client throws, and its guard. */
import { redactUrl } from '../safety.js';
import { brand, hasBrand, withFields } from './shared.js';

/** Fields every {@link ProviderError} is created with. */
export interface ProviderErrorInit {
  /** Provider id: `dfns`, `zitadel`, `sailpoint`. */
  provider: string;
  /** Our operationId from the provider's normalized spec, when the error belongs to one call. */
  operationId?: string | undefined;
  /** HTTP method of the request, when the error belongs to one request. */
  method?: string | undefined;
  /** Request URL; it is passed through {@link redactUrl} before it is stored. */
  url?: string | undefined;
  /** The underlying error. Kept for debugging, never serialized by `toJSON()`. */
  cause?: unknown;
}

/** The JSON form of a {@link ProviderError} (what `JSON.stringify(err)` produces). */
export interface ProviderErrorJSON {
  name: string;
  message: string;
  provider: string;
  operationId?: string;
  method?: string;
  url?: string;
  status?: number;
  code?: string | number;
  trackingId?: string;
  retryAfterMs?: number;
  timeoutMs?: number;
  causeCode?: string;
  contentType?: string;
  length?: number;
  limitBytes?: number;
  reason?: string;
  targetOrigin?: string;
}

/**
 * The fields of {@link ProviderErrorJSON} beside name, message and provider, in the order they
 * are written; each is written when the error has it set (each subclass carries a few of them).
 */
const JSON_FIELDS = [
  'operationId',
  'method',
  'url',
  'status',
  'code',
  'trackingId',
  'retryAfterMs',
  'timeoutMs',
  'causeCode',
  'reason',
  'contentType',
  'length',
  'limitBytes',
  'targetOrigin',
] as const satisfies readonly (keyof ProviderErrorJSON)[];

/**
 * Base class of every error a provider client throws.
 *
 * @example
 * try { await dfns.users.deactivate(id) } catch (err) {
 *   if (isProviderApiError(err) && err.status === 404) return
 *   throw err
 * }
 */
export class ProviderError extends Error {
  // The fields of every error class are `declare`d: its constructor assigns each one, so no
  // field definition (an `undefined` overwritten a line later) is emitted before it.
  /** Provider id: `dfns`, `zitadel`, `sailpoint`. */
  declare readonly provider: string;
  /** Our operationId, when the error belongs to one operation. */
  declare readonly operationId: string | undefined;
  /** HTTP method, when the error belongs to one request. */
  declare readonly method: string | undefined;
  /** Request URL with credentials and secret-looking query values masked. */
  declare readonly url: string | undefined;

  constructor(message: string, init: ProviderErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    // Each class names itself with a literal (see `brand`).
    brand(this, 'ProviderError');
    this.provider = init.provider;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url === undefined ? undefined : redactUrl(init.url);
  }

  /**
   * A log-safe plain object: no headers, no bodies, no tokens, no keys. The fields of every
   * subclass come from one list ({@link JSON_FIELDS}), so none adds a body by forgetting to leave it out.
   */
  toJSON(): ProviderErrorJSON {
    return withFields<ProviderErrorJSON>({ name: this.name, message: this.message, provider: this.provider }, this, JSON_FIELDS);
  }
}

/** True for every error thrown by a provider client. */
export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError || hasBrand(err, 'ProviderError');
}

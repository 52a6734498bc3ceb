/** A redirect the client refused to follow: {@link ProviderRedirectError} and its guard. */
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand } from './shared.js';

/** Fields of a {@link ProviderRedirectError}. */
export interface ProviderRedirectErrorInit extends ProviderErrorInit {
  method: string;
  url: string;
  status: number;
  /** Origin of the redirect target (`scheme://host:port`); the rest of the target is not kept. */
  targetOrigin: string | undefined;
}

/**
 * The provider answered with a redirect, which the clients never follow: following it would
 * resend the request's credentials (bearer token, client secret, signed user action) to
 * wherever the answer points, another origin or plain http included. Only the target's origin
 * is kept; its path and query may carry secrets.
 */
export class ProviderRedirectError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** HTTP status of the redirect. */
  declare readonly status: number;
  /** Origin the provider redirected to, when the answer named a valid one. */
  declare readonly targetOrigin: string | undefined;

  constructor(init: ProviderRedirectErrorInit) {
    super(`${describe(init)} answered HTTP ${init.status} redirecting to ${init.targetOrigin ?? 'an invalid location'}; redirects are not followed (they would resend credentials)`, init);
    brand(this, 'ProviderRedirectError');
    this.status = init.status;
    this.targetOrigin = init.targetOrigin;
  }
}

/** True when the client refused to follow a redirect. */
export function isProviderRedirectError(err: unknown): err is ProviderRedirectError {
  return err instanceof ProviderRedirectError || hasBrand(err, 'ProviderRedirectError');
}

/** A misconfiguration caught before anything was sent: {@link ProviderConfigError} and its guard. */
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand } from './shared.js';

/**
 * The client was configured or called in a way that cannot work (bad base URL, missing signer,
 * an invalid path parameter, a header value with a line break...). Thrown before anything is sent.
 */
export class ProviderConfigError extends ProviderError {
  constructor(message: string, init: ProviderErrorInit) {
    super(`${describe(init)}: ${message}`, init);
    brand(this, 'ProviderConfigError');
  }
}

/** True when the client was misconfigured or misused. */
export function isProviderConfigError(err: unknown): err is ProviderConfigError {
  return err instanceof ProviderConfigError || hasBrand(err, 'ProviderConfigError');
}

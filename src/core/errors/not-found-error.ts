/** The object asked for does not exist: {@link ProviderNotFoundError} and its guard. */
import { redact } from '../safety.js';
import { ProviderApiError, type ProviderApiErrorInit } from './api-error.js';
import { brand, describe, hasBrand, truncate } from './shared.js';

/**
 * The object asked for does not exist: the provider answered 404, or a read answered without
 * the object. A {@link ProviderApiError}, so code that checks the status keeps working.
 */
export class ProviderNotFoundError extends ProviderApiError {
  constructor(init: ProviderApiErrorInit) {
    super(init);
    brand(this, 'ProviderNotFoundError');
    if (init.status >= 200 && init.status < 300) {
      // A success answer without the object: say so instead of "failed with HTTP 200".
      this.message = `${describe(init)}: not found${init.providerMessage ? ` (${truncate(redact(init.providerMessage))})` : ''}`;
    }
  }
}

/** True when the object asked for does not exist. */
export function isProviderNotFoundError(err: unknown): err is ProviderNotFoundError {
  return err instanceof ProviderNotFoundError || hasBrand(err, 'ProviderNotFoundError');
}

/** A paged list stopped by one of its guards: {@link ProviderPagingError} and its guard. */
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, hasBrand } from './shared.js';

/** Fields of a {@link ProviderPagingError}. */
export interface ProviderPagingErrorInit extends ProviderErrorInit {
  /** Which guard stopped the list. */
  reason: 'repeated-page' | 'repeated-cursor' | 'no-progress' | 'max-pages' | 'max-items';
  /** What was observed, for the message. */
  detail: string;
}

/**
 * A paged list was stopped because going on would loop or lose items: the server ignores the
 * offset or cursor (a page of items already returned, a repeated cursor), stops advancing before
 * the total it reports, or the list passed `maxPages`/`maxItems`.
 */
export class ProviderPagingError extends ProviderError {
  /** Which guard stopped the list. */
  declare readonly reason: ProviderPagingErrorInit['reason'];

  constructor(init: ProviderPagingErrorInit) {
    const who = init.operationId ? `${init.provider} ${init.operationId}` : init.provider;
    super(`${who}: paging stopped: ${init.detail}`, init);
    brand(this, 'ProviderPagingError');
    this.reason = init.reason;
  }
}

/** True when a paged list was stopped by one of its guards. */
export function isProviderPagingError(err: unknown): err is ProviderPagingError {
  return err instanceof ProviderPagingError || hasBrand(err, 'ProviderPagingError');
}

/**
 * Async iteration over paged list endpoints. The facade's `list` methods return these, so callers
 * write `for await (const user of client.users.list())` and never handle cursors or offsets.
 *
 * Pages are fetched lazily, one at a time, only as the caller consumes items; breaking out of the
 * loop stops further requests.
 */
import { ProviderError } from './errors.js';

/** Options of {@link tokenPages}. */
export interface TokenPagesOptions<Page, Item> {
  /** Provider id, for the error raised when a cursor repeats. */
  provider: string;
  /** Fetch one page; `token` is `undefined` for the first page. */
  fetchPage: (token: string | undefined) => Promise<Page>;
  /** The items of a page. */
  items: (page: Page) => readonly Item[] | undefined;
  /** The cursor of the next page; absent, `null` or `''` on the last page. */
  nextToken: (page: Page) => string | null | undefined;
}

/**
 * Iterate the items of a cursor-paged list (`nextPageToken` style).
 *
 * @throws ProviderError when the provider hands back a cursor it already gave (an endless loop).
 */
export async function* tokenPages<Page, Item>(options: TokenPagesOptions<Page, Item>): AsyncGenerator<Item, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  for (;;) {
    const page = await options.fetchPage(token);
    yield* options.items(page) ?? [];
    const next = options.nextToken(page);
    if (next === undefined || next === null || next === '') return;
    if (seen.has(next)) throw new ProviderError(`${options.provider}: the provider returned the same page cursor twice`, { provider: options.provider });
    seen.add(next);
    token = next;
  }
}

/** Options of {@link offsetPages}. */
export interface OffsetPagesOptions<Page, Item> {
  /** Fetch `limit` items starting at `offset`. */
  fetchPage: (offset: number, limit: number) => Promise<Page>;
  /** The items of a page. */
  items: (page: Page) => readonly Item[] | undefined;
  /**
   * Page size to ask for.
   * @default 100
   */
  limit?: number | undefined;
  /**
   * First offset.
   * @default 0
   */
  offset?: number | undefined;
  /** Total number of items when the provider reports it; iteration stops once it is reached. */
  total?: ((page: Page) => number | undefined) | undefined;
}

/**
 * Iterate the items of an offset/limit-paged list. Stops at the first short (or empty) page, or
 * once `total` items have been passed when the provider reports a total.
 */
export async function* offsetPages<Page, Item>(options: OffsetPagesOptions<Page, Item>): AsyncGenerator<Item, void, undefined> {
  const limit = Math.max(1, Math.floor(options.limit ?? 100));
  let offset = Math.max(0, Math.floor(options.offset ?? 0));
  for (;;) {
    const page = await options.fetchPage(offset, limit);
    const items = options.items(page) ?? [];
    yield* items;
    offset += items.length;
    const total = options.total?.(page);
    if (items.length < limit || (total !== undefined && offset >= total)) return;
  }
}

/**
 * Async iteration over paged list endpoints. The facade's `list` methods return these, so callers
 * write `for await (const user of client.users.list())` and never handle cursors or offsets.
 *
 * Pages are fetched lazily, one at a time, only as the caller consumes items; breaking out of the
 * loop stops further requests.
 *
 * Every list is bounded and loses nothing:
 *
 * | situation | what happens |
 * |---|---|
 * | a page shorter than asked for, while the reported total says more remain | the next page is fetched (servers cap page sizes) |
 * | no total reported, a short first page, or a page as long as the one before | the next page is fetched; an empty page ends the list |
 * | no total reported, a page shorter than the one before | the list ends (the last page of a server that honours or caps the size) |
 * | an item already returned (when the list has a `key`) | skipped, so every item comes once |
 * | a non-empty page made only of items already returned | {@link ProviderPagingError} `repeated-page` (the server ignores the offset or cursor) |
 * | an empty page while the reported total says more remain | {@link ProviderPagingError} `no-progress` |
 * | a cursor handed back twice | {@link ProviderPagingError} `repeated-cursor` |
 * | more than `maxPages` pages or `maxItems` items | {@link ProviderPagingError} `max-pages` / `max-items` |
 *
 * So against a server that honours the page size, a list costs at most one request more than
 * its pages (an empty page after a short first page), and with a total, none.
 */
import { ProviderConfigError, ProviderPagingError, type ProviderPagingErrorInit } from './errors/index.js';

/** Default of `maxPages`: far beyond any real list, small enough to stop a runaway loop. */
export const DEFAULT_MAX_PAGES = 10_000;

/** Default of `maxItems`. */
export const DEFAULT_MAX_ITEMS = 1_000_000;

/** Options every paged list takes. */
export interface PageLimits {
  /** Provider id, for the errors. */
  provider?: string | undefined;
  /** Our operationId of the list operation, for the errors. */
  operationId?: string | undefined;
  /**
   * Most pages fetched; one more is a {@link ProviderPagingError}.
   * @default 10000
   */
  maxPages?: number | undefined;
  /**
   * Most items yielded; one more is a {@link ProviderPagingError}. (To take only the first N
   * items, break out of the loop instead.)
   * @default 1000000
   */
  maxItems?: number | undefined;
}

/** Options of {@link tokenPages}. */
export interface TokenPagesOptions<Page, Item> extends PageLimits {
  /** Provider id, for the error raised when a cursor repeats. */
  provider: string;
  /** Fetch one page; `token` is `undefined` for the first page. */
  fetchPage: (token: string | undefined) => Promise<Page>;
  /** The items of a page. */
  items: (page: Page) => readonly Item[] | undefined;
  /** The cursor of the next page; absent, `null` or `''` on the last page. */
  nextToken: (page: Page) => string | null | undefined;
  /** A stable identity of an item (its id), to return each item once and notice a list going round in circles. */
  key?: ((item: Item) => unknown) | undefined;
}

function limit(value: number | undefined, fallback: number, name: string, provider: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new ProviderConfigError(`${name} must be a positive integer`, { provider });
  return value;
}

/** The bookkeeping shared by both kinds of paging: limits and the items seen so far. */
function tracker<Item>(options: PageLimits & { key?: ((item: Item) => unknown) | undefined }) {
  const provider = options.provider ?? 'core';
  const maxPages = limit(options.maxPages, DEFAULT_MAX_PAGES, 'maxPages', provider);
  const maxItems = limit(options.maxItems, DEFAULT_MAX_ITEMS, 'maxItems', provider);
  const seen = new Set<unknown>();
  let pages = 0;
  let items = 0;
  const fail = (reason: ProviderPagingErrorInit['reason'], detail: string): ProviderPagingError =>
    new ProviderPagingError({ provider, operationId: options.operationId, reason, detail });
  return {
    /** Count one more page; throws past `maxPages`. */
    page(): void {
      if (++pages > maxPages) throw fail('max-pages', `more than maxPages (${maxPages}) pages`);
    },
    /** The items of a page not returned before; throws when the page was all repeats, or past `maxItems`. */
    fresh(page: readonly Item[]): Item[] {
      const out: Item[] = [];
      for (const item of page) {
        if (options.key) {
          const id = options.key(item);
          if (id !== undefined && id !== null) {
            if (seen.has(id)) continue;
            seen.add(id);
          }
        }
        out.push(item);
      }
      if (page.length > 0 && out.length === 0) throw fail('repeated-page', `page ${pages} only repeats items already returned (is the offset or cursor ignored?)`);
      return out;
    },
    /** Count an item about to be yielded; throws past `maxItems`. */
    item(): void {
      if (++items > maxItems) throw fail('max-items', `more than maxItems (${maxItems}) items`);
    },
    fail,
  };
}

/**
 * Iterate the items of a cursor-paged list (`nextPageToken` style).
 *
 * @throws ProviderPagingError when the provider hands back a cursor it already gave, a page of
 *   items already returned, or the list passes `maxPages`/`maxItems`.
 * @throws ProviderConfigError (on the call) for limits that are not positive integers.
 */
export function tokenPages<Page, Item>(options: TokenPagesOptions<Page, Item>): AsyncGenerator<Item, void, undefined> {
  const track = tracker<Item>(options);
  return (async function* () {
    const cursors = new Set<string>();
    let token: string | undefined;
    for (;;) {
      track.page();
      const page = await options.fetchPage(token);
      for (const item of track.fresh(options.items(page) ?? [])) {
        track.item();
        yield item;
      }
      const next = options.nextToken(page);
      if (next === undefined || next === null || next === '') return;
      if (cursors.has(next)) throw track.fail('repeated-cursor', 'the provider returned the same page cursor twice');
      cursors.add(next);
      token = next;
    }
  })();
}

/** Options of {@link offsetPages}. */
export interface OffsetPagesOptions<Page, Item> extends PageLimits {
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
  /**
   * Total number of items when the provider reports it; paging goes on until it is reached. A
   * page without one keeps the last total reported (so a provider can be asked to count once).
   */
  total?: ((page: Page) => number | undefined) | undefined;
  /** A stable identity of an item (its id), to return each item once and notice an ignored offset. */
  key?: ((item: Item) => unknown) | undefined;
}

/**
 * Iterate the items of an offset/limit-paged list; see the module comment for when it stops.
 *
 * @throws ProviderPagingError when the server ignores the offset, stops advancing before the
 *   total it reports, or the list passes `maxPages`/`maxItems`.
 * @throws ProviderConfigError (on the call) for limits that are not positive integers.
 */
export function offsetPages<Page, Item>(options: OffsetPagesOptions<Page, Item>): AsyncGenerator<Item, void, undefined> {
  const track = tracker<Item>(options);
  const size = Math.max(1, Math.floor(options.limit ?? 100));
  return (async function* () {
    let offset = Math.max(0, Math.floor(options.offset ?? 0));
    let previous: number | undefined;
    let total: number | undefined;
    for (;;) {
      track.page();
      const page = await options.fetchPage(offset, size);
      const items = options.items(page) ?? [];
      total = options.total?.(page) ?? total;
      for (const item of track.fresh(items)) {
        track.item();
        yield item;
      }
      // The offset advances by what the server sent (repeats included: they hold positions).
      offset += items.length;
      if (total !== undefined) {
        if (offset >= total) return;
        if (items.length === 0) throw track.fail('no-progress', `an empty page at offset ${offset} although the provider reports ${total} items`);
      } else {
        if (items.length === 0) return;
        // A page shorter than the one before it is the last page; a short first page, or one as
        // long as the previous, may be the server's own cap, so one more page is asked for.
        if (items.length < size && previous !== undefined && items.length < previous) return;
      }
      previous = items.length;
    }
  })();
}

/**
 * How ZITADEL's answers read, the same for users and user grants: a change refused because the
 * target already is in that state (gRPC FAILED_PRECONDITION) is `{ changed: false }`; a read
 * that answers without the object is a ProviderNotFoundError; a search is paged by
 * `{ offset, limit, asc }` and reports its total as a decimal string.
 */
import type { components, paths } from '../../generated/zitadel/schema.js';
import { operations } from '../../generated/zitadel/operations.js';
import {
  ProviderConfigError,
  ProviderNotFoundError,
  isProviderApiError,
  offsetPages,
  type FetchResult,
  type LifecycleResult,
  type ResultData,
  type TypedClient,
} from '../core/index.js';
import { plainCount } from '../core/response-body.js';

const PROVIDER = 'zitadel';

type Schemas = components['schemas'];

/** gRPC status FAILED_PRECONDITION: ZITADEL's answer when the target is already in the requested state. */
export const ZITADEL_FAILED_PRECONDITION = 9;

/** Event-store details of a changed object. */
export type ZitadelObjectDetails = Schemas['ObjectDetails'];
/** Answer of changes without a state precondition (`users.delete`, `userGrants.delete`). */
export type ZitadelDetailsResponse = Schemas['DetailsResponse'];
/**
 * Result of a lifecycle change: `changed: true` with ZITADEL's answer, or `changed: false` when
 * ZITADEL said the target already was in the requested state.
 */
export type ZitadelChange = LifecycleResult<ZitadelDetailsResponse>;

/** Turn ZITADEL's "already in that state" answer into `{ changed: false }`. */
export async function change(run: () => Promise<ZitadelDetailsResponse | undefined>): Promise<ZitadelChange> {
  try {
    return { changed: true, ...(await run()) };
  } catch (err) {
    if (isProviderApiError(err) && err.code === ZITADEL_FAILED_PRECONDITION) return { changed: false };
    throw err;
  }
}

/**
 * The object a read answered with, or a ProviderNotFoundError when the answer holds none.
 *
 * `client` is typed as the one method used: inferring `R` and `T` from a whole `TypedClient`
 * argument makes the compiler measure the variance of `TypedClient` and of openapi-fetch's
 * `Client` under it, about a third of the facade's type-check time, for the same verdicts.
 */
export async function present<R extends FetchResult, T>(
  client: Pick<TypedClient<paths, typeof operations>, 'unwrap'>,
  operationId: keyof typeof operations,
  pending: Promise<R>,
  pick: (data: ResultData<R>) => T | undefined,
  what: string,
): Promise<T> {
  const result = await pending;
  const value = pick(client.unwrap(result, operationId));
  if (value !== undefined && value !== null) return value;
  throw new ProviderNotFoundError({
    provider: PROVIDER,
    operationId,
    method: result.request?.method ?? operations[operationId].method,
    url: result.request?.url ?? result.response.url,
    status: result.response.status,
    providerMessage: `the answer holds no ${what}`,
  });
}

/** The paging part of a ZITADEL search request. */
export interface SearchWindow {
  query: { offset: string; limit: number; asc: boolean };
}

/** What every ZITADEL search answer carries beside its items: the details holding the total. */
interface SearchDetails {
  details?: { totalResult?: string | undefined } | undefined;
}

/**
 * Every item of a ZITADEL search, page by page: `send` asks for one window of it and `items`
 * reads the page's items. `items` is the caller's, on the generated answer type, so a field the
 * facade reads that a new spec drops fails to compile there (the review's compile check).
 */
export function searchPages<T, P extends SearchDetails>(options: {
  operationId: keyof typeof operations;
  limit: number | undefined;
  asc: boolean | undefined;
  key: (item: T) => string;
  send: (window: SearchWindow) => Promise<P>;
  items: (page: P) => T[] | undefined;
}): AsyncIterable<T> {
  return offsetPages({
    provider: PROVIDER,
    operationId: options.operationId,
    key: options.key,
    limit: pageSize(options.limit),
    fetchPage: (offset, size) => options.send({ query: { offset: String(offset), limit: size, asc: options.asc ?? false } }),
    items: options.items,
    total: (page) => plainCount(page.details?.totalResult),
  });
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1) throw new ProviderConfigError('limit must be a positive integer', { provider: PROVIDER });
  return limit;
}

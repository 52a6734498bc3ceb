/** ZITADEL users (v2 user service): reading, searching, and the lifecycle changes. */
import type { components, paths } from '../../generated/zitadel/schema.js';
import type { operations } from '../../generated/zitadel/operations.js';
import { callInit, type CallOptions, type TypedClient, type WithRequired } from '../core/index.js';
import { defined } from '../core/defined.js';
import { change, present, searchPages, type ZitadelChange, type ZitadelDetailsResponse } from './results.js';

type Schemas = components['schemas'];

// ZITADEL's spec is generated from protobuf, which marks nothing required. An id and a state are
// on every stored user and grant (ZITADEL assigns them at creation and never clears them), and
// a username on every user (required to create one); the facade types them so. The spec itself
// is kept as ZITADEL publishes it.
/** A user of the v2 user service. */
export type ZitadelUser = WithRequired<Schemas['User'], 'userId' | 'state' | 'username'>;
/** Filters and paging of `users.list`. */
export interface ZitadelUserListQuery {
  /** Filters; all must match. */
  queries?: Schemas['SearchQuery'][] | undefined;
  /** Field to sort by. */
  sortingColumn?: Schemas['UserFieldName'] | undefined;
  /**
   * Ascending order instead of ZITADEL's default descending order.
   * @default false
   */
  asc?: boolean | undefined;
  /**
   * Page size: users fetched per request (not a cap on the total; stop iterating for that).
   * Must not exceed the instance's configured maximum.
   * @default 100
   */
  limit?: number | undefined;
}

/** User operations (v2 user service). */
export interface ZitadelUsers {
  /** One user by id; rejects with `ProviderNotFoundError` when there is none. */
  get(userId: string, options?: CallOptions): Promise<ZitadelUser>;
  /** Every matching user, fetched page by page (offset paging) as the caller iterates. */
  list(query?: ZitadelUserListQuery, options?: CallOptions): AsyncIterable<ZitadelUser>;
  /** Set the user inactive; `{ changed: false }` when it already is. */
  deactivate(userId: string, options?: CallOptions): Promise<ZitadelChange>;
  /** Set an inactive user active again; `{ changed: false }` when it is not inactive. */
  reactivate(userId: string, options?: CallOptions): Promise<ZitadelChange>;
  /** Lock the user; `{ changed: false }` when it already is locked. */
  lock(userId: string, options?: CallOptions): Promise<ZitadelChange>;
  /** Unlock the user; `{ changed: false }` when it is not locked. */
  unlock(userId: string, options?: CallOptions): Promise<ZitadelChange>;
  /** Move the user to the deleted state. */
  delete(userId: string, options?: CallOptions): Promise<ZitadelDetailsResponse>;
}

/** The user operations of `client`. */
export function zitadelUsers(client: TypedClient<paths, typeof operations>): ZitadelUsers {
  const { raw, call } = client;
  const userPath = (userId: string) => ({ path: { userId } });
  return {
    get: (userId, o) => present(client, 'getUser', raw.GET('/v2/users/{userId}', { params: userPath(userId), ...callInit(o) }), (data) => data?.user as ZitadelUser | undefined, 'user'),
    list: (query = {}, o) =>
      searchPages({
        operationId: 'listUsers',
        limit: query.limit,
        asc: query.asc,
        key: (user: ZitadelUser) => user.userId,
        send: (window) =>
          call(
            'listUsers',
            raw.POST('/v2/users', {
              body: { ...window, ...defined({ sortingColumn: query.sortingColumn, queries: query.queries }) },
              ...callInit(o),
            }),
          ),
        items: (page) => page.result as ZitadelUser[] | undefined,
      }),
    deactivate: (userId, o) =>
      change(() => call('deactivateUser', raw.POST('/v2/users/{userId}/deactivate', { params: userPath(userId), body: {}, ...callInit(o) }))),
    reactivate: (userId, o) =>
      change(() => call('reactivateUser', raw.POST('/v2/users/{userId}/reactivate', { params: userPath(userId), body: {}, ...callInit(o) }))),
    lock: (userId, o) => change(() => call('lockUser', raw.POST('/v2/users/{userId}/lock', { params: userPath(userId), body: {}, ...callInit(o) }))),
    unlock: (userId, o) =>
      change(() => call('unlockUser', raw.POST('/v2/users/{userId}/unlock', { params: userPath(userId), body: {}, ...callInit(o) }))),
    delete: (userId, o) => call('deleteUser', raw.DELETE('/v2/users/{userId}', { params: userPath(userId), ...callInit(o) })),
  };
}

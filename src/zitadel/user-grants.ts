/** ZITADEL user grants (v1 management service): searching, reading, and the lifecycle changes. */
import type { components, paths } from '../../generated/zitadel/schema.js';
import type { operations } from '../../generated/zitadel/operations.js';
import { callInit, type CallOptions, type TypedClient, type WithRequired } from '../core/index.js';
import { defined } from '../core/defined.js';
import { change, present, searchPages, type ZitadelChange, type ZitadelDetailsResponse } from './results.js';

type Schemas = components['schemas'];

// Required: ZITADEL assigns an id and a state to every stored grant (see users.ts).
/** A user grant (roles of a user on a project). */
export type ZitadelUserGrant = WithRequired<Schemas['UserGrant'], 'id' | 'userId' | 'state'>;
/** Filters and paging of `userGrants.list`. */
export interface ZitadelUserGrantListQuery {
  /** Filters; all must match. */
  queries?: Schemas['UserGrantQuery'][] | undefined;
  /**
   * Ascending order instead of ZITADEL's default descending order.
   * @default false
   */
  asc?: boolean | undefined;
  /**
   * Page size: grants fetched per request.
   * @default 100
   */
  limit?: number | undefined;
  /** Organization to search in; overrides the client's `orgId`. */
  orgId?: string | undefined;
}

/** Identifies one user grant. */
export interface ZitadelUserGrantRef {
  userId: string;
  grantId: string;
  /** Organization to act in; overrides the client's `orgId`. */
  orgId?: string | undefined;
}

/** User grant operations (v1 management service). */
export interface ZitadelUserGrants {
  /** Every matching user grant, fetched page by page as the caller iterates. */
  list(query?: ZitadelUserGrantListQuery, options?: CallOptions): AsyncIterable<ZitadelUserGrant>;
  /** One user grant; rejects with `ProviderNotFoundError` when there is none. */
  get(ref: ZitadelUserGrantRef, options?: CallOptions): Promise<ZitadelUserGrant>;
  /** Set the grant inactive; `{ changed: false }` when it already is. */
  deactivate(ref: ZitadelUserGrantRef, options?: CallOptions): Promise<ZitadelChange>;
  /** Set an inactive grant active again; `{ changed: false }` when it is not inactive. */
  reactivate(ref: ZitadelUserGrantRef, options?: CallOptions): Promise<ZitadelChange>;
  /** Delete the grant (ZITADEL's RemoveUserGrant). */
  delete(ref: ZitadelUserGrantRef, options?: CallOptions): Promise<ZitadelDetailsResponse>;
}

/**
 * The user grant operations of `client`. `orgHeader` gives the `x-zitadel-orgid` header for a
 * call's own `orgId`, falling back to the client's.
 */
export function zitadelUserGrants(
  client: TypedClient<paths, typeof operations>,
  orgHeader: (orgId: string | undefined) => { 'x-zitadel-orgid'?: string },
): ZitadelUserGrants {
  const { raw, call } = client;
  const grantParams = (ref: ZitadelUserGrantRef) => ({ path: { userId: ref.userId, grantId: ref.grantId }, header: orgHeader(ref.orgId) });
  return {
    list(query = {}, o) {
      const header = orgHeader(query.orgId);
      return searchPages({
        operationId: 'listUserGrants',
        limit: query.limit,
        asc: query.asc,
        key: (grant: ZitadelUserGrant) => grant.id,
        send: (window) =>
          call(
            'listUserGrants',
            raw.POST('/management/v1/users/grants/_search', {
              params: { header },
              body: { ...window, ...defined({ queries: query.queries }) },
              ...callInit(o),
            }),
          ),
        items: (page) => page.result as ZitadelUserGrant[] | undefined,
      });
    },
    get: (ref, o) =>
      present(
        client,
        'getUserGrant',
        raw.GET('/management/v1/users/{userId}/grants/{grantId}', { params: grantParams(ref), ...callInit(o) }),
        (data) => data?.userGrant as ZitadelUserGrant | undefined,
        'user grant',
      ),
    deactivate: (ref, o) =>
      change(() =>
        call(
          'deactivateUserGrant',
          raw.POST('/management/v1/users/{userId}/grants/{grantId}/_deactivate', { params: grantParams(ref), body: {}, ...callInit(o) }),
        ),
      ),
    reactivate: (ref, o) =>
      change(() =>
        call(
          'reactivateUserGrant',
          raw.POST('/management/v1/users/{userId}/grants/{grantId}/_reactivate', { params: grantParams(ref), body: {}, ...callInit(o) }),
        ),
      ),
    delete: (ref, o) =>
      call('removeUserGrant', raw.DELETE('/management/v1/users/{userId}/grants/{grantId}', { params: grantParams(ref), ...callInit(o) })),
  };
}

/**
 * ZITADEL client: users (v2 user service) and user grants (v1 management service).
 *
 * Authentication is either a bearer token (a machine user's personal access token, or a
 * function returning a token) or a service account key exchanged for an access token with the
 * JWT profile grant. Errors carry ZITADEL's gRPC status code (`rpcStatus.code`) as `code`; the
 * HTTP status is the gateway's mapping of it.
 *
 * Re-running a lifecycle change is safe: ZITADEL refuses to deactivate an inactive user, lock a
 * locked one and so on with gRPC code 9 (FAILED_PRECONDITION), and the state-change methods turn
 * exactly that answer into `{ changed: false }`.
 *
 * @example
 * const zitadel = createZitadelClient({ baseUrl: 'https://my-instance.zitadel.cloud', serviceAccountKey: keyJson })
 * for await (const user of zitadel.users.list({ queries: [{ stateQuery: { state: 'USER_STATE_ACTIVE' } }] })) {
 *   await zitadel.users.deactivate(user.userId)
 * }
 */
import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/zitadel/schema.js';
import { operations } from '../../generated/zitadel/operations.js';
import {
  ProviderConfigError,
  ProviderNotFoundError,
  assertHeaderValue,
  bearerAuth,
  cachedBearerAuth,
  callInit,
  clientTransport,
  closable,
  createTypedClient,
  isProviderApiError,
  offsetPages,
  type CachedBearerAuth,
  type CallMiddleware,
  type CallOptions,
  type ClientOptions,
  type Closable,
  type ErrorDetails,
  type FetchResult,
  type LifecycleResult,
  type ResultData,
  type TokenSource,
  type WithRequired,
} from '../core/index.js';
import { createSecretSet, type SecretSet } from '../core/secrets.js';
import { createJwtProfileTokens, type ZitadelServiceAccountKey } from './jwt-profile.js';

export { ZITADEL_API_SCOPE, createJwtAssertion, type ZitadelServiceAccountKey } from './jwt-profile.js';

const PROVIDER = 'zitadel';

/** gRPC status FAILED_PRECONDITION: ZITADEL's answer when the target is already in the requested state. */
export const ZITADEL_FAILED_PRECONDITION = 9;

type Schemas = components['schemas'];
// ZITADEL's spec is generated from protobuf, which marks nothing required. An id and a state are
// on every stored user and grant (ZITADEL assigns them at creation and never clears them), and
// a username on every user (required to create one); the facade types them so. The spec itself
// is kept as ZITADEL publishes it.
/** A user of the v2 user service. */
export type ZitadelUser = WithRequired<Schemas['User'], 'userId' | 'state' | 'username'>;
/** A user grant (roles of a user on a project). */
export type ZitadelUserGrant = WithRequired<Schemas['UserGrant'], 'id' | 'userId' | 'state'>;
/** Event-store details of a changed object. */
export type ZitadelObjectDetails = Schemas['ObjectDetails'];
/** Answer of changes without a state precondition (`users.delete`, `userGrants.delete`). */
export type ZitadelDetailsResponse = Schemas['DetailsResponse'];
/** ZITADEL's error body. */
export type ZitadelRpcStatus = Schemas['RpcStatus'];

/**
 * Result of a lifecycle change: `changed: true` with ZITADEL's answer, or `changed: false` when
 * ZITADEL said the target already was in the requested state.
 */
export type ZitadelChange = LifecycleResult<ZitadelDetailsResponse>;

/**
 * How the client authenticates: exactly one of a bearer `token` and a `serviceAccountKey`
 * (the types refuse neither and both).
 */
export type ZitadelCredentials =
  | {
      /**
       * Bearer token: a machine user's personal access token, or a (possibly async) function that
       * returns the current token; the function is called for every request.
       */
      token: TokenSource;
      serviceAccountKey?: undefined;
    }
  | {
      /**
       * Service account key JSON. The client exchanges it for an access token with the JWT profile
       * grant at `<origin>/oauth/v2/token` and caches the token until shortly before it expires.
       */
      serviceAccountKey: ZitadelServiceAccountKey;
      token?: undefined;
    };

/** Options of {@link createZitadelClient}: the instance, exactly one credential, and the shared options. */
export type ZitadelClientOptions = ZitadelCredentials &
  ClientOptions & {
    /**
     * The instance URL. Must be `https:` unless the host is loopback.
     * @example 'https://my-instance.zitadel.cloud'
     */
    baseUrl: string;
    /**
     * Organization to act in for management API calls (user grants), sent as `x-zitadel-orgid`.
     * A call's own `orgId` wins.
     * @default undefined (the caller's own organization)
     */
    orgId?: string | undefined;
  };

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

/** A ZITADEL client; see {@link createZitadelClient}. */
export interface ZitadelClient extends Closable {
  /** The typed openapi-fetch client for every operation of the ZITADEL spec (auth, retries and timeout included). */
  readonly raw: Client<paths>;
  readonly users: ZitadelUsers;
  readonly userGrants: ZitadelUserGrants;
}

/** Code and message from ZITADEL's `rpcStatus` body; known secrets are scrubbed from the text. */
function errorDetailsWith(secrets: SecretSet) {
  return (_status: number, body: unknown): ErrorDetails => {
    if (typeof body === 'string') return { message: secrets.redact(body) };
    const status = body as Partial<ZitadelRpcStatus> | undefined;
    if (!status || typeof status !== 'object') return {};
    return {
      code: typeof status.code === 'number' ? status.code : undefined,
      message: typeof status.message === 'string' ? secrets.redact(status.message) : undefined,
    };
  };
}

/** Turn ZITADEL's "already in that state" answer into `{ changed: false }`. */
async function change(run: () => Promise<ZitadelDetailsResponse | undefined>): Promise<ZitadelChange> {
  try {
    return { changed: true, ...(await run()) };
  } catch (err) {
    if (isProviderApiError(err) && err.code === ZITADEL_FAILED_PRECONDITION) return { changed: false };
    throw err;
  }
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 100;
  if (!Number.isInteger(limit) || limit < 1) throw new ProviderConfigError('limit must be a positive integer', { provider: PROVIDER });
  return limit;
}

/** A total sent as a decimal string, or undefined when absent or unreadable. */
function total(totalResult: string | undefined): number | undefined {
  if (totalResult === undefined || !/^\d+$/.test(totalResult)) return undefined;
  return Number(totalResult);
}

/**
 * Create a ZITADEL client.
 *
 * @throws ProviderConfigError when the options cannot work: not exactly one of `token` and
 *   `serviceAccountKey`, an unusable key, a non-https base URL, a bad `orgId`.
 */
export function createZitadelClient(options: ZitadelClientOptions): ZitadelClient {
  const { token, serviceAccountKey } = options;
  if ((token === undefined) === (serviceAccountKey === undefined)) {
    throw new ProviderConfigError('give exactly one of token and serviceAccountKey', { provider: PROVIDER });
  }
  const defaultOrgId = options.orgId === undefined ? undefined : assertHeaderValue('x-zitadel-orgid', options.orgId, PROVIDER);
  // Tokens the client holds, scrubbed from any error text ZITADEL might echo them in.
  const secrets = createSecretSet(typeof token === 'string' ? [token] : []);

  // One pool for the API calls and the token exchange.
  const transport = clientTransport(options.fetch);
  let auth: CallMiddleware;
  let onUnauthorized: CachedBearerAuth['onUnauthorized'] | undefined;
  if (serviceAccountKey !== undefined) {
    const tokens = createJwtProfileTokens({
      baseUrl: options.baseUrl,
      key: serviceAccountKey,
      fetch: transport.fetch,
      retry: options.retry,
      timeoutMs: options.timeoutMs,
      maxResponseBytes: options.maxResponseBytes,
    });
    // A minted token can be revoked or expire early: it is dropped and the call repeated once.
    ({ middleware: auth, onUnauthorized } = cachedBearerAuth(tokens, { provider: PROVIDER, onToken: (minted) => void secrets.add(minted) }));
  } else {
    const source = token as TokenSource;
    auth = bearerAuth(typeof source === 'function' ? async () => secrets.add(await source()) : source, { provider: PROVIDER });
  }

  const client = createTypedClient<paths, typeof operations>({
    provider: PROVIDER,
    baseUrl: options.baseUrl,
    operations,
    fetch: transport.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    secrets,
    middleware: [auth],
    errorDetails: errorDetailsWith(secrets),
    onUnauthorized,
  });
  const { raw, call, unwrap } = client;

  /** The object a read answered with, or a ProviderNotFoundError when the answer holds none. */
  async function present<R extends FetchResult, T>(operationId: keyof typeof operations, pending: Promise<R>, pick: (data: ResultData<R>) => T | undefined, what: string): Promise<T> {
    const result = await pending;
    const value = pick(unwrap(result, operationId));
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


  const orgHeader = (orgId: string | undefined): { 'x-zitadel-orgid'?: string } => {
    const value = orgId ?? defaultOrgId;
    return value === undefined ? {} : { 'x-zitadel-orgid': value };
  };
  const userPath = (userId: string) => ({ path: { userId } });
  const grantParams = (ref: ZitadelUserGrantRef) => ({ path: { userId: ref.userId, grantId: ref.grantId }, header: orgHeader(ref.orgId) });

  const users: ZitadelUsers = {
    get: (userId, o) => present('getUser', raw.GET('/v2/users/{userId}', { params: userPath(userId), ...callInit(o) }), (data) => data?.user as ZitadelUser | undefined, 'user'),
    list(query = {}, o) {
      const limit = pageSize(query.limit);
      return offsetPages({
        provider: PROVIDER,
        operationId: 'listUsers',
        key: (user) => user.userId,
        limit,
        fetchPage: (offset, size) =>
          call(
            'listUsers',
            raw.POST('/v2/users', {
              body: {
                query: { offset: String(offset), limit: size, asc: query.asc ?? false },
                ...(query.sortingColumn !== undefined ? { sortingColumn: query.sortingColumn } : {}),
                ...(query.queries !== undefined ? { queries: query.queries } : {}),
              },
              ...callInit(o),
            }),
          ),
        items: (page) => page.result as ZitadelUser[] | undefined,
        total: (page) => total(page.details?.totalResult),
      });
    },
    deactivate: (userId, o) =>
      change(() => call('deactivateUser', raw.POST('/v2/users/{userId}/deactivate', { params: userPath(userId), body: {}, ...callInit(o) }))),
    reactivate: (userId, o) =>
      change(() => call('reactivateUser', raw.POST('/v2/users/{userId}/reactivate', { params: userPath(userId), body: {}, ...callInit(o) }))),
    lock: (userId, o) => change(() => call('lockUser', raw.POST('/v2/users/{userId}/lock', { params: userPath(userId), body: {}, ...callInit(o) }))),
    unlock: (userId, o) =>
      change(() => call('unlockUser', raw.POST('/v2/users/{userId}/unlock', { params: userPath(userId), body: {}, ...callInit(o) }))),
    delete: (userId, o) => call('deleteUser', raw.DELETE('/v2/users/{userId}', { params: userPath(userId), ...callInit(o) })),
  };

  const userGrants: ZitadelUserGrants = {
    list(query = {}, o) {
      const limit = pageSize(query.limit);
      const header = orgHeader(query.orgId);
      return offsetPages({
        provider: PROVIDER,
        operationId: 'listUserGrants',
        key: (grant) => grant.id,
        limit,
        fetchPage: (offset, size) =>
          call(
            'listUserGrants',
            raw.POST('/management/v1/users/grants/_search', {
              params: { header },
              body: {
                query: { offset: String(offset), limit: size, asc: query.asc ?? false },
                ...(query.queries !== undefined ? { queries: query.queries } : {}),
              },
              ...callInit(o),
            }),
          ),
        items: (page) => page.result as ZitadelUserGrant[] | undefined,
        total: (page) => total(page.details?.totalResult),
      });
    },
    get: (ref, o) =>
      present(
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

  return Object.freeze({ raw, users: Object.freeze(users), userGrants: Object.freeze(userGrants), ...closable(transport) });
}

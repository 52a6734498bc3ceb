/**
 * Dfns client: service accounts, users and personal access tokens, with User Action Signing.
 *
 * @example
 * const dfns = createDfnsClient({ token: process.env.DFNS_TOKEN!, signer: { credId, privateKey } })
 * await dfns.serviceAccounts.deactivate('us-...')
 * for await (const user of dfns.users.list({ kind: 'EndUser' })) console.log(user.userId)
 */
import {
  ProviderError,
  bearerAuth,
  callInit,
  clientTransport,
  closable,
  createTypedClient,
  tokenPages,
  type CallOptions,
  type Changed,
  type Closable,
  type ClientOptions,
  type ErrorDetails,
  type FetchResult,
  type TokenSource,
  type TypedClient,
  type WithRequired,
} from '../core/index.js';
import type { Client } from 'openapi-fetch';
import { createSecretSet } from '../core/secrets.js';
import { sharedClientOptions, fixedTokenSecrets, rememberedTokens } from '../core/wiring.js';
import { operations } from '../../generated/dfns/operations.js';
import type { components, paths } from '../../generated/dfns/schema.js';
import { prepareSigner, userActionSigning, type DfnsSigner } from './signing.js';

export { USER_ACTION_HEADER, prepareSigner, userActionSigning, type DfnsSigner, type PreparedSigner } from './signing.js';

type Schemas = components['schemas'];

// Required below: ids and `isActive` are on every record Dfns returns (its own SDK types them
// so); the spec is kept as Dfns publishes it.
/** A service account: its user record and its access tokens. */
export type DfnsServiceAccount = WithRequired<Schemas['ServiceAccount'], 'userInfo'>;
/** A user of the organization. */
export type DfnsUser = WithRequired<Schemas['User'], 'userId' | 'isActive'>;
/** A personal access token (or a service account's token). */
export type DfnsPersonalAccessToken = WithRequired<Schemas['PersonalAccessToken'], 'tokenId' | 'isActive'>;
/** Body of `serviceAccounts.create`. */
export type DfnsCreateServiceAccountBody = Schemas['CreateServiceAccountRequest'];
/** Body of `serviceAccounts.update`. */
export type DfnsUpdateServiceAccountBody = Schemas['UpdateServiceAccountRequest'];
/** Body of `personalAccessTokens.update`. */
export type DfnsUpdatePersonalAccessTokenBody = Schemas['UpdatePersonalAccessTokenRequest'];
/** Filters of `users.list`. */
export type DfnsListUsersQuery = Omit<NonNullable<paths['/auth/users']['get']['parameters']['query']>, 'paginationToken'>;

/** The default API host (Europe). */
export const DFNS_DEFAULT_BASE_URL = 'https://api.dfns.io';

/** Options of {@link createDfnsClient}. */
export interface DfnsClientOptions extends ClientOptions {
  /**
   * API root; `https:` unless the host is loopback.
   * @default 'https://api.dfns.io'
   * @example 'https://api.uae.dfns.io'
   */
  baseUrl?: string | undefined;
  /** Bearer token of a service account or personal access token, or a (possibly async) function returning it. */
  token: TokenSource;
  /** Key that signs user actions; required for every state-changing call. */
  signer?: DfnsSigner | undefined;
}

/**
 * Result of a Dfns state change: always `changed: true` with the object (see {@link DfnsClient}
 * for why Dfns never yields `changed: false`).
 */
export type DfnsChange<T extends object> = Changed<T>;

/** Options of `serviceAccounts.deactivate`. */
export interface DfnsDeactivateServiceAccountOptions extends CallOptions {
  /**
   * Skip the policy approver check and deactivate at once.
   * @default false
   */
  force?: boolean | undefined;
}

/**
 * A policy requires approval before Dfns applies the change (HTTP 202). The change has not
 * happened yet; `body` (not serialized) holds Dfns' approval record.
 */
export class DfnsPolicyPendingError extends ProviderError {
  /** The approval record Dfns returned. Not included in `toJSON()`. */
  declare readonly body: unknown;

  constructor(init: { operationId: string; method: string; url: string; body: unknown }) {
    super(`dfns ${init.operationId}: ${init.method} ${init.url} is waiting for policy approval`, { provider: 'dfns', ...init });
    this.name = 'DfnsPolicyPendingError';
    Object.defineProperty(this, 'body', { value: init.body, enumerable: false });
  }
}

/**
 * The Dfns client. Named methods resolve to data and reject with core errors; `raw` is the typed
 * openapi-fetch client.
 *
 * `activate`/`deactivate` resolve to `{ changed: true, ...object }` whenever Dfns accepts the
 * change, including when the object already was in that state: Dfns answers both cases with 200
 * and the object, so they cannot be told apart without an extra, racy read. `changed: false` is
 * never produced for Dfns, so the result type ({@link DfnsChange}) does not admit it; re-running
 * is safe because the already-in-state case resolves. Reads reject with `ProviderNotFoundError`
 * when the object does not exist.
 */
export interface DfnsClient extends Closable {
  serviceAccounts: {
    /** All service accounts of the organization (the endpoint is not paged). */
    list(options?: CallOptions): Promise<DfnsServiceAccount[]>;
    get(serviceAccountId: string, options?: CallOptions): Promise<DfnsServiceAccount>;
    create(body: DfnsCreateServiceAccountBody, options?: CallOptions): Promise<DfnsServiceAccount>;
    update(serviceAccountId: string, body: DfnsUpdateServiceAccountBody, options?: CallOptions): Promise<DfnsServiceAccount>;
    activate(serviceAccountId: string, options?: CallOptions): Promise<DfnsChange<DfnsServiceAccount>>;
    deactivate(serviceAccountId: string, options?: DfnsDeactivateServiceAccountOptions): Promise<DfnsChange<DfnsServiceAccount>>;
    /** Archive the service account; resolves to it as it was archived. */
    delete(serviceAccountId: string, options?: CallOptions): Promise<DfnsServiceAccount>;
  };
  users: {
    /** Every user, page by page as iteration proceeds (follows `nextPageToken`). */
    list(query?: DfnsListUsersQuery, options?: CallOptions): AsyncIterable<DfnsUser>;
    get(userId: string, options?: CallOptions): Promise<DfnsUser>;
    activate(userId: string, options?: CallOptions): Promise<DfnsChange<DfnsUser>>;
    deactivate(userId: string, options?: CallOptions): Promise<DfnsChange<DfnsUser>>;
    /** Archive the user; resolves to the user as it was archived. */
    delete(userId: string, options?: CallOptions): Promise<DfnsUser>;
  };
  personalAccessTokens: {
    /** The caller's own personal access tokens (the endpoint is not paged). */
    list(options?: CallOptions): Promise<DfnsPersonalAccessToken[]>;
    get(tokenId: string, options?: CallOptions): Promise<DfnsPersonalAccessToken>;
    update(tokenId: string, body: DfnsUpdatePersonalAccessTokenBody, options?: CallOptions): Promise<DfnsPersonalAccessToken>;
    activate(tokenId: string, options?: CallOptions): Promise<DfnsChange<DfnsPersonalAccessToken>>;
    deactivate(tokenId: string, options?: CallOptions): Promise<DfnsChange<DfnsPersonalAccessToken>>;
    /** Archive the token; resolves to it as it was archived. */
    delete(tokenId: string, options?: CallOptions): Promise<DfnsPersonalAccessToken>;
  };
  /** Typed openapi-fetch client for every operation of the Dfns spec (auth, signing, retries included). */
  raw: Client<paths>;
}

/** Dfns error bodies are `{ error: { message } }` (older answers: `{ message }`); the message is Dfns' code. */
function dfnsErrorDetails(_status: number, body: unknown, headers: Headers): ErrorDetails {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const nested = typeof record.error === 'object' && record.error !== null ? (record.error as Record<string, unknown>) : {};
  const message = typeof nested.message === 'string' ? nested.message : typeof record.message === 'string' ? record.message : undefined;
  return { code: message, message, trackingId: headers.get('x-request-id') ?? undefined };
}

/**
 * Create a Dfns client.
 *
 * @throws ProviderConfigError for a non-https `baseUrl`, a missing `token`, or an unusable
 * signer key. A state-changing call without a signer rejects with ProviderConfigError before
 * any request is sent.
 */
export function createDfnsClient(options: DfnsClientOptions): DfnsClient {
  const signer = options.signer === undefined ? undefined : prepareSigner(options.signer);
  // The bearer token (and each one a token function returns), masked in any error text that echoes it.
  const secrets = createSecretSet(fixedTokenSecrets(options.token));
  const authToken = rememberedTokens(options.token, secrets);
  // The signing middleware calls /auth/action* through this same client, created just below.
  let client: TypedClient<paths, typeof operations> | undefined;
  const transport = clientTransport(options.fetch);
  client = createTypedClient<paths, typeof operations>({
    provider: 'dfns',
    baseUrl: options.baseUrl ?? DFNS_DEFAULT_BASE_URL,
    operations,
    ...sharedClientOptions(options, transport.fetch),
    secrets,
    middleware: [bearerAuth(authToken, { provider: 'dfns' }), userActionSigning({ client: () => client!, signer })],
    errorDetails: dfnsErrorDetails,
  });
  const { raw, call, unwrap } = client;

  /**
   * Unwrap a state change. Dfns answers 200 with the object both when it changed the state and
   * when the object already was in that state ("activating an active account changes nothing"),
   * so the answer cannot tell the two apart. Reading the object first would cost a request per
   * call, need the separate Read permission an offboarding job may not hold, and still race
   * with other writers. We therefore report `changed: true` for every accepted change: it means
   * "Dfns accepted it and the target is now in the requested state"; re-running is safe because
   * the already-in-state case resolves instead of rejecting. `changed: false` is never produced
   * for Dfns. A 202 (policy approval pending) rejects with {@link DfnsPolicyPendingError}.
   */
  async function lifecycle<R extends FetchResult>(operationId: keyof typeof operations, pending: Promise<R>): Promise<DfnsChange<Extract<R['data'], object>>> {
    const result = await pending;
    if (result.response.status === 202) {
      const op = operations[operationId];
      throw new DfnsPolicyPendingError({ operationId, method: op.method, url: result.response.url || `${client!.baseUrl}${op.path}`, body: result.data });
    }
    const data = unwrap(result, operationId) as Extract<R['data'], object>;
    return { changed: true, ...data };
  }

  return {
    serviceAccounts: {
      list: async (o) => (await call('listServiceAccounts', raw.GET('/auth/service-accounts', { ...callInit(o) }))).items,
      get: (id, o) =>
        call('getServiceAccount', raw.GET('/auth/service-accounts/{serviceAccountId}', { params: { path: { serviceAccountId: id } }, ...callInit(o) })),
      create: (body, o) => call('createServiceAccount', raw.POST('/auth/service-accounts', { body, ...callInit(o) })),
      update: (id, body, o) =>
        call('updateServiceAccount', raw.PUT('/auth/service-accounts/{serviceAccountId}', { params: { path: { serviceAccountId: id } }, body, ...callInit(o) })),
      activate: (id, o) =>
        lifecycle(
          'activateServiceAccount',
          raw.PUT('/auth/service-accounts/{serviceAccountId}/activate', { params: { path: { serviceAccountId: id } }, ...callInit(o) }),
        ),
      deactivate: (id, o) =>
        lifecycle(
          'deactivateServiceAccount',
          raw.PUT('/auth/service-accounts/{serviceAccountId}/deactivate', {
            params: { path: { serviceAccountId: id } },
            // Always a JSON body (the spec's default made explicit), as Dfns' own SDK always sends one.
            body: { force: o?.force ?? false },
            ...callInit(o),
          }),
        ),
      delete: (id, o) =>
        call('deleteServiceAccount', raw.DELETE('/auth/service-accounts/{serviceAccountId}', { params: { path: { serviceAccountId: id } }, ...callInit(o) })),
    },
    users: {
      list: (query, o) =>
        tokenPages({
          provider: 'dfns',
          operationId: 'listUsers',
          key: (user) => user.userId,
          fetchPage: (paginationToken) =>
            call('listUsers', raw.GET('/auth/users', { params: { query: { ...query, ...(paginationToken ? { paginationToken } : {}) } }, ...callInit(o) })),
          items: (page) => page.items,
          nextToken: (page) => page.nextPageToken,
        }),
      get: (id, o) => call('getUser', raw.GET('/auth/users/{userId}', { params: { path: { userId: id } }, ...callInit(o) })),
      activate: (id, o) => lifecycle('activateUser', raw.PUT('/auth/users/{userId}/activate', { params: { path: { userId: id } }, ...callInit(o) })),
      deactivate: (id, o) => lifecycle('deactivateUser', raw.PUT('/auth/users/{userId}/deactivate', { params: { path: { userId: id } }, ...callInit(o) })),
      delete: (id, o) => call('deleteUser', raw.DELETE('/auth/users/{userId}', { params: { path: { userId: id } }, ...callInit(o) })),
    },
    personalAccessTokens: {
      list: async (o) => (await call('listPersonalAccessTokens', raw.GET('/auth/pats', { ...callInit(o) }))).items,
      get: (id, o) => call('getPersonalAccessToken', raw.GET('/auth/pats/{tokenId}', { params: { path: { tokenId: id } }, ...callInit(o) })),
      update: (id, body, o) => call('updatePersonalAccessToken', raw.PUT('/auth/pats/{tokenId}', { params: { path: { tokenId: id } }, body, ...callInit(o) })),
      activate: (id, o) =>
        lifecycle('activatePersonalAccessToken', raw.PUT('/auth/pats/{tokenId}/activate', { params: { path: { tokenId: id } }, ...callInit(o) })),
      deactivate: (id, o) =>
        lifecycle('deactivatePersonalAccessToken', raw.PUT('/auth/pats/{tokenId}/deactivate', { params: { path: { tokenId: id } }, ...callInit(o) })),
      delete: (id, o) => call('deletePersonalAccessToken', raw.DELETE('/auth/pats/{tokenId}', { params: { path: { tokenId: id } }, ...callInit(o) })),
    },
    raw,
    ...closable(transport),
  };
}

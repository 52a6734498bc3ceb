/**
 * SailPoint Identity Security Cloud client: accounts (v3 API) and the background tasks their
 * state changes start (beta task status API).
 *
 * Authentication is OAuth client credentials (a personal access token's or an API client's id
 * and secret) against the tenant's `/oauth/token`. The access token is cached until shortly
 * before `expires_in` runs out, concurrent callers share one token request, and an answer of
 * 401 drops the token, fetches a new one and repeats the call once.
 *
 * Errors carry SailPoint's `detailCode` as `code` and its `trackingId`; a 429's `Retry-After` is
 * honoured by the retry policy.
 *
 * Already-in-state: SailPoint documents no distinct answer for enabling an enabled account,
 * disabling a disabled one or unlocking an unlocked one. Each call is accepted with 202 and
 * starts a task that drives the source to the requested state (`forceProvisioning` pushes it
 * even when ISC's own record already shows that state), so repeating a call is safe and ends
 * in the same state. The state changes therefore always resolve `{ changed: true, taskId }`,
 * meaning "a state-change task was accepted"; `changed: false` is never produced, so the result
 * type does not admit it and `taskId` reads without narrowing. A caller that
 * wants to skip no-op tasks reads the account first (`disabled`, `locked`). Any error answer,
 * including a 400 a tenant might send for a redundant change, rejects: its meaning is not
 * documented, so it is not guessed at.
 *
 * @example
 * const isc = createSailPointClient({ tenant: 'acme', clientId, clientSecret })
 * for await (const account of isc.accounts.list({ filters: 'identityId eq "2c91..."' })) {
 *   await isc.accounts.disable(account.id, { wait: true })
 * }
 */
import type { Client } from 'openapi-fetch';
import type { components, paths } from '../../generated/sailpoint/schema.js';
import { operations } from '../../generated/sailpoint/operations.js';
import {
  ProviderConfigError,
  ProviderError,
  bearerAuth,
  cachedBearerAuth,
  callInit,
  clientTransport,
  closable,
  createTokenCache,
  createTypedClient,
  encodePathParam,
  offsetPages,
  type CallMiddleware,
  type CallOptions,
  type CachedBearerAuth,
  type Changed,
  type ClientOptions,
  type Closable,
  type ErrorDetails,
  type TokenSource,
  type TypedClient,
  type WithRequired,
} from '../core/index.js';
import { createSecretSet, credentialPairForms, type SecretSet } from '../core/secrets.js';
import { waitForTask, type TaskWaitOptions } from './tasks.js';

export { SailPointTaskError, isSailPointTaskError, type SailPointTaskErrorJSON } from './task-error.js';
export {
  DEFAULT_TASK_INTERVAL_MS as SAILPOINT_TASK_INTERVAL_MS,
  DEFAULT_TASK_TIMEOUT_MS as SAILPOINT_TASK_TIMEOUT_MS,
  taskOutcome as sailPointTaskOutcome,
  type TaskWaitOptions as SailPointTaskWaitOptions,
} from './tasks.js';

const PROVIDER = 'sailpoint';

type Schemas = components['schemas'];
// Required below: ISC assigns `id` to every account and task it returns (the spec marks it
// read-only and, in places, not required); the spec is kept as SailPoint publishes it.
/** An account on a source. */
export type SailPointAccount = WithRequired<Schemas['Account'], 'id'>;
/** State of a background task. */
export type SailPointTaskStatus = WithRequired<Schemas['TaskStatus'], 'id'>;
/** SailPoint's usual error body. */
export type SailPointErrorResponse = Schemas['ErrorResponseDto'];

/**
 * How the client authenticates: exactly one of a bearer `token` (an access token obtained
 * elsewhere, or a function returning the current one) and OAuth client credentials, which the
 * client exchanges for tokens at `/oauth/token` and caches.
 */
export type SailPointCredentials =
  | {
      /** Bearer access token, or a (possibly async) function returning it; called for every request. */
      token: TokenSource;
      clientId?: undefined;
      clientSecret?: undefined;
    }
  | {
      /** Client id of a personal access token or API client. */
      clientId: string;
      /** Client secret belonging to `clientId`. */
      clientSecret: string;
      token?: undefined;
    };

/** Options of {@link createSailPointClient}: the tenant name or the full API URL, one credential, and the shared options. */
export type SailPointClientOptions = SailPointConnection & SailPointCredentials & ClientOptions;

/** Where the tenant's API lives: give `tenant` or `baseUrl`, not both. */
export type SailPointConnection =
  | {
      /**
       * Tenant name; the API is `https://<tenant>.api.identitynow.com`.
       * @example 'acme'
       */
      tenant: string;
      baseUrl?: undefined;
    }
  | {
      /**
       * API root without a version prefix (paths carry `/v3`, `/beta`, `/oauth`). `https:`
       * unless the host is loopback.
       * @example 'https://acme.api.identitynow.com'
       */
      baseUrl: string;
      tenant?: undefined;
    };

/** Filters and paging of `accounts.list`. */
export interface SailPointAccountListQuery {
  /**
   * Filter expression in ISC's collection filter syntax.
   * @example 'sourceId eq "2c9180867a5e3b0d017a61c4f2d80f3e"'
   */
  filters?: string | undefined;
  /**
   * Comma-separated sort fields, `-` for descending.
   * @example '-modified,name'
   */
  sorters?: string | undefined;
  /**
   * Page size: accounts fetched per request (1 to 250; not a cap on the total).
   * @default 250
   */
  limit?: number | undefined;
  /**
   * `SLIM` leaves out the heavier account fields.
   * @default undefined (the server's FULL)
   */
  detailLevel?: 'SLIM' | 'FULL' | undefined;
}

/** Options of the account state changes. */
export interface SailPointStateChangeOptions extends CallOptions {
  /** Have an external process confirm the change first. */
  externalVerificationId?: string | undefined;
  /** Provision the change to the source even if ISC believes the account already is in that state. */
  forceProvisioning?: boolean | undefined;
  /**
   * Wait for the task to finish (`true` for the default wait options) and resolve with it.
   * @default false
   */
  wait?: boolean | Omit<TaskWaitOptions, 'signal'> | undefined;
}

/** Options of `accounts.unlock`. */
export interface SailPointUnlockOptions extends SailPointStateChangeOptions {
  /** Also unlock the ISC user account once the workflow finishes. */
  unlockIDNAccount?: boolean | undefined;
}

/** Options of `accounts.delete`. */
export interface SailPointDeleteOptions extends CallOptions {
  /** Wait for the delete task to finish and resolve with it. */
  wait?: SailPointStateChangeOptions['wait'];
}

/** A state-change task was accepted (never `changed: false`, see above); `task` is the finished task when `wait` was set. */
export type SailPointAccountChange = Changed<{ taskId: string; task?: SailPointTaskStatus }>;

/** Account operations (v3). */
export interface SailPointAccounts {
  /** Every matching account, fetched page by page (offset paging) as the caller iterates. */
  list(query?: SailPointAccountListQuery, options?: CallOptions): AsyncIterable<SailPointAccount>;
  /** One account by id; rejects with `ProviderNotFoundError` when there is none. */
  get(id: string, options?: CallOptions): Promise<SailPointAccount>;
  /** Start a task that enables the account on its source. */
  enable(id: string, options?: SailPointStateChangeOptions): Promise<SailPointAccountChange>;
  /** Start a task that disables the account on its source. */
  disable(id: string, options?: SailPointStateChangeOptions): Promise<SailPointAccountChange>;
  /** Start a task that unlocks the account on its source. */
  unlock(id: string, options?: SailPointUnlockOptions): Promise<SailPointAccountChange>;
  /** Start a task that removes the account from ISC (delimited-file sources only; not from the source). */
  delete(id: string, options?: SailPointDeleteOptions): Promise<SailPointAccountChange>;
}

/** Background task operations. */
export interface SailPointTasks {
  /** The task's current state; rejects with `ProviderNotFoundError` when there is none. */
  get(id: string, options?: CallOptions): Promise<SailPointTaskStatus>;
  /**
   * Poll the task until it finishes: resolves with it on SUCCESS or WARNING, rejects with a
   * `SailPointTaskError` on ERROR or TERMINATED and with a `ProviderTimeoutError` past `timeoutMs`.
   */
  wait(id: string, options?: TaskWaitOptions): Promise<SailPointTaskStatus>;
}

/** A SailPoint client; see {@link createSailPointClient}. */
export interface SailPointClient extends Closable {
  /** The typed openapi-fetch client for every operation of the SailPoint spec (auth, retries and timeout included). */
  readonly raw: Client<paths>;
  readonly accounts: SailPointAccounts;
  readonly tasks: SailPointTasks;
}

/** Tenant names are one DNS label; anything else could point the client at another host. */
const TENANT = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

function resolveBaseUrl(options: SailPointConnection): string {
  const { tenant, baseUrl } = options as { tenant?: unknown; baseUrl?: unknown };
  if ((tenant === undefined) === (baseUrl === undefined)) {
    throw new ProviderConfigError('give exactly one of tenant and baseUrl', { provider: PROVIDER });
  }
  if (baseUrl !== undefined) return baseUrl as string;
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) {
    throw new ProviderConfigError('tenant must be a single host name label (letters, digits, hyphens)', { provider: PROVIDER });
  }
  return `https://${tenant}.api.identitynow.com`;
}

/**
 * Code, tracking id and message from SailPoint's error bodies (ErrorResponseDto, `{error}` on
 * 401, `{message}` on 429); known secrets are scrubbed from the text.
 */
function errorDetailsWith(secrets: SecretSet) {
  return (_status: number, body: unknown): ErrorDetails => {
    if (typeof body === 'string') return { message: secrets.redact(body) };
    if (!body || typeof body !== 'object') return {};
    const b = body as Partial<SailPointErrorResponse> & { error?: unknown; message?: unknown; error_description?: unknown };
    const messages = [...(Array.isArray(b.messages) ? b.messages : []), ...(Array.isArray(b.causes) ? b.causes : [])];
    const text = messages.map((m) => m?.text).find((t): t is string => typeof t === 'string' && t !== '');
    const message = text ?? [b.error_description, b.error, b.message].find((t): t is string => typeof t === 'string' && t !== '');
    return {
      code: typeof b.detailCode === 'string' ? secrets.redact(b.detailCode) : undefined,
      trackingId: typeof b.trackingId === 'string' ? secrets.redact(b.trackingId) : undefined,
      message: message === undefined ? undefined : secrets.redact(message),
    };
  };
}

/** `X-Total-Count` as a number, or undefined when absent or unreadable. */
function totalCount(header: string | null): number | undefined {
  return header !== null && /^\d+$/.test(header.trim()) ? Number(header) : undefined;
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return 250;
  if (!Number.isInteger(limit) || limit < 1 || limit > 250) {
    throw new ProviderConfigError('limit must be an integer from 1 to 250', { provider: PROVIDER, operationId: 'listAccounts' });
  }
  return limit;
}

/** The auth middleware for the credential given, and the secrets to scrub from error text. */
function credentials(
  options: SailPointCredentials,
  client: () => TypedClient<paths, typeof operations>,
): { auth: CallMiddleware; onUnauthorized: CachedBearerAuth['onUnauthorized'] | undefined; secrets: SecretSet } {
  const { token, clientId, clientSecret } = options as { token?: TokenSource; clientId?: unknown; clientSecret?: unknown };
  if ((token === undefined) === (clientId === undefined && clientSecret === undefined)) {
    throw new ProviderConfigError('give exactly one of token and clientId with clientSecret', { provider: PROVIDER });
  }
  if (token !== undefined) {
    const secrets = createSecretSet(typeof token === 'string' ? [token] : []);
    const source: TokenSource = typeof token === 'function' ? async () => secrets.add(await token()) : token;
    return { auth: bearerAuth(source, { provider: PROVIDER }), onUnauthorized: undefined, secrets };
  }
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
    throw new ProviderConfigError('clientId and clientSecret must be non-empty strings', { provider: PROVIDER });
  }
  // The client secret and the tokens minted with it, scrubbed from any error text that echoes them.
  const secrets = createSecretSet([clientSecret, ...credentialPairForms(clientId, clientSecret)]);
  // The token request is an ordinary operation of the spec (`createOauthToken`, no security),
  // so it is sent through the same client, with its retries and timeout; the auth middleware
  // leaves operations without security alone, which also keeps it from recursing.
  const tokens = createTokenCache({
    async fetchToken(signal) {
      const data = await client().call(
        'createOauthToken',
        client().raw.POST('/oauth/token', {
          body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          // Aborted when every call waiting for this token has given up.
          signal,
        }),
      );
      if (!data || typeof data.access_token !== 'string' || data.access_token === '') {
        throw new ProviderError(`${PROVIDER}: the token endpoint answered without an access_token`, { provider: PROVIDER, operationId: 'createOauthToken' });
      }
      return { token: secrets.add(data.access_token), expiresInSeconds: typeof data.expires_in === 'number' ? data.expires_in : undefined };
    },
  });
  const { middleware, onUnauthorized } = cachedBearerAuth(tokens, { provider: PROVIDER });
  return { auth: middleware, onUnauthorized, secrets };
}

/**
 * Create a SailPoint ISC client.
 *
 * @throws ProviderConfigError when the options cannot work: neither or both of `tenant` and
 *   `baseUrl`, a tenant that is not one host name label, a non-https base URL, not exactly one
 *   of `token` and `clientId`/`clientSecret`, empty credentials.
 */
export function createSailPointClient(options: SailPointClientOptions): SailPointClient {
  const baseUrl = resolveBaseUrl(options);
  const { auth, onUnauthorized, secrets } = credentials(options, () => client);
  const transport = clientTransport(options.fetch);
  const client = createTypedClient<paths, typeof operations>({
    provider: PROVIDER,
    baseUrl,
    operations,
    fetch: transport.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    secrets,
    tokenOperations: ['createOauthToken'],
    middleware: [auth],
    errorDetails: errorDetailsWith(secrets),
    onUnauthorized,
  });
  const { raw, call, unwrap } = client;

  const accountPath = (id: string) => ({ path: { id } });
  const taskUrl = (id: string): string => `${client.baseUrl}/beta/task-status/${encodePathParam(id, 'task id', PROVIDER)}`;

  const tasks: SailPointTasks = {
    get: (id, o) => call('getTaskStatus', raw.GET('/beta/task-status/{id}', { params: { path: { id } }, ...callInit(o) })) as Promise<SailPointTaskStatus>,
    wait: (id, o) => waitForTask({ get: (taskId, { signal }) => tasks.get(taskId, { signal }), url: taskUrl, redact: secrets.redact }, id, o),
  };

  /** Resolve an accepted task, following it first when the caller asked to wait. */
  async function accepted(
    pending: Promise<{ id: string } | undefined>,
    wait: SailPointStateChangeOptions['wait'],
    signal: AbortSignal | undefined,
  ): Promise<SailPointAccountChange> {
    const result = await pending;
    if (!result || typeof result.id !== 'string') {
      throw new ProviderError(`${PROVIDER}: the state change was accepted without a task id`, { provider: PROVIDER });
    }
    if (!wait) return { changed: true, taskId: result.id };
    const task = await tasks.wait(result.id, { ...(wait === true ? {} : wait), signal });
    return { changed: true, taskId: result.id, task };
  }

  const toggleBody = (o: SailPointStateChangeOptions | undefined) => ({
    ...(o?.externalVerificationId !== undefined ? { externalVerificationId: o.externalVerificationId } : {}),
    ...(o?.forceProvisioning !== undefined ? { forceProvisioning: o.forceProvisioning } : {}),
  });

  const accounts: SailPointAccounts = {
    list(query = {}, o) {
      const limit = pageSize(query.limit);
      return offsetPages({
        provider: PROVIDER,
        operationId: 'listAccounts',
        limit,
        fetchPage: async (offset, size) => {
          const result = await raw.GET('/v3/accounts', {
            params: {
              query: {
                limit: size,
                offset,
                // Counting costs the server extra work: asked once, on the first page.
                ...(offset === 0 ? { count: true } : {}),
                ...(query.filters !== undefined ? { filters: query.filters } : {}),
                ...(query.sorters !== undefined ? { sorters: query.sorters } : {}),
                ...(query.detailLevel !== undefined ? { detailLevel: query.detailLevel } : {}),
              },
            },
            ...callInit(o),
          });
          return { items: unwrap(result, 'listAccounts') as SailPointAccount[], total: totalCount(result.response.headers.get('x-total-count')) };
        },
        items: (page) => page.items,
        total: (page) => page.total,
        key: (account) => account.id,
      });
    },
    get: (id, o) => call('getAccount', raw.GET('/v3/accounts/{id}', { params: accountPath(id), ...callInit(o) })) as Promise<SailPointAccount>,
    enable: (id, o) =>
      accepted(call('enableAccount', raw.POST('/v3/accounts/{id}/enable', { params: accountPath(id), body: toggleBody(o), ...callInit(o) })), o?.wait, o?.signal),
    disable: (id, o) =>
      accepted(call('disableAccount', raw.POST('/v3/accounts/{id}/disable', { params: accountPath(id), body: toggleBody(o), ...callInit(o) })), o?.wait, o?.signal),
    unlock: (id, o) =>
      accepted(
        call(
          'unlockAccount',
          raw.POST('/v3/accounts/{id}/unlock', {
            params: accountPath(id),
            body: { ...toggleBody(o), ...(o?.unlockIDNAccount !== undefined ? { unlockIDNAccount: o.unlockIDNAccount } : {}) },
            ...callInit(o),
          }),
        ),
        o?.wait,
        o?.signal,
      ),
    delete: (id, o) => accepted(call('deleteAccount', raw.DELETE('/v3/accounts/{id}', { params: accountPath(id), ...callInit(o) })), o?.wait, o?.signal),
  };

  return Object.freeze({ raw, accounts: Object.freeze(accounts), tasks: Object.freeze(tasks), ...closable(transport) });
}

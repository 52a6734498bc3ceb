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
 * Accounts (and why their state changes always report a change) are in `accounts.ts`, tasks
 * in `tasks.ts`, the credentials in `auth.ts`.
 *
 * @example
 * const isc = createSailPointClient({ tenant: 'acme', clientId, clientSecret })
 * for await (const account of isc.accounts.list({ filters: 'identityId eq "2c91..."' })) {
 *   await isc.accounts.disable(account.id, { wait: true })
 * }
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/sailpoint/schema.js';
import { operations } from '../../generated/sailpoint/operations.js';
import { clientTransport, closable, createTypedClient, type Closable } from '../core/index.js';
import { sharedClientOptions } from '../core/wiring.js';
import { sailPointAccounts, type SailPointAccounts } from './accounts.js';
import { credentials } from './auth.js';
import { errorDetailsWith } from './error-details.js';
import { resolveBaseUrl, type SailPointClientOptions } from './options.js';
import { sailPointTasks, type SailPointTasks } from './tasks.js';

export type {
  SailPointAccount,
  SailPointAccountChange,
  SailPointAccountListQuery,
  SailPointAccounts,
  SailPointDeleteOptions,
  SailPointStateChangeOptions,
  SailPointUnlockOptions,
} from './accounts.js';
export type { SailPointErrorResponse } from './error-details.js';
export type { SailPointClientOptions, SailPointConnection, SailPointCredentials } from './options.js';
export type { SailPointTaskStatus, SailPointTasks } from './tasks.js';
export { SailPointTaskError, isSailPointTaskError, type SailPointTaskErrorJSON } from './task-error.js';
export {
  DEFAULT_TASK_INTERVAL_MS as SAILPOINT_TASK_INTERVAL_MS,
  DEFAULT_TASK_TIMEOUT_MS as SAILPOINT_TASK_TIMEOUT_MS,
  taskOutcome as sailPointTaskOutcome,
  type TaskWaitOptions as SailPointTaskWaitOptions,
} from './task-wait.js';

const PROVIDER = 'sailpoint';

/** A SailPoint client; see {@link createSailPointClient}. */
export interface SailPointClient extends Closable {
  /** The typed openapi-fetch client for every operation of the SailPoint spec (auth, retries and timeout included). */
  readonly raw: Client<paths>;
  readonly accounts: SailPointAccounts;
  readonly tasks: SailPointTasks;
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
    ...sharedClientOptions(options, transport.fetch),
    secrets,
    tokenOperations: ['createOauthToken'],
    middleware: [auth],
    errorDetails: errorDetailsWith(secrets),
    onUnauthorized,
  });

  const tasks = sailPointTasks(client, secrets);
  const accounts = sailPointAccounts(client, tasks);

  return Object.freeze({ raw: client.raw, accounts: Object.freeze(accounts), tasks: Object.freeze(tasks), ...closable(transport) });
}

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
 * Users are in `users.ts`, user grants in `user-grants.ts`, how ZITADEL's answers read (the
 * "already in that state" answer, searches) in `results.ts`, the credentials in `auth.ts`.
 *
 * @example
 * const zitadel = createZitadelClient({ baseUrl: 'https://my-instance.zitadel.cloud', serviceAccountKey: keyJson })
 * for await (const user of zitadel.users.list({ queries: [{ stateQuery: { state: 'USER_STATE_ACTIVE' } }] })) {
 *   await zitadel.users.deactivate(user.userId)
 * }
 */
import type { Client } from 'openapi-fetch';
import type { paths } from '../../generated/zitadel/schema.js';
import { operations } from '../../generated/zitadel/operations.js';
import { ProviderConfigError, assertHeaderValue, clientTransport, closable, createTypedClient, type Closable } from '../core/index.js';
import { createSecretSet } from '../core/secrets.js';
import { sharedClientOptions, fixedTokenSecrets } from '../core/wiring.js';
import { credentials } from './auth.js';
import { errorDetailsWith } from './error-details.js';
import { zitadelUserGrants, type ZitadelUserGrants } from './user-grants.js';
import { zitadelUsers, type ZitadelUsers } from './users.js';
import type { ZitadelClientOptions } from './options.js';

export { ZITADEL_API_SCOPE, createJwtAssertion, type ZitadelServiceAccountKey } from './jwt-profile.js';
export type { ZitadelRpcStatus } from './error-details.js';
export type { ZitadelClientOptions, ZitadelCredentials } from './options.js';
export { ZITADEL_FAILED_PRECONDITION, type ZitadelChange, type ZitadelDetailsResponse, type ZitadelObjectDetails } from './results.js';
export type { ZitadelUserGrant, ZitadelUserGrantListQuery, ZitadelUserGrantRef, ZitadelUserGrants } from './user-grants.js';
export type { ZitadelUser, ZitadelUserListQuery, ZitadelUsers } from './users.js';

const PROVIDER = 'zitadel';

/** A ZITADEL client; see {@link createZitadelClient}. */
export interface ZitadelClient extends Closable {
  /** The typed openapi-fetch client for every operation of the ZITADEL spec (auth, retries and timeout included). */
  readonly raw: Client<paths>;
  readonly users: ZitadelUsers;
  readonly userGrants: ZitadelUserGrants;
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
  const secrets = createSecretSet(fixedTokenSecrets(token));

  // One pool for the API calls and the token exchange.
  const transport = clientTransport(options.fetch);
  const { auth, onUnauthorized } = credentials(options, transport.fetch, secrets);

  const client = createTypedClient<paths, typeof operations>({
    provider: PROVIDER,
    baseUrl: options.baseUrl,
    operations,
    ...sharedClientOptions(options, transport.fetch),
    secrets,
    middleware: [auth],
    errorDetails: errorDetailsWith(secrets),
    onUnauthorized,
  });

  const orgHeader = (orgId: string | undefined): { 'x-zitadel-orgid'?: string } => {
    const value = orgId ?? defaultOrgId;
    return value === undefined ? {} : { 'x-zitadel-orgid': value };
  };

  return Object.freeze({ raw: client.raw, users: Object.freeze(zitadelUsers(client)), userGrants: Object.freeze(zitadelUserGrants(client, orgHeader)), ...closable(transport) });
}

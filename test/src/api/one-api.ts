/**
 * A consumer program written against all three clients with the same option names and call
 * shapes. It is never run: `one-api.test.ts` compiles it under `strict`,
 * `exactOptionalPropertyTypes` and `skipLibCheck: false`, and each `@ts-expect-error` fails that
 * compile if its line stops being an error.
 */
import {
  createDfnsClient,
  createSailPointClient,
  createZitadelClient,
  isProviderNotFoundError,
  type CallOptions,
  type ClientOptions,
  type DfnsUser,
  type SailPointAccount,
  type ZitadelServiceAccountKey,
  type ZitadelUser,
} from '../../../src/index.js';

export async function offboard(baseUrl: string, key: ZitadelServiceAccountKey, signal: AbortSignal): Promise<string[]> {
  // One set of client options and one credential option name for every provider.
  const shared: ClientOptions & { token: string } = { token: 'bearer-token', timeoutMs: 10_000, retry: { attempts: 2 } };
  const dfns = createDfnsClient({ baseUrl, ...shared });
  const zitadel = createZitadelClient({ baseUrl, ...shared });
  const sailpoint = createSailPointClient({ baseUrl, ...shared });
  // The other credential each provider offers.
  createZitadelClient({ baseUrl, serviceAccountKey: key });
  createSailPointClient({ baseUrl, clientId: 'client-id', clientSecret: 'client-secret' });

  // Per-call options: the last argument of every method, the same names everywhere.
  const call: CallOptions = { signal, timeoutMs: 5_000, retry: false };

  // Reads resolve to the object, with the fields the provider always sends required.
  const dfnsUser: DfnsUser = await dfns.users.get('us-1', call);
  const zitadelUser: ZitadelUser = await zitadel.users.get('u-1', call);
  const account: SailPointAccount = await sailpoint.accounts.get('a-1', call);
  const ids: string[] = [dfnsUser.userId, zitadelUser.userId, zitadelUser.username, account.id];
  const active: boolean = dfnsUser.isActive;
  void active;
  void zitadelUser.state.startsWith('USER_STATE_');

  // Lists take (query, options).
  for await (const user of dfns.users.list({ kind: 'CustomerEmployee' }, call)) ids.push(user.userId);
  for await (const user of zitadel.users.list({ limit: 50 }, call)) ids.push(user.userId);
  for await (const grant of zitadel.userGrants.list({ limit: 50 }, call)) ids.push(grant.id);
  for await (const found of sailpoint.accounts.list({ limit: 50 }, call)) ids.push(found.id);

  // State changes: each result admits only what its provider produces.
  const dfnsChange = await dfns.users.deactivate('us-1', call);
  const stillActive: boolean = dfnsChange.isActive; // Dfns never yields changed: false
  void stillActive;
  const zitadelChange = await zitadel.users.deactivate('u-1', call);
  if (zitadelChange.changed) void zitadelChange.details;
  const sailpointChange = await sailpoint.accounts.disable('a-1', { ...call, wait: false });
  ids.push(sailpointChange.taskId); // no narrowing on `changed` first
  // @ts-expect-error SailPoint never yields changed: false
  const unchanged: false = sailpointChange.changed;
  void unchanged;

  // Removals are `delete` everywhere.
  await dfns.users.delete('us-1', call);
  await zitadel.users.delete('u-1', call);
  await zitadel.userGrants.delete({ userId: 'u-1', grantId: 'g-1' }, call);
  await sailpoint.accounts.delete('a-1', call);

  try {
    await zitadel.userGrants.get({ userId: 'u-1', grantId: 'g-1' }, call);
  } catch (err) {
    if (!isProviderNotFoundError(err)) throw err;
    ids.push(err.provider);
  }

  // @ts-expect-error ZITADEL needs a credential
  createZitadelClient({ baseUrl });
  // @ts-expect-error ZITADEL takes exactly one credential, not both
  createZitadelClient({ baseUrl, token: 'bearer-token', serviceAccountKey: key });
  // @ts-expect-error the old credential name is gone
  createDfnsClient({ baseUrl, authToken: 'bearer-token' });
  // @ts-expect-error grants are removed with `delete`
  await zitadel.userGrants.remove({ userId: 'u-1', grantId: 'g-1' });
  return ids;
}

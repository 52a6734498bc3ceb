/**
 * ZITADEL's two credentials as auth middleware: a bearer token given by the caller, or a service
 * account key exchanged (JWT profile grant) for tokens the client caches and renews on a 401.
 */
import { bearerAuth, cachedBearerAuth, type CachedBearerAuth, type CallMiddleware, type FetchLike, type TokenSource } from '../core/index.js';
import type { SecretSet } from '../core/secrets.js';
import { sharedClientOptions, rememberedTokens } from '../core/wiring.js';
import { createJwtProfileTokens } from './jwt-profile.js';
import type { ZitadelClientOptions } from './options.js';

const PROVIDER = 'zitadel';

/**
 * The auth middleware for the credential in `options` (exactly one, checked by the caller);
 * every token it holds is added to `secrets`. Token exchanges go through `fetch`.
 */
export function credentials(
  options: ZitadelClientOptions,
  fetch: FetchLike,
  secrets: SecretSet,
): { auth: CallMiddleware; onUnauthorized: CachedBearerAuth['onUnauthorized'] | undefined } {
  const { token, serviceAccountKey } = options;
  let auth: CallMiddleware;
  let onUnauthorized: CachedBearerAuth['onUnauthorized'] | undefined;
  if (serviceAccountKey !== undefined) {
    const tokens = createJwtProfileTokens({
      baseUrl: options.baseUrl,
      key: serviceAccountKey,
      ...sharedClientOptions(options, fetch),
    });
    // A minted token can be revoked or expire early: it is dropped and the call repeated once.
    ({ middleware: auth, onUnauthorized } = cachedBearerAuth(tokens, { provider: PROVIDER, onToken: (minted) => void secrets.add(minted) }));
  } else {
    auth = bearerAuth(rememberedTokens(token as TokenSource, secrets), { provider: PROVIDER });
  }

  return { auth, onUnauthorized };
}

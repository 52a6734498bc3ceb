/**
 * SailPoint's two credentials: a bearer token given by the caller, or OAuth client credentials
 * exchanged at `/oauth/token` for tokens the client caches (see the provider's module comment).
 */
import type { paths } from '../../generated/sailpoint/schema.js';
import type { operations } from '../../generated/sailpoint/operations.js';
import {
  ProviderConfigError,
  ProviderError,
  bearerAuth,
  cachedBearerAuth,
  createTokenCache,
  type CachedBearerAuth,
  type CallMiddleware,
  type TokenSource,
  type TypedClient,
} from '../core/index.js';
import { createSecretSet, credentialPairForms, type SecretSet } from '../core/secrets.js';
import { fixedTokenSecrets, rememberedTokens } from '../core/wiring.js';
import type { SailPointCredentials } from './options.js';

const PROVIDER = 'sailpoint';

/** The auth middleware for the credential given, and the secrets to scrub from error text. */
export function credentials(
  options: SailPointCredentials,
  client: () => TypedClient<paths, typeof operations>,
): { auth: CallMiddleware; onUnauthorized: CachedBearerAuth['onUnauthorized'] | undefined; secrets: SecretSet } {
  const { token, clientId, clientSecret } = options as { token?: TokenSource; clientId?: unknown; clientSecret?: unknown };
  if ((token === undefined) === (clientId === undefined && clientSecret === undefined)) {
    throw new ProviderConfigError('give exactly one of token and clientId with clientSecret', { provider: PROVIDER });
  }
  if (token !== undefined) {
    const secrets = createSecretSet(fixedTokenSecrets(token));
    return { auth: bearerAuth(rememberedTokens(token, secrets), { provider: PROVIDER }), onUnauthorized: undefined, secrets };
  }
  if (typeof clientId !== 'string' || clientId === '' || typeof clientSecret !== 'string' || clientSecret === '') {
    throw new ProviderConfigError('clientId and clientSecret must be non-empty strings', { provider: PROVIDER });
  }
  // The client secret and the tokens minted with it, scrubbed from any error text that echoes them.
  const secrets = createSecretSet([clientSecret, ...credentialPairForms(clientId, clientSecret)]);
  // The token request is an ordinary operation of the spec (`createOauthToken`, no security),
  // so it is sent through the same client, with its retries and timeout; the auth middleware
  // leaves operations without security alone, and refuses the token operation outright if a
  // spec ever gives it security (it would otherwise wait for the token it is fetching).
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
  const { middleware, onUnauthorized } = cachedBearerAuth(tokens, { provider: PROVIDER, tokenOperation: 'createOauthToken' });
  return { auth: middleware, onUnauthorized, secrets };
}

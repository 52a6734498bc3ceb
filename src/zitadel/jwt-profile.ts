/**
 * ZITADEL's JWT profile grant (RFC 7523): a service account proves its identity with a JWT it
 * signs with its private key, and the instance's token endpoint answers with an access token.
 *
 * The assertion is RS256 with the key id in the header (`kid`), the service user as issuer and
 * subject, and the instance issuer (the origin of the instance URL) as audience. The access
 * token is cached by the core token cache until shortly before it expires, and concurrent
 * callers share one token request.
 *
 * The token endpoint is the spec's `createAccessToken` operation. It gets its own typed client
 * here, without the bearer middleware of the main client (it would ask this very cache for a
 * token) and with the OAuth error body (`error`, `error_description`) as the error details; it
 * still goes through the core retry, timeout and error mapping.
 */
import { createPrivateKey, sign, type KeyObject } from 'node:crypto';
import type { components, paths } from '../../generated/zitadel/schema.js';
import { operations } from '../../generated/zitadel/operations.js';
import {
  ProviderConfigError,
  ProviderError,
  assertBaseUrl,
  createTokenCache,
  createTypedClient,
  type CoreClientOptions,
  type TokenCache,
} from '../core/index.js';

const PROVIDER = 'zitadel';

/**
 * A ZITADEL service account key, as in the JSON file ZITADEL lets you download for a machine
 * user (`{ "type": "serviceaccount", "keyId": ..., "key": "-----BEGIN RSA PRIVATE KEY-----...", "userId": ... }`).
 */
export interface ZitadelServiceAccountKey {
  /** Id of the key; sent as the JWT header `kid`. */
  keyId: string;
  /** RSA private key: PEM text (PKCS#1 or PKCS#8) or a `KeyObject`. */
  key: string | KeyObject;
  /** Id of the machine user the key belongs to; the assertion's `iss` and `sub`. */
  userId: string;
  /** `serviceaccount` in ZITADEL's key file; not used. */
  type?: string;
  /** Present in ZITADEL's key file; not used. */
  expirationDate?: string;
}

/** OAuth scopes requested for API access: an OIDC token whose audience includes ZITADEL's own APIs. */
export const ZITADEL_API_SCOPE = 'openid urn:zitadel:iam:org:project:id:zitadel:aud';

/**
 * Lifetime of one assertion. It is only used once, right away, so it is kept short; ZITADEL
 * refuses assertions valid for more than an hour.
 */
const ASSERTION_LIFETIME_SECONDS = 300;

/** Error body of the token endpoint. */
type OAuthError = components['schemas']['OAuthError'];

/** A checked service account key: the private key parsed, the PEM text dropped. */
export interface ParsedServiceAccountKey {
  keyId: string;
  userId: string;
  privateKey: KeyObject;
}

/**
 * Validate a service account key and parse its private key.
 *
 * @throws ProviderConfigError when a field is missing or the key is not an RSA private key. The
 *   message never contains key material.
 */
export function parseServiceAccountKey(key: ZitadelServiceAccountKey): ParsedServiceAccountKey {
  if (!key || typeof key !== 'object') throw new ProviderConfigError('serviceAccountKey must be an object', { provider: PROVIDER });
  for (const field of ['keyId', 'userId'] as const) {
    if (typeof key[field] !== 'string' || key[field] === '') {
      throw new ProviderConfigError(`serviceAccountKey.${field} must be a non-empty string`, { provider: PROVIDER });
    }
  }
  let privateKey: KeyObject;
  try {
    privateKey = typeof key.key === 'string' ? createPrivateKey(key.key) : key.key;
  } catch {
    // The parser's own error is left out on purpose: nothing about the key text may leak.
    throw new ProviderConfigError('serviceAccountKey.key is not a readable private key', { provider: PROVIDER });
  }
  if (privateKey?.type !== 'private' || privateKey.asymmetricKeyType !== 'rsa') {
    throw new ProviderConfigError('serviceAccountKey.key must be an RSA private key (RS256)', { provider: PROVIDER });
  }
  return { keyId: key.keyId, userId: key.userId, privateKey };
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Build the signed assertion for the JWT profile grant.
 *
 * @param audience the instance issuer, e.g. `https://my-instance.zitadel.cloud`.
 * @param nowSeconds issue time in seconds since the epoch.
 */
export function createJwtAssertion(key: ParsedServiceAccountKey, audience: string, nowSeconds = Math.floor(Date.now() / 1000)): string {
  const header = { alg: 'RS256', typ: 'JWT', kid: key.keyId };
  const claims = { iss: key.userId, sub: key.userId, aud: audience, iat: nowSeconds, exp: nowSeconds + ASSERTION_LIFETIME_SECONDS };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(claims))}`;
  // RSASSA-PKCS1-v1_5 with SHA-256 is what RS256 means; node picks that padding for RSA keys.
  const signature = sign('sha256', Buffer.from(signingInput), key.privateKey);
  return `${signingInput}.${base64url(signature)}`;
}

/** Options of {@link createJwtProfileTokens}. */
export interface JwtProfileTokensOptions extends Pick<CoreClientOptions, 'fetch' | 'retry' | 'timeoutMs' | 'maxResponseBytes'> {
  /** The instance URL; its origin is both the token endpoint host and the assertion audience. */
  baseUrl: string;
  key: ZitadelServiceAccountKey;
}

/**
 * A token cache that mints access tokens with the JWT profile grant.
 *
 * @throws ProviderConfigError for an unusable key or base URL.
 */
export function createJwtProfileTokens(options: JwtProfileTokensOptions): TokenCache {
  const key = parseServiceAccountKey(options.key);
  const issuer = new URL(assertBaseUrl(options.baseUrl, PROVIDER)).origin;
  const client = createTypedClient<paths, typeof operations>({
    provider: PROVIDER,
    baseUrl: issuer,
    operations,
    fetch: options.fetch,
    retry: options.retry,
    timeoutMs: options.timeoutMs,
    maxResponseBytes: options.maxResponseBytes,
    tokenOperations: ['createAccessToken'],
    errorDetails: (_status, body) => {
      const error = body as Partial<Record<keyof OAuthError, unknown>> | undefined;
      return {
        code: typeof error?.error === 'string' ? error.error : undefined,
        message: typeof error?.error_description === 'string' ? error.error_description : undefined,
      };
    },
  });
  return createTokenCache({
    async fetchToken(signal) {
      const data = await client.call(
        'createAccessToken',
        client.raw.POST('/oauth/v2/token', {
          body: { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', scope: ZITADEL_API_SCOPE, assertion: createJwtAssertion(key, issuer) },
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          // Aborted when every call waiting for this token has given up.
          signal,
        }),
      );
      if (!data || typeof data.access_token !== 'string' || data.access_token === '') {
        throw new ProviderError(`${PROVIDER}: the token endpoint answered without an access_token`, { provider: PROVIDER, operationId: 'createAccessToken' });
      }
      return { token: data.access_token, expiresInSeconds: typeof data.expires_in === 'number' ? data.expires_in : undefined };
    },
  });
}

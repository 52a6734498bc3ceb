/**
 * Bearer-token middleware shared by the providers, and the one rule for which operations take
 * the token.
 *
 * The rule reads the operation's security from the generated operations table: a token is
 * sent iff the security lists at least one alternative and none of them is empty. `security: []`
 * and upstream's `security: [{}]` (generated as `[[]]`) both mean "no credentials": the token
 * endpoints are such operations, and asking the token cache for a token while fetching one
 * would wait on itself.
 */
import type { CallMiddleware } from './call.js';
import { ProviderConfigError, ProviderError } from './errors/index.js';
import type { OperationMeta, ResolvedOperation } from './operations.js';
import { assertHeaderValue } from './safety.js';
import type { TokenCache } from './tokens.js';

/**
 * A secret given either as a string or as a function that returns one (possibly async), so
 * callers can rotate tokens without recreating the client.
 *
 * @example 'eyJhbGciOi...'
 * @example async () => vault.read('dfns-token')
 */
export type TokenSource = string | (() => string | Promise<string>);

/**
 * Whether requests to an operation carry the bearer token: its security has at least one
 * alternative and no alternative is empty. A method and path outside the table (`undefined`)
 * gets the token: the provider, not a guess, decides whether it needed one.
 */
export function requiresToken(operation: OperationMeta | undefined): boolean {
  if (operation === undefined) return true;
  return operation.security.length > 0 && operation.security.every((alternative) => alternative.length > 0);
}

/** Resolve a {@link TokenSource}, refusing empty values and values with line breaks. */
export async function resolveToken(source: TokenSource, provider: string, what = 'token'): Promise<string> {
  const value = typeof source === 'function' ? await source() : source;
  if (typeof value !== 'string' || value === '')
    throw new ProviderConfigError(`${what} must be a non-empty string`, {
      provider,
    });
  return assertHeaderValue('Authorization', value, provider);
}

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  /** Provider id used in errors. */
  provider: string;
}

/**
 * Middleware that sets `Authorization: Bearer <token>` on every request whose operation
 * {@link requiresToken} (every attempt: a function source is called again on retries, so a
 * rotated token is picked up).
 */
export function bearerAuth(token: TokenSource, options: BearerAuthOptions): CallMiddleware {
  if (typeof token !== 'function' && (typeof token !== 'string' || token === '')) {
    throw new ProviderConfigError('token must be a non-empty string or a function', { provider: options.provider });
  }
  if (typeof token === 'string') assertHeaderValue('Authorization', token, options.provider);
  return {
    async onRequest({ request, call }) {
      if (!requiresToken(call.operation)) return undefined;
      request.headers.set('Authorization', `Bearer ${await resolveToken(token, options.provider)}`);
      return undefined;
    },
  };
}

/** Options of {@link cachedBearerAuth}. */
export interface CachedBearerAuthOptions {
  /** Provider id used in errors. */
  provider: string;
  /** Called with each token before it is sent (e.g. to remember it for scrubbing error text). */
  onToken?: ((token: string) => void) | undefined;
  /**
   * The operation that mints the tokens, when it is sent through the same client. It cannot
   * carry the token it mints: if the spec's security asks for one, the request fails at once
   * naming the operation, instead of waiting for the token it is fetching until a timeout.
   */
  tokenOperation?: string | undefined;
}

/** What {@link cachedBearerAuth} gives a client: its middleware and its `onUnauthorized`. */
export interface CachedBearerAuth {
  /** Sets the cached token; drops exactly that token when its request is answered 401. */
  readonly middleware: CallMiddleware;
  /**
   * The typed client's `onUnauthorized`: after a 401 on an operation that takes the token, the
   * token was revoked or expired early and has been dropped, so the attempt is repeated once
   * with a fresh one. A 401 from an operation without a token (the token endpoint refusing the
   * client) is final.
   */
  readonly onUnauthorized: (operation: ResolvedOperation | undefined) => boolean;
}

/** Bearer auth with tokens from a {@link TokenCache} (OAuth client credentials, JWT profile...). */
export function cachedBearerAuth(tokens: TokenCache, options: CachedBearerAuthOptions): CachedBearerAuth {
  const { provider, onToken, tokenOperation } = options;
  const middleware: CallMiddleware = {
    async onRequest({ request, call }) {
      if (!requiresToken(call.operation)) return undefined;
      if (call.operation !== undefined && call.operation.operationId === tokenOperation) {
        throw new ProviderError(`${provider}: ${tokenOperation} fetches the client's tokens, but its security in the spec asks for a token`, { provider, operationId: tokenOperation });
      }
      // The attempt's signal: a caller that aborts stops waiting for the token at once (and the
      // token request stops when no other call waits for it).
      const token = assertHeaderValue('Authorization', await tokens.get(request.signal), provider);
      onToken?.(token);
      request.headers.set('Authorization', `Bearer ${token}`);
      return undefined;
    },
    onResponse({ request, response, call }) {
      // Drop exactly the token this request used, so a burst of 401s causes one refresh.
      if (response.status === 401 && requiresToken(call.operation)) tokens.invalidate(request.headers.get('Authorization')?.replace(/^Bearer /, ''));
      return undefined;
    },
  };
  return Object.freeze({ middleware, onUnauthorized: requiresToken });
}

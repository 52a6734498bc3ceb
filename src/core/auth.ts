/**
 * Auth middleware shared by the providers.
 */
import type { Middleware } from 'openapi-fetch';
import { ProviderConfigError } from './errors.js';
import { assertHeaderValue } from './safety.js';

/**
 * A secret given either as a string or as a function that returns one (possibly async), so
 * callers can rotate tokens without recreating the client.
 *
 * @example 'eyJhbGciOi...'
 * @example async () => vault.read('dfns-token')
 */
export type TokenSource = string | (() => string | Promise<string>);

/** Resolve a {@link TokenSource}, refusing empty values and values with line breaks. */
export async function resolveToken(source: TokenSource, provider: string, what = 'token'): Promise<string> {
  const value = typeof source === 'function' ? await source() : source;
  if (typeof value !== 'string' || value === '') throw new ProviderConfigError(`${what} must be a non-empty string`, { provider });
  return assertHeaderValue('Authorization', value, provider);
}

/** Options of {@link bearerAuth}. */
export interface BearerAuthOptions {
  /** Provider id used in errors. */
  provider: string;
  /**
   * Which requests get the header; the default is every request. Use it to leave out e.g. a
   * token endpoint that authenticates differently.
   * @default () => true
   */
  when?: ((ctx: { method: string; schemaPath: string }) => boolean) | undefined;
}

/**
 * Middleware that sets `Authorization: Bearer <token>` on every request (every attempt: a
 * function source is called again on retries, so a refreshed token is picked up).
 */
export function bearerAuth(token: TokenSource, options: BearerAuthOptions): Middleware {
  if (typeof token !== 'function' && (typeof token !== 'string' || token === '')) {
    throw new ProviderConfigError('token must be a non-empty string or a function', { provider: options.provider });
  }
  if (typeof token === 'string') assertHeaderValue('Authorization', token, options.provider);
  return {
    async onRequest({ request, schemaPath }) {
      if (options.when && !options.when({ method: request.method, schemaPath })) return undefined;
      request.headers.set('Authorization', `Bearer ${await resolveToken(token, options.provider)}`);
      return undefined;
    },
  };
}

/**
 * What every provider's `create<Provider>Client` does the same way when it wires its typed
 * client: hand the shared client options on unchanged, and hold the caller's bearer token so
 * that every token it yields is masked in error text. Internal: not re-exported by the package.
 */
import type { TokenSource } from './auth.js';
import type { FetchLike } from './dispatcher-fetch.js';
import type { ClientOptions } from './options.js';
import type { SecretSet } from './secrets.js';

/**
 * The client-wide options a provider hands on unchanged to its typed client (and to a token
 * client beside it), with the `fetch` both send through.
 */
export function sharedClientOptions(options: ClientOptions, fetch: FetchLike): ClientOptions & { fetch: FetchLike } {
  return { fetch, retry: options.retry, timeoutMs: options.timeoutMs, maxResponseBytes: options.maxResponseBytes };
}

/** The fixed secrets of a caller's bearer token: the token itself when it is a string. */
export function fixedTokenSecrets(source: TokenSource | undefined): string[] {
  return typeof source === 'string' ? [source] : [];
}

/**
 * A caller's bearer token as the client holds it: a fixed token is one of `secrets`' fixed
 * secrets (see {@link fixedTokenSecrets}); a token function is wrapped so that every token it
 * returns is remembered in `secrets` before it is sent.
 */
export function rememberedTokens(source: TokenSource, secrets: SecretSet): TokenSource {
  return typeof source === 'function' ? async () => secrets.add(await source()) : source;
}

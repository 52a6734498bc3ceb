/**
 * The secrets a client currently holds (client secret, static token, the last few access tokens
 * it minted), so provider-supplied error text that echoes one of them can be scrubbed before it
 * reaches an error message. Pattern-based scrubbing ({@link redact}) already catches JWTs and PEM
 * blocks; this catches opaque tokens and secrets that have no recognisable shape.
 */
import { redact } from './safety.js';

/** A bounded set of known secrets; see {@link createSecretSet}. */
export interface SecretSet {
  /** Remember a secret (the oldest is forgotten past the limit) and return it unchanged. */
  add(secret: string): string;
  /** {@link redact} with every remembered secret. */
  redact(text: string): string;
}

/**
 * Create a {@link SecretSet}.
 *
 * @param fixed secrets known for the client's whole life (client secret, static token); never forgotten.
 * @param limit how many added secrets to remember; tokens rotate, so only the recent ones matter.
 */
export function createSecretSet(fixed: Iterable<string | undefined> = [], limit = 8): SecretSet {
  const permanent = [...fixed].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  const recent = new Set<string>();
  return {
    add(secret) {
      if (typeof secret === 'string' && secret.length > 0 && !permanent.includes(secret)) {
        recent.delete(secret);
        recent.add(secret);
        if (recent.size > limit) recent.delete(recent.values().next().value as string);
      }
      return secret;
    },
    redact: (text) => redact(text, [...permanent, ...recent]),
  };
}

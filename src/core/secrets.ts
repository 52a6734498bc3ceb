/**
 * The secrets a client currently holds (client secret, static token, the last few access tokens
 * it minted), so provider-supplied error text that echoes one of them can be scrubbed before it
 * reaches an error message. Pattern-based scrubbing ({@link redact}) already catches JWTs and PEM
 * blocks; this catches opaque tokens and secrets that have no recognisable shape.
 *
 * A secret is masked in every form it takes on the wire or in an echo of it:
 *
 * | form | example for `a/b+c= ü` |
 * |---|---|
 * | raw | `a/b+c= ü` |
 * | percent-encoded (either hex case) | `a%2Fb%2Bc%3D%20%C3%BC` |
 * | form-encoded | `a%2Fb%2Bc%3D+%C3%BC` |
 * | JSON-escaped (`\u00fc`, `\/`) | `a\/b+c= \u00fc` |
 * | its UTF-8 bytes read as latin1 (reason phrases, header values) | `a/b+c= Ã¼` |
 * | base64 / base64url, with or without padding | `YS9iK2M9IMO8` |
 *
 * and, for a credential pair given to {@link credentialPairForms}, base64 and base64url of
 * `id:secret` (HTTP Basic), raw and percent-encoded.
 */
import { REDACTED, redact } from './safety.js';

/** A bounded set of known secrets; see {@link createSecretSet}. */
export interface SecretSet {
  /** Remember a secret (the oldest is forgotten past the limit) and return it unchanged. */
  add(secret: string): string;
  /** {@link redact} with every remembered secret, in every form it takes (see the module comment). */
  redact(text: string): string;
}

/** Secrets shorter than this are not masked: masking them would shred ordinary text. */
const MIN_SECRET_LENGTH = 4;

function base64Forms(text: string): string[] {
  const bytes = Buffer.from(text, 'utf8');
  const b64 = bytes.toString('base64');
  return [b64, b64.replace(/=+$/, ''), bytes.toString('base64url')];
}

/**
 * Every form of `secret` listed in the module comment, longest first. Empty for secrets shorter
 * than 4 characters.
 */
export function secretForms(secret: string): string[] {
  if (typeof secret !== 'string' || secret.length < MIN_SECRET_LENGTH) return [];
  const percent = encodeURIComponent(secret);
  const form = new URLSearchParams([['', secret]]).toString().slice(1);
  const json = JSON.stringify(secret).slice(1, -1);
  const asciiJson = json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  const forms = [
    secret,
    percent,
    form,
    json,
    asciiJson,
    json.replace(/\//g, '\\/'),
    asciiJson.replace(/\//g, '\\/'),
    Buffer.from(secret, 'utf8').toString('latin1'),
    ...base64Forms(secret),
  ];
  return [...new Set(forms)].filter((f) => f.length >= MIN_SECRET_LENGTH).sort((a, b) => b.length - a.length);
}

/** The forms of a credential pair as HTTP Basic and form posts carry it: `id:secret`, raw, percent-encoded and base64. */
export function credentialPairForms(id: string, secret: string): string[] {
  const pairs = [`${id}:${secret}`, `${encodeURIComponent(id)}:${encodeURIComponent(secret)}`];
  return [...new Set(pairs.flatMap((pair) => [pair, ...base64Forms(pair)]))];
}

/** Escape text for use in a RegExp. */
function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A function masking every form of the given secrets. Percent-encoded forms match either hex
 * case (servers re-encode); everything else matches exactly.
 */
export function secretMasker(secrets: Iterable<string | undefined | null>): (text: string) => string {
  const literal = new Set<string>();
  const percent = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== 'string') continue;
    for (const form of secretForms(secret)) (/%[0-9A-F]{2}/.test(form) ? percent : literal).add(form);
  }
  const sorted = [...literal].sort((a, b) => b.length - a.length);
  const pattern = percent.size === 0 ? undefined : new RegExp([...percent].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'gi');
  return (text) => {
    let out = pattern ? text.replace(pattern, REDACTED) : text;
    for (const form of sorted) if (out.includes(form)) out = out.split(form).join(REDACTED);
    return out;
  };
}

/**
 * Create a {@link SecretSet}.
 *
 * @param fixed secrets known for the client's whole life (client secret, static token, the
 *   forms of a credential pair); never forgotten.
 * @param limit how many added secrets to remember; tokens rotate, so only the recent ones matter.
 */
export function createSecretSet(fixed: Iterable<string | undefined> = [], limit = 8): SecretSet {
  const permanent = [...fixed].filter((secret): secret is string => typeof secret === 'string' && secret.length > 0);
  const maskPermanent = secretMasker(permanent);
  const recent = new Set<string>();
  let maskRecent: ((text: string) => string) | undefined;
  return {
    add(secret) {
      if (typeof secret !== 'string' || secret.length === 0 || permanent.includes(secret)) return secret;
      // A secret still in use moves to the young end (the masker's contents do not change).
      const known = recent.delete(secret);
      recent.add(secret);
      if (!known) {
        if (recent.size > limit) recent.delete(recent.values().next().value as string);
        maskRecent = undefined;
      }
      return secret;
    },
    redact: (text) => {
      maskRecent ??= secretMasker(recent);
      return redact(maskRecent(maskPermanent(text)));
    },
  };
}

/**
 * Guards applied at the edges of every provider client: where the base URL comes in, where a
 * value becomes a header or a path segment, and where text leaves in an error.
 */
import { ProviderConfigError } from './errors/index.js';

/** Mask written in place of anything secret. */
export const REDACTED = '[REDACTED]';

/** Query parameter names whose values are treated as secret in URLs shown in errors. */
const SECRET_QUERY_NAME = /token|secret|passw|pwd|key|signature|^sig$|assertion|^code$|credential|auth|session/i;

/** Token-shaped text that is scrubbed from any provider-supplied text before it is shown. */
const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // PEM blocks (private keys, certificates).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, REDACTED],
  // JWTs / JWS compact serializations (bearer tokens, Dfns challenge identifiers and user actions).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // "Bearer xyz" / "Basic xyz" as echoed in some error texts.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
];

/**
 * Replace every occurrence of the given secrets, and anything token-shaped (PEM blocks, JWTs,
 * `Bearer …`), with `[REDACTED]`. Secrets shorter than 4 characters are ignored: masking them
 * would shred ordinary text without protecting anything.
 *
 * @example redact('bad token abc123', ['abc123']) // 'bad token [REDACTED]'
 */
export function redact(text: string, secrets: Iterable<string | undefined | null> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * A URL fit for error messages: user info removed, the fragment dropped, and the value of every
 * query parameter whose name looks secret (`token`, `client_secret`, `signature`...) masked.
 * Text that does not parse as a URL is passed through {@link redact}.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redact(url);
  }
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  if (parsed.search) {
    // Rebuild by hand so the values we keep stay byte-for-byte as sent.
    const parts = parsed.search.slice(1).split('&').map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq === -1 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // keep the raw name
      }
      return SECRET_QUERY_NAME.test(name) && eq !== -1 ? `${rawName}=${encodeURIComponent(REDACTED)}` : pair;
    });
    parsed.search = `?${parts.join('&')}`;
  }
  return redact(parsed.toString());
}

/**
 * True for hosts that can only be this machine: `localhost`, `127.0.0.0/8` and `::1`.
 * `hostname` is a WHATWG URL hostname (already lower-cased, IPv4 normalized, IPv6 bracketed).
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return true;
  return /^127(\.\d{1,3}){3}$/.test(hostname) && hostname.split('.').every((octet) => Number(octet) <= 255);
}

/**
 * Validate a client's base URL and return it normalized, without a trailing slash.
 *
 * `https:` is required unless the host is loopback (tests and local mock servers), because the
 * clients send bearer tokens and signed user actions on every request. URLs with user info, a
 * query string or a fragment are refused: they would leak into, or silently alter, every request.
 *
 * @throws ProviderConfigError when the URL is not acceptable.
 * @example assertBaseUrl('https://api.dfns.io/', 'dfns') // 'https://api.dfns.io'
 */
export function assertBaseUrl(url: string, provider = 'core'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ProviderConfigError('baseUrl is not an absolute URL', { provider });
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && isLoopbackHost(parsed.hostname))) {
    throw new ProviderConfigError(`baseUrl must use https: unless its host is loopback (got ${parsed.protocol}//${parsed.host})`, { provider });
  }
  if (parsed.username || parsed.password) throw new ProviderConfigError('baseUrl must not contain credentials', { provider });
  if (parsed.search || parsed.hash) throw new ProviderConfigError('baseUrl must not contain a query string or fragment', { provider });
  return parsed.toString().replace(/\/+$/, '');
}

/**
 * Refuse header values that could split or smuggle headers: CR, LF and NUL anywhere. (`Headers`
 * would silently strip leading and trailing line breaks, hiding a bug or an injection attempt.)
 *
 * @returns the value unchanged.
 * @throws ProviderConfigError naming the header, never echoing the value (it may be a token).
 */
export function assertHeaderValue(name: string, value: string, provider = 'core'): string {
  if (typeof value !== 'string' || /[\r\n\0]/.test(value)) {
    throw new ProviderConfigError(`value for header ${name} must be a string without CR, LF or NUL`, { provider });
  }
  return value;
}

/**
 * Percent-encode one path parameter so it can only ever be one path segment.
 *
 * `encodeURIComponent` already covers `/ ? # %`; this also encodes `! ' ( ) *` (RFC 3986
 * sub-delims some servers treat specially) and refuses values no encoding can make safe:
 * the empty string (it would collapse the path) and `.`/`..` (URL parsers resolve them, and
 * `%2E` forms too, per the WHATWG URL standard).
 *
 * @throws ProviderConfigError for empty, dot-segment, non-scalar or ill-formed (lone surrogate) values.
 * @example encodePathParam('../x') // '..%2Fx'
 */
export function encodePathParam(value: unknown, name = 'path parameter', provider = 'core'): string {
  const problem = pathParamProblem(value, name);
  if (problem) throw new ProviderConfigError(problem, { provider });
  const encoded = encodeURIComponent(String(value));
  return encoded.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * Why a value cannot be a path parameter, or `undefined` when it can. (The check behind
 * {@link encodePathParam}, for callers that raise their own error with more context.)
 */
export function pathParamProblem(value: unknown, name = 'path parameter'): string | undefined {
  if (value === undefined || value === null) return `missing ${name}`;
  let text: string;
  if (typeof value === 'string') text = value;
  else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') text = String(value);
  else return `${name} must be a string or a finite number`;
  if (text === '' || text === '.' || text === '..') return `${name} must not be empty, "." or ".."`;
  // A lone surrogate cannot be percent-encoded (encodeURIComponent throws on it). isWellFormed
  // is ES2024 (Node 20 has it), typed here so the sources compile with an ES2023 lib too.
  if (!(text as string & { isWellFormed(): boolean }).isWellFormed()) return `${name} is not well-formed Unicode`;
  return undefined;
}

/**
 * An openapi-fetch `pathSerializer` that fills every `{name}` of `pathname` with
 * {@link encodePathParam}. openapi-fetch's default encodes with `encodeURIComponent`, which
 * handles `/ ? # %`, but it passes `.` and `..` through (so `{id} = '..'` turns
 * `/items/{id}/parts` into `/parts` once the URL is parsed), leaves a missing parameter as a
 * literal `{name}`, and accepts objects and arrays where one scalar segment is meant.
 *
 * Only the part after `baseUrl` is touched, so braces in the base URL can never be substituted.
 */
export function createPathSerializer(baseUrl: string, provider = 'core'): (pathname: string, params: Record<string, unknown>) => string {
  return (url, params) => {
    const prefix = url.startsWith(baseUrl) ? baseUrl : '';
    const rest = url.slice(prefix.length);
    return (
      prefix +
      rest.replace(/\{([^{}]+)\}/g, (_match, name: string) => {
        return encodePathParam(params?.[name], `path parameter ${name}`, provider);
      })
    );
  };
}

/**
 * The parameter names of each path template, in order, worked out once per template: the
 * templates are the spec's paths. At most {@link MAX_TEMPLATES} are kept; others are worked out
 * at each call.
 */
const templateNames = new Map<string, readonly string[]>();
const MAX_TEMPLATES = 1024;

function paramNames(schemaPath: string): readonly string[] {
  let names = templateNames.get(schemaPath);
  if (names === undefined) {
    names = Array.from(schemaPath.matchAll(/\{([^{}]+)\}/g), (m) => m[1]!);
    if (templateNames.size < MAX_TEMPLATES) templateNames.set(schemaPath, names);
  }
  return names;
}

/** The part of openapi-fetch's request options {@link checkRequest} looks at. */
export interface CheckedInit {
  baseUrl?: string | undefined;
  headers?: unknown;
  params?: { path?: Record<string, unknown>; header?: unknown; [key: string]: unknown } | undefined;
}

/** Where a request is going, for the errors {@link checkRequest} raises. */
export interface RequestSite {
  provider: string;
  baseUrl: string;
  method: string;
  schemaPath: string;
  operationId: string | undefined;
}

/**
 * Validate what openapi-fetch would not before a call is sent: a base URL override, every
 * header value, every path parameter of the template.
 *
 * @returns the options to send with: `params.path` is made to exist when the template has
 *   parameters, because openapi-fetch only runs the path serializer when it does (a missing
 *   parameter would otherwise go out as a literal `{name}`).
 * @throws ProviderConfigError naming the operation and the parameter or header.
 */
export function checkRequest<I extends CheckedInit>(init: I, site: RequestSite): I {
  if (init.baseUrl !== undefined) assertBaseUrl(init.baseUrl, site.provider);
  // Checked here too (the path serializer checks again) so the error names the operation.
  for (const name of paramNames(site.schemaPath)) {
    const problem = pathParamProblem(init.params?.path?.[name], `path parameter ${name}`);
    if (problem) {
      throw new ProviderConfigError(problem, {
        provider: site.provider,
        operationId: site.operationId,
        method: site.method,
        url: `${init.baseUrl ?? site.baseUrl}${site.schemaPath}`,
      });
    }
  }
  checkHeaders(init.headers, site.provider);
  checkHeaders(init.params?.header, site.provider);
  if (site.schemaPath.includes('{') && !init.params?.path) return { ...init, params: { ...init.params, path: {} } };
  return init;
}

function checkHeaders(headers: unknown, provider: string): void {
  if (!headers || typeof headers !== 'object') return;
  const entries: Iterable<[string, unknown]> =
    headers instanceof Headers ? headers.entries() : Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
  for (const [name, value] of entries) {
    for (const v of Array.isArray(value) ? value : [value]) {
      if (v !== undefined && v !== null) assertHeaderValue(name, String(v), provider);
    }
  }
}

/**
 * The errors every provider client rejects with.
 *
 * One base class carries what a caller needs to log or branch on (provider, operation, method,
 * URL); subclasses exist only where callers branch:
 *
 * | class | when |
 * |---|---|
 * | {@link ProviderApiError} | the provider answered with an HTTP error status |
 * | {@link ProviderTimeoutError} | an attempt (or a wait) ran out of time |
 * | {@link ProviderNetworkError} | the connection failed while sending or while reading the answer |
 * | {@link ProviderResponseError} | an answer that cannot be used: not the declared media type, not valid JSON, larger than `maxResponseBytes` |
 * | {@link ProviderRedirectError} | a redirect the client refused to follow |
 * | {@link ProviderAbortError} | the caller's signal aborted the call (its `name` is `AbortError`) |
 * | {@link ProviderPagingError} | a list that would lose items or never end |
 * | {@link ProviderConfigError} | a misconfiguration caught before anything was sent |
 *
 * Secrets never reach these objects' text: URLs have credentials and secret-looking query values
 * masked, provider messages are scrubbed of token-shaped strings, network causes are reduced to
 * their error code, and `toJSON()` leaves out headers and bodies. `String(err)`,
 * `JSON.stringify(err)` and `err.stack` are therefore safe to log.
 */
import { redact, redactUrl } from './safety.js';

/** Longest provider-supplied message text copied into an error message. */
const MAX_PROVIDER_MESSAGE = 300;

/**
 * Brands shared across copies of this module, so two installed copies still recognise each
 * other's errors (instanceof alone would not), and subclasses inherit their parent's brand.
 */
const BRAND = Symbol.for('idlc.ProviderError');
const API_BRAND = Symbol.for('idlc.ProviderApiError');
const TIMEOUT_BRAND = Symbol.for('idlc.ProviderTimeoutError');
const NETWORK_BRAND = Symbol.for('idlc.ProviderNetworkError');
const CONFIG_BRAND = Symbol.for('idlc.ProviderConfigError');
const NOT_FOUND_BRAND = Symbol.for('idlc.ProviderNotFoundError');
const RESPONSE_BRAND = Symbol.for('idlc.ProviderResponseError');
const REDIRECT_BRAND = Symbol.for('idlc.ProviderRedirectError');
const ABORT_BRAND = Symbol.for('idlc.ProviderAbortError');
const PAGING_BRAND = Symbol.for('idlc.ProviderPagingError');

function brand(target: object, symbol: symbol): void {
  Object.defineProperty(target, symbol, { value: true });
}

function hasBrand(err: unknown, symbol: symbol): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[symbol] === true;
}

/** Fields every {@link ProviderError} is created with. */
export interface ProviderErrorInit {
  /** Provider id: `dfns`, `zitadel`, `sailpoint`. */
  provider: string;
  /** Our operationId from the provider's normalized spec, when the error belongs to one call. */
  operationId?: string | undefined;
  /** HTTP method of the request, when the error belongs to one request. */
  method?: string | undefined;
  /** Request URL; it is passed through {@link redactUrl} before it is stored. */
  url?: string | undefined;
  /** The underlying error. Kept for debugging, never serialized by `toJSON()`. */
  cause?: unknown;
}

/** The JSON form of a {@link ProviderError} (what `JSON.stringify(err)` produces). */
export interface ProviderErrorJSON {
  name: string;
  message: string;
  provider: string;
  operationId?: string;
  method?: string;
  url?: string;
  status?: number;
  code?: string | number;
  trackingId?: string;
  retryAfterMs?: number;
  timeoutMs?: number;
  causeCode?: string;
  contentType?: string;
  length?: number;
  limitBytes?: number;
  reason?: string;
  targetOrigin?: string;
}

function describe(init: ProviderErrorInit): string {
  const who = init.operationId ? `${init.provider} ${init.operationId}` : init.provider;
  const what = init.method && init.url ? `: ${init.method} ${redactUrl(init.url)}` : '';
  return `${who}${what}`;
}

/**
 * Base class of every error a provider client throws.
 *
 * @example
 * try { await dfns.users.deactivate(id) } catch (err) {
 *   if (isProviderApiError(err) && err.status === 404) return
 *   throw err
 * }
 */
export class ProviderError extends Error {
  /** Provider id: `dfns`, `zitadel`, `sailpoint`. */
  readonly provider: string;
  /** Our operationId, when the error belongs to one operation. */
  readonly operationId: string | undefined;
  /** HTTP method, when the error belongs to one request. */
  readonly method: string | undefined;
  /** Request URL with credentials and secret-looking query values masked. */
  readonly url: string | undefined;

  constructor(message: string, init: ProviderErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    // Literal names (not new.target.name) so minified bundles keep readable error names.
    this.name = 'ProviderError';
    this.provider = init.provider;
    this.operationId = init.operationId;
    this.method = init.method;
    this.url = init.url === undefined ? undefined : redactUrl(init.url);
    brand(this, BRAND);
  }

  /** A log-safe plain object: no headers, no bodies, no tokens, no keys. */
  toJSON(): ProviderErrorJSON {
    const json: ProviderErrorJSON = { name: this.name, message: this.message, provider: this.provider };
    if (this.operationId !== undefined) json.operationId = this.operationId;
    if (this.method !== undefined) json.method = this.method;
    if (this.url !== undefined) json.url = this.url;
    return json;
  }
}

/** Fields of a {@link ProviderApiError}. */
export interface ProviderApiErrorInit extends ProviderErrorInit {
  method: string;
  url: string;
  /** HTTP status of the answer. */
  status: number;
  /** The provider's own error code (ZITADEL gRPC code, SailPoint detailCode, Dfns error message). */
  code?: string | number | undefined;
  /** The provider's request or tracking id, when it sends one. */
  trackingId?: string | undefined;
  /** How long the provider asked us to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined;
  /** Human-readable reason from the provider; scrubbed and shortened before use in the message. */
  providerMessage?: string | undefined;
  /** Parsed response body (JSON when it parsed, else text). */
  body?: unknown;
}

/**
 * The provider answered with an HTTP error status.
 *
 * `body` holds the parsed answer for callers that need more than `code`; it is deliberately left
 * out of `toJSON()` so logging the error never copies response contents into logs.
 */
export class ProviderApiError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** The provider's own error code, when it sends one. */
  readonly code: string | number | undefined;
  /** The provider's request or tracking id, when it sends one. */
  readonly trackingId: string | undefined;
  /** `Retry-After` in milliseconds, when the provider sent it. */
  readonly retryAfterMs: number | undefined;
  /**
   * The error answer's body (JSON when it parsed, else text), with known secrets masked; a text
   * body, or a JSON body longer than {@link MAX_ERROR_BODY_CHARS}, is kept as a text excerpt of
   * that length. Not serialized by `toJSON()`.
   */
  readonly body: unknown;

  constructor(init: ProviderApiErrorInit) {
    const reason = init.providerMessage ? `: ${truncate(redact(init.providerMessage))}` : '';
    super(`${describe(init)} failed with HTTP ${init.status}${reason}`, init);
    this.name = 'ProviderApiError';
    brand(this, API_BRAND);
    this.status = init.status;
    this.code = typeof init.code === 'string' ? truncate(redact(init.code)) : init.code;
    this.trackingId = init.trackingId;
    this.retryAfterMs = init.retryAfterMs;
    // Non-enumerable: inspecting or spreading the error does not dump the response.
    Object.defineProperty(this, 'body', { value: boundedBody(init.body), enumerable: false });
  }

  override toJSON(): ProviderErrorJSON {
    const json = super.toJSON();
    json.status = this.status;
    if (this.code !== undefined) json.code = this.code;
    if (this.trackingId !== undefined) json.trackingId = this.trackingId;
    if (this.retryAfterMs !== undefined) json.retryAfterMs = this.retryAfterMs;
    return json;
  }
}

/**
 * The object asked for does not exist: the provider answered 404, or a read answered without
 * the object. A {@link ProviderApiError}, so code that checks the status keeps working.
 */
export class ProviderNotFoundError extends ProviderApiError {
  constructor(init: ProviderApiErrorInit) {
    super(init);
    this.name = 'ProviderNotFoundError';
    brand(this, NOT_FOUND_BRAND);
    if (init.status >= 200 && init.status < 300) {
      // A success answer without the object: say so instead of "failed with HTTP 200".
      this.message = `${describe(init)}: not found${init.providerMessage ? ` (${truncate(redact(init.providerMessage))})` : ''}`;
    }
  }
}

/** Fields of a {@link ProviderTimeoutError}. */
export interface ProviderTimeoutErrorInit extends ProviderErrorInit {
  /** The per-attempt (or overall) limit that was exceeded. */
  timeoutMs: number;
}

/** A request, or a wait such as polling a task, took longer than allowed. */
export class ProviderTimeoutError extends ProviderError {
  /** The limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(init: ProviderTimeoutErrorInit, what = 'timed out') {
    super(`${describe(init)} ${what} after ${init.timeoutMs} ms`, init);
    this.name = 'ProviderTimeoutError';
    brand(this, TIMEOUT_BRAND);
    this.timeoutMs = init.timeoutMs;
  }

  override toJSON(): ProviderErrorJSON {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/**
 * The request could not be completed at the transport level (refused, reset, DNS...).
 * Only the cause's error code (e.g. `ECONNRESET`) goes into the message; the cause itself is kept
 * as `cause` for debugging but never serialized.
 */
export class ProviderNetworkError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** Error code of the underlying failure, e.g. `ECONNRESET`, `UND_ERR_SOCKET`. */
  readonly causeCode: string | undefined;

  constructor(init: ProviderErrorInit & { method: string; url: string; while?: 'sending' | 'reading' | undefined }) {
    const causeCode = errorCode(init.cause);
    const what = init.while === 'reading' ? 'lost the connection while reading the answer' : 'failed before an answer arrived';
    // The cause is kept as a copy with its text masked: transport errors can quote URLs or bytes.
    super(`${describe(init)} ${what}${causeCode ? ` (${causeCode})` : ''}`, { ...init, cause: safeCause(init.cause) });
    this.name = 'ProviderNetworkError';
    brand(this, NETWORK_BRAND);
    this.causeCode = causeCode;
  }

  override toJSON(): ProviderErrorJSON {
    const json = super.toJSON();
    if (this.causeCode !== undefined) json.causeCode = this.causeCode;
    return json;
  }
}

/**
 * The client was configured or called in a way that cannot work (bad base URL, missing signer,
 * an invalid path parameter, a header value with a line break...). Thrown before anything is sent.
 */
export class ProviderConfigError extends ProviderError {
  constructor(message: string, init: ProviderErrorInit) {
    const where = describe(init);
    super(`${where}: ${message}`, init);
    this.name = 'ProviderConfigError';
    brand(this, CONFIG_BRAND);
  }
}

/** Why an answer could not be used; see {@link ProviderResponseError}. */
export type ProviderResponseProblem = 'invalid-json' | 'unexpected-content-type' | 'too-large';

/** Fields of a {@link ProviderResponseError}. */
export interface ProviderResponseErrorInit extends ProviderErrorInit {
  method: string;
  url: string;
  status: number;
  reason: ProviderResponseProblem;
  /** The answer's `Content-Type`, if any. */
  contentType?: string | undefined;
  /** Bytes of the body read (or declared by `Content-Length` when refused before reading). */
  length?: number | undefined;
  /** The `maxResponseBytes` limit that was exceeded (`too-large` only). */
  limitBytes?: number | undefined;
}

/**
 * The provider answered, but the answer cannot be used: a success status whose body is not JSON
 * (an HTML page from a proxy, JSON cut short), or a body larger than `maxResponseBytes` (refused
 * while streaming, the rest never read). It never carries body text, only its status, content
 * type and length. Idempotent calls retry `invalid-json` and `unexpected-content-type` like a 503.
 */
export class ProviderResponseError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** HTTP status of the answer. */
  readonly status: number;
  /** What was wrong with it. */
  readonly reason: ProviderResponseProblem;
  /** The answer's `Content-Type`, if any. */
  readonly contentType: string | undefined;
  /** Bytes of the body read, or declared when it was refused before reading. */
  readonly length: number | undefined;
  /** The limit exceeded, for `too-large`. */
  readonly limitBytes: number | undefined;

  constructor(init: ProviderResponseErrorInit) {
    const type = init.contentType ? truncate(redact(init.contentType)).slice(0, 100) : undefined;
    const what =
      init.reason === 'too-large'
        ? `answered HTTP ${init.status} with a body larger than maxResponseBytes (${init.limitBytes} bytes)`
        : `answered HTTP ${init.status} with a body that is not valid JSON (${type ?? 'no content type'}, ${init.length ?? 0} bytes)`;
    super(`${describe(init)} ${what}`, init);
    this.name = 'ProviderResponseError';
    brand(this, RESPONSE_BRAND);
    this.status = init.status;
    this.reason = init.reason;
    this.contentType = type;
    this.length = init.length;
    this.limitBytes = init.limitBytes;
  }

  override toJSON(): ProviderErrorJSON {
    const json = { ...super.toJSON(), status: this.status, reason: this.reason };
    if (this.contentType !== undefined) json.contentType = this.contentType;
    if (this.length !== undefined) json.length = this.length;
    if (this.limitBytes !== undefined) json.limitBytes = this.limitBytes;
    return json;
  }
}

/** Fields of a {@link ProviderRedirectError}. */
export interface ProviderRedirectErrorInit extends ProviderErrorInit {
  method: string;
  url: string;
  status: number;
  /** Origin of the redirect target (`scheme://host:port`); the rest of the target is not kept. */
  targetOrigin: string | undefined;
}

/**
 * The provider answered with a redirect, which the clients never follow: following it would
 * resend the request's credentials (bearer token, client secret, signed user action) to
 * wherever the answer points, another origin or plain http included. Only the target's origin
 * is kept; its path and query may carry secrets.
 */
export class ProviderRedirectError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** HTTP status of the redirect. */
  readonly status: number;
  /** Origin the provider redirected to, when the answer named a valid one. */
  readonly targetOrigin: string | undefined;

  constructor(init: ProviderRedirectErrorInit) {
    super(`${describe(init)} answered HTTP ${init.status} redirecting to ${init.targetOrigin ?? 'an invalid location'}; redirects are not followed (they would resend credentials)`, init);
    this.name = 'ProviderRedirectError';
    brand(this, REDIRECT_BRAND);
    this.status = init.status;
    this.targetOrigin = init.targetOrigin;
  }

  override toJSON(): ProviderErrorJSON {
    const json: ProviderErrorJSON = { ...super.toJSON(), status: this.status };
    if (this.targetOrigin !== undefined) json.targetOrigin = this.targetOrigin;
    return json;
  }
}

/**
 * The caller's signal aborted the call (during a request, a wait between retries, or while
 * waiting for a token). Its `name` is `AbortError`, as for a plain `fetch` abort, so existing
 * `err.name === 'AbortError'` checks keep working; `cause` is the signal's reason.
 */
export class ProviderAbortError extends ProviderError {
  constructor(init: ProviderErrorInit) {
    // The reason is the caller's own; its message is shown (masked, shortened) to say why.
    const why = init.cause instanceof Error && typeof init.cause.message === 'string' && init.cause.message ? ` (${truncate(redact(init.cause.message))})` : '';
    super(`${describe(init)} was aborted by the caller${why}`, init);
    this.name = 'AbortError';
    brand(this, ABORT_BRAND);
  }
}

/** Fields of a {@link ProviderPagingError}. */
export interface ProviderPagingErrorInit extends ProviderErrorInit {
  /** Which guard stopped the list. */
  reason: 'repeated-page' | 'repeated-cursor' | 'no-progress' | 'max-pages' | 'max-items';
  /** What was observed, for the message. */
  detail: string;
}

/**
 * A paged list was stopped because going on would loop or lose items: the server ignores the
 * offset or cursor (a page of items already returned, a repeated cursor), stops advancing before
 * the total it reports, or the list passed `maxPages`/`maxItems`.
 */
export class ProviderPagingError extends ProviderError {
  /** Which guard stopped the list. */
  readonly reason: ProviderPagingErrorInit['reason'];

  constructor(init: ProviderPagingErrorInit) {
    const who = init.operationId ? `${init.provider} ${init.operationId}` : init.provider;
    super(`${who}: paging stopped: ${init.detail}`, init);
    this.name = 'ProviderPagingError';
    brand(this, PAGING_BRAND);
    this.reason = init.reason;
  }

  override toJSON(): ProviderErrorJSON {
    return { ...super.toJSON(), reason: this.reason };
  }
}

/** True for every error thrown by a provider client. */
export function isProviderError(err: unknown): err is ProviderError {
  return err instanceof ProviderError || hasBrand(err, BRAND);
}

/** True when the provider answered with an HTTP error status. */
export function isProviderApiError(err: unknown): err is ProviderApiError {
  return err instanceof ProviderApiError || hasBrand(err, API_BRAND);
}

/** True when the object asked for does not exist. */
export function isProviderNotFoundError(err: unknown): err is ProviderNotFoundError {
  return err instanceof ProviderNotFoundError || hasBrand(err, NOT_FOUND_BRAND);
}

/** True when a request (or a wait) ran out of time. */
export function isProviderTimeoutError(err: unknown): err is ProviderTimeoutError {
  return err instanceof ProviderTimeoutError || hasBrand(err, TIMEOUT_BRAND);
}

/** True when the request failed at the transport level. */
export function isProviderNetworkError(err: unknown): err is ProviderNetworkError {
  return err instanceof ProviderNetworkError || hasBrand(err, NETWORK_BRAND);
}

/** True when the client was misconfigured or misused. */
export function isProviderConfigError(err: unknown): err is ProviderConfigError {
  return err instanceof ProviderConfigError || hasBrand(err, CONFIG_BRAND);
}

/** True when an answer could not be used (not JSON, too large). */
export function isProviderResponseError(err: unknown): err is ProviderResponseError {
  return err instanceof ProviderResponseError || hasBrand(err, RESPONSE_BRAND);
}

/** True when the client refused to follow a redirect. */
export function isProviderRedirectError(err: unknown): err is ProviderRedirectError {
  return err instanceof ProviderRedirectError || hasBrand(err, REDIRECT_BRAND);
}

/** True when the caller's signal aborted the call. */
export function isProviderAbortError(err: unknown): err is ProviderAbortError {
  return err instanceof ProviderAbortError || hasBrand(err, ABORT_BRAND);
}

/** True when a paged list was stopped by one of its guards. */
export function isProviderPagingError(err: unknown): err is ProviderPagingError {
  return err instanceof ProviderPagingError || hasBrand(err, PAGING_BRAND);
}

/** Longest error body kept on {@link ProviderApiError.body}, in characters of JSON or text. */
export const MAX_ERROR_BODY_CHARS = 16 * 1024;

/** A bounded copy of an error body: JSON kept when short, otherwise a text excerpt. */
function boundedBody(body: unknown): unknown {
  if (body === undefined || body === null) return body;
  if (typeof body === 'string') return body.length > MAX_ERROR_BODY_CHARS ? `${body.slice(0, MAX_ERROR_BODY_CHARS)}…` : body;
  let text: string | undefined;
  try {
    text = JSON.stringify(body);
  } catch {
    return undefined;
  }
  if (text === undefined || text.length <= MAX_ERROR_BODY_CHARS) return body;
  return `${text.slice(0, MAX_ERROR_BODY_CHARS)}…`;
}

/**
 * A copy of an error cause chain fit to keep on an error: each link keeps its name, code and
 * masked message (and stack), nothing else (no sockets, requests or response objects).
 */
function safeCause(err: unknown, depth = 0): unknown {
  if (err === undefined || err === null || depth > 4) return undefined;
  if (typeof err !== 'object') return new Error(truncate(redact(String(err))));
  const source = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; stack?: unknown };
  const message = typeof source.message === 'string' ? truncate(redact(source.message)) : '';
  const copy = new Error(message, source.cause === undefined ? undefined : { cause: safeCause(source.cause, depth + 1) });
  copy.name = typeof source.name === 'string' ? source.name.slice(0, 60) : 'Error';
  const code = errorCode(err);
  if (code !== undefined && typeof source.code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  // Stack frames name files and functions only; the original's first line is the unmasked message.
  const frames = typeof source.stack === 'string' ? source.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 20) : [];
  copy.stack = [`${copy.name}: ${message}`, ...frames].join('\n');
  return copy;
}

function truncate(text: string): string {
  return text.length > MAX_PROVIDER_MESSAGE ? `${text.slice(0, MAX_PROVIDER_MESSAGE)}…` : text;
}

/** The first error code found along a cause chain (undici nests the socket error in `cause`). */
function errorCode(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return errorCode((err as { cause?: unknown }).cause, depth + 1);
}

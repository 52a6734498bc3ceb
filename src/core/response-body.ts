/**
 * Reading an answer's body within bounds, and checking a success body is the JSON it claims to
 * be, so no answer can make a client buffer without limit or reject with a bare `SyntaxError`
 * or `TypeError: terminated`.
 *
 * | answer | outcome |
 * |---|---|
 * | `Content-Length` above `maxResponseBytes` | refused before reading: {@link AnswerTooLarge} |
 * | a body growing past `maxResponseBytes` while it streams | reading stops, the stream is cancelled (the connection closes), {@link AnswerTooLarge} |
 * | the connection failing while the body is read | {@link AnswerReadFailed} (the client makes it a `ProviderNetworkError`) |
 * | a success status whose body is not JSON (HTML, cut short, another media type) | {@link invalidJson} names the problem (the client makes it a `ProviderResponseError`) |
 *
 * Bodies are read whole into memory (they are JSON documents the client parses anyway), so the
 * limit bounds both the bytes read and the memory held. The JSON is parsed once: the checked
 * value is what openapi-fetch's `response.json()` then returns.
 */
import { BufferedResponse, NULL_BODY } from './deferred.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './options.js';

/**
 * The body limit of each attempt, keyed by the attempt's abort signal: the one thing that
 * travels unchanged from the client to a dispatcher transport (see `dispatcherFetch`).
 */
const limits = new WeakMap<AbortSignal, number>();

/** Set the body limit of the attempt that owns `signal`. */
export function setBodyLimit(signal: AbortSignal, limit: number): void {
  limits.set(signal, limit);
}

/** The body limit of the attempt that owns `signal` (the default when unknown). */
export function bodyLimit(signal: AbortSignal | null | undefined): number {
  return (signal && limits.get(signal)) ?? DEFAULT_MAX_RESPONSE_BYTES;
}

/** A dispatcher's answer body: undici's and node:http's are async-iterable readables. */
export interface DispatcherBody {
  arrayBuffer(): Promise<ArrayBuffer>;
  dump(): Promise<void>;
  [Symbol.asyncIterator]?(): AsyncIterator<Uint8Array>;
  destroy?(err?: Error): unknown;
}

/**
 * Read a dispatcher's answer body within `limit` bytes: streamed and cut off when it can be
 * iterated, else read whole and then checked.
 */
export async function readDispatcherBody(body: DispatcherBody, limit: number, status: number, contentLength: string | string[] | undefined): Promise<Uint8Array<ArrayBuffer>> {
  const declared = typeof contentLength === 'string' && /^\d+$/.test(contentLength.trim()) ? Number(contentLength) : undefined;
  if (declared !== undefined && declared > limit) {
    // Refused on the header: destroying the body closes the connection unread.
    if (body.destroy) body.destroy();
    else await body.dump().catch(() => undefined);
    throw new AnswerTooLarge(status, limit, declared);
  }
  if (typeof body[Symbol.asyncIterator] === 'function') return readStream(body as DispatcherBody & AsyncIterable<Uint8Array>, limit, status);
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = new Uint8Array(await body.arrayBuffer());
  } catch (err) {
    throw new AnswerReadFailed(err);
  }
  if (bytes.byteLength > limit) throw new AnswerTooLarge(status, limit, bytes.byteLength);
  return bytes;
}

/** A body larger than the limit; `length` is the declared size when it was refused on the header. */
export class AnswerTooLarge extends Error {
  constructor(
    readonly status: number,
    readonly limit: number,
    readonly length: number | undefined,
  ) {
    super(`response body larger than ${limit} bytes`);
    this.name = 'AnswerTooLarge';
  }
}

/** The connection failed while the body was being read; `cause` is the transport's error. */
export class AnswerReadFailed extends Error {
  constructor(cause: unknown) {
    super('connection lost while reading the response body', { cause });
    this.name = 'AnswerReadFailed';
  }
}

/** A response over bytes already read, whose JSON may have been parsed (and checked) already. */
export class CheckedResponse extends BufferedResponse {
  /** The body bytes (shared, never copied); read them, never change them. */
  readonly bodyBytes: Uint8Array<ArrayBuffer>;
  #parsed: { value: unknown } | undefined;
  #consumed = false;

  constructor(bytes: Uint8Array<ArrayBuffer> | null, init: { status: number; statusText?: string; headers: Headers; url: string }) {
    super(bytes, init);
    this.bodyBytes = bytes ?? new Uint8Array(0);
  }

  /** Remember the parsed body, so `json()` does not parse it again. */
  setParsed(value: unknown): void {
    this.#parsed = { value };
  }

  override get bodyUsed(): boolean {
    return this.#consumed || super.bodyUsed;
  }

  override async json(): Promise<unknown> {
    if (this.#parsed === undefined || this.bodyUsed) return super.json();
    this.#consumed = true;
    return this.#parsed.value;
  }
}

/** Body bytes of the real Responses made by {@link realResponse}, for {@link invalidJson}. */
const realBodies = new WeakMap<Response, Uint8Array>();

/**
 * A real `Response` over a checked one's bytes, for clients whose callers installed their own
 * middleware (which may rely on every part of a real Response).
 */
export function realResponse(checked: CheckedResponse): Response {
  const response = new Response(NULL_BODY.has(checked.status) ? null : checked.bodyBytes, { status: checked.status, statusText: checked.statusText, headers: checked.headers });
  Object.defineProperty(response, 'url', { value: checked.url });
  realBodies.set(response, checked.bodyBytes);
  return response;
}

/** Concatenate chunks into one buffer of `total` bytes. */
export function concat(chunks: Uint8Array[], total: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

/**
 * Read a dispatcher's body stream (anything async-iterable over bytes, such as undici's or
 * node:http's readable) up to `limit` bytes; past it, destroy the stream and throw.
 */
export async function readStream(
  stream: AsyncIterable<Uint8Array> & { destroy?: (err?: Error) => unknown },
  limit: number,
  status: number,
): Promise<Uint8Array<ArrayBuffer>> {
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for await (const chunk of stream) {
      total += chunk.byteLength;
      if (total > limit) {
        stream.destroy?.();
        throw new AnswerTooLarge(status, limit, undefined);
      }
      chunks.push(chunk);
    }
  } catch (err) {
    if (err instanceof AnswerTooLarge) throw err;
    throw new AnswerReadFailed(err);
  }
  return concat(chunks, total);
}

/** The declared `Content-Length`, when it is a plain number. */
export function declaredLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  return value !== null && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * Read `response`'s body within `limit` bytes into a {@link CheckedResponse} carrying the same
 * status, headers (plus the body's exact `Content-Length`) and URL. Bodies already in memory (a
 * `BufferedResponse` from the dispatcher transport, which applied the limit while streaming) and
 * bodiless answers are returned as they are.
 */
export async function readAnswer(response: Response, limit: number, method: string): Promise<Response> {
  if (response instanceof BufferedResponse || response.body === null || NULL_BODY.has(response.status) || method === 'HEAD') return response;
  const declared = declaredLength(response.headers);
  if (declared !== undefined && declared > limit) {
    // Cancelling the stream closes the connection: nothing more of the body is read.
    await response.body.cancel().catch(() => undefined);
    throw new AnswerTooLarge(response.status, limit, declared);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let step: ReadableStreamReadResult<Uint8Array>;
    try {
      step = await reader.read();
    } catch (err) {
      throw new AnswerReadFailed(err);
    }
    if (step.done) break;
    total += step.value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => undefined);
      throw new AnswerTooLarge(response.status, limit, undefined);
    }
    chunks.push(step.value);
  }
  const headers = new Headers(response.headers);
  // openapi-fetch reads a body of known length with `json()`, which returns the checked value.
  headers.set('content-length', String(total));
  return new CheckedResponse(concat(chunks, total), { status: response.status, statusText: response.statusText, headers, url: response.url });
}

const decoder = new TextDecoder();

/** Media types whose body is JSON: `application/json` and any `+json` suffix. */
const JSON_TYPE = /^\s*application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * Check a success answer's body is the JSON the operations declare, and keep the parsed value
 * so it is not parsed twice.
 *
 * @returns `undefined` when it is (or there is nothing to check), else what is wrong.
 */
export function invalidJson(response: Response): { reason: 'invalid-json' | 'unexpected-content-type'; length: number } | undefined {
  // Only bodies this module read are checked; a caller's middleware may substitute its own.
  const bytes = response instanceof CheckedResponse ? response.bodyBytes : realBodies.get(response);
  if (bytes === undefined) return undefined;
  const type = response.headers.get('content-type');
  if (bytes.byteLength === 0) return undefined;
  if (type !== null && type !== 'application/json' && !JSON_TYPE.test(type)) return { reason: 'unexpected-content-type', length: bytes.byteLength };
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch {
    return { reason: 'invalid-json', length: bytes.byteLength };
  }
  if (response instanceof CheckedResponse) response.setParsed(value);
  return undefined;
}

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
import { BufferedResponse, NULL_BODY, responseLike } from './deferred.js';

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
  const declared = plainCount(contentLength);
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

/** Body bytes of the real Responses made by {@link realResponse}, for {@link invalidJson}. */
const realBodies = new WeakMap<Response, Uint8Array>();

/**
 * A real `Response` over a checked one's bytes, for clients whose callers installed their own
 * middleware (which may rely on every part of a real Response).
 */
export function realResponse(checked: BufferedResponse): Response {
  const response = responseLike(NULL_BODY.has(checked.status) ? null : checked.bodyBytes, checked);
  realBodies.set(response, checked.bodyBytes);
  return response;
}

/** The chunks of one answer body, gathered within a byte limit: see {@link bodyChunks}. */
export interface BodyChunks {
  /** Keep `chunk`; past the limit keep nothing and return the error to fail with (after stopping the reading). */
  add(chunk: Uint8Array): AnswerTooLarge | undefined;
  /** The body so far, in one buffer. */
  bytes(): Uint8Array<ArrayBuffer>;
}

/**
 * The one body-limit accumulator, shared by every way a body is read (the dispatch handler of
 * collect.ts, a dispatcher's stream, a fetch `Response`), so the bound is counted in one place.
 */
export function bodyChunks(limit: number, status: number): BodyChunks {
  const chunks: Uint8Array[] = [];
  let total = 0;
  return {
    add(chunk) {
      total += chunk.byteLength;
      if (total > limit) return new AnswerTooLarge(status, limit, undefined);
      chunks.push(chunk);
      return undefined;
    },
    bytes() {
      const out = new Uint8Array(total);
      let at = 0;
      for (const chunk of chunks) {
        out.set(chunk, at);
        at += chunk.byteLength;
      }
      return out;
    },
  };
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
  const body = bodyChunks(limit, status);
  try {
    for await (const chunk of stream) {
      const tooLarge = body.add(chunk);
      if (tooLarge) {
        stream.destroy?.();
        throw tooLarge;
      }
    }
  } catch (err) {
    if (err instanceof AnswerTooLarge) throw err;
    throw new AnswerReadFailed(err);
  }
  return body.bytes();
}

/**
 * A count sent as text (`Content-Length`, `X-Total-Count`, a JSON uint64 string) as a number,
 * when it is plain decimal digits (spaces around allowed); otherwise `undefined`.
 */
export function plainCount(value: string | string[] | null | undefined): number | undefined {
  return typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : undefined;
}

/**
 * Read `response`'s body within `limit` bytes into a {@link BufferedResponse} carrying the same
 * status, headers (plus the body's exact `Content-Length`) and URL. Bodies already in memory (a
 * `BufferedResponse` from the dispatcher transport, which applied the limit while streaming) and
 * bodiless answers are returned as they are.
 */
export async function readAnswer(response: Response, limit: number, method: string): Promise<Response> {
  if (response instanceof BufferedResponse || response.body === null || NULL_BODY.has(response.status) || method === 'HEAD') return response;
  const declared = plainCount(response.headers.get('content-length'));
  if (declared !== undefined && declared > limit) {
    // Cancelling the stream closes the connection: nothing more of the body is read.
    await response.body.cancel().catch(() => undefined);
    throw new AnswerTooLarge(response.status, limit, declared);
  }
  const body = bodyChunks(limit, response.status);
  try {
    // Leaving the loop early (past the limit) cancels the stream: nothing more is read.
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      const tooLarge = body.add(chunk);
      if (tooLarge) throw tooLarge;
    }
  } catch (err) {
    throw err instanceof AnswerTooLarge ? err : new AnswerReadFailed(err);
  }
  const bytes = body.bytes();
  const headers = new Headers(response.headers);
  // openapi-fetch reads a body of known length with `json()`, which returns the checked value.
  headers.set('content-length', String(bytes.byteLength));
  return new BufferedResponse(bytes, { status: response.status, statusText: response.statusText, headers, url: response.url });
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
  const bytes = response instanceof BufferedResponse ? response.bodyBytes : realBodies.get(response);
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
  if (response instanceof BufferedResponse) response.setParsed(value);
  return undefined;
}

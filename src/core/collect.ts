/**
 * One request through an undici dispatcher's `dispatch()`, its answer body collected in memory
 * within a byte limit: what `dispatcherFetch` does with an undici `Agent`, `Pool` or `Client`.
 *
 * undici's `request()` wraps every answer in a `Readable` stream and the client then iterates
 * it; for a JSON answer of a few hundred bytes those streams cost more than the HTTP exchange.
 * The handler here keeps the chunks as they arrive instead, with the same bounds:
 *
 * | answer | outcome |
 * |---|---|
 * | `Content-Length` above the limit | the request is aborted on the headers (the connection closes, nothing is read): `AnswerTooLarge` |
 * | a body growing past the limit | aborted at the chunk that crosses it: `AnswerTooLarge` |
 * | the connection failing after the headers | `AnswerReadFailed` (the client makes it a `ProviderNetworkError`) |
 * | failing before the headers (refused, reset, closed pool) | undici's error, as `request()` rejects with it |
 * | the request's signal aborting | aborted with the signal's reason |
 * | a 1xx, 204, 205, 304 or a `HEAD` answer | no body (`bytes` is `null`) |
 */
import { NULL_BODY } from './deferred.js';
import { AnswerReadFailed, AnswerTooLarge, bodyChunks, plainCount } from './response-body.js';

/** What {@link collectAnswer} sends: undici's dispatch options. */
export interface CollectOptions {
  origin: string;
  path: string;
  method: string;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
  signal: AbortSignal;
}

/** An answer with its body in memory. */
export interface CollectedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Uint8Array<ArrayBuffer> | null;
}

/** undici's handler controller: the one thing of it used here. */
export interface Controller {
  abort(reason: Error): void;
}

/** The part of an undici `Dispatcher` this module uses (undici 7's handler API). */
export interface UndiciDispatcher {
  dispatch(options: CollectOptions, handler: object): boolean;
}

/** Whether `dispatcher` is an undici dispatcher (it has `dispatch()` beside `request()`). */
export function isUndiciDispatcher(dispatcher: object): dispatcher is UndiciDispatcher {
  return typeof (dispatcher as Partial<UndiciDispatcher>).dispatch === 'function';
}

/** The callbacks of one request, by undici 7's handler names (node-http.ts makes the same calls). */
export interface AnswerHandler {
  onRequestStart(controller: Controller): void;
  onResponseStart(controller: Controller, statusCode: number, headers: Record<string, string | string[] | undefined>): void;
  onResponseData(controller: Controller, chunk: Uint8Array): void;
  onResponseEnd(): void;
  onResponseError(controller: Controller | undefined, err: Error): void;
  /** Whether the answer has been resolved or rejected; later calls do nothing. */
  readonly settled: boolean;
}

/** Send `options` through `dispatcher` and collect the answer within `limit` bytes. */
export function collectAnswer(dispatcher: UndiciDispatcher, options: CollectOptions, limit: number): Promise<CollectedAnswer> {
  return new Promise((resolve, reject) => void dispatcher.dispatch(options, answerHandler(options, limit, resolve, reject)));
}

/**
 * The handler that collects one answer within `limit` bytes and settles with it once (the table
 * above): what undici's `dispatch()` drives, and the pool's `node:http` stage too
 * (node-http.ts). It aborts through the controller the request started with.
 */
export function answerHandler(options: CollectOptions, limit: number, resolve: (answer: CollectedAnswer) => void, reject: (err: Error) => void): AnswerHandler {
  const { signal } = options;
  const bodiless = options.method === 'HEAD';
  let controller: Controller | undefined;
  let status = 0;
  let headers: Record<string, string | string[] | undefined> = {};
  let started = false;
  let settled = false;
  let body = bodyChunks(limit, 0);
  const onAbort = (): void => controller?.abort(signal.reason instanceof Error ? signal.reason : new Error('aborted', { cause: signal.reason }));
  const settle = (): boolean => {
    if (settled) return false;
    settled = true;
    signal.removeEventListener('abort', onAbort);
    return true;
  };
  return {
    onRequestStart(c) {
      controller = c;
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    },
    onResponseStart(c, statusCode, answerHeaders) {
      // Informational answers (100, 103) come before the final one.
      if (statusCode < 200) return;
      status = statusCode;
      headers = answerHeaders;
      started = true;
      body = bodyChunks(limit, statusCode);
      const declared = plainCount(answerHeaders['content-length']);
      if (declared !== undefined && declared > limit && !bodiless && !NULL_BODY.has(statusCode)) c.abort(new AnswerTooLarge(statusCode, limit, declared));
    },
    onResponseData(c, chunk) {
      const tooLarge = body.add(chunk);
      if (tooLarge) c.abort(tooLarge);
    },
    onResponseEnd() {
      if (!settle()) return;
      let bytes: Uint8Array<ArrayBuffer> | null = null;
      if (!bodiless && !NULL_BODY.has(status)) bytes = body.bytes();
      resolve({ status, headers, bytes });
    },
    onResponseError(_c, err) {
      if (!settle()) return;
      reject(started && !(err instanceof AnswerTooLarge) && !signal.aborted ? new AnswerReadFailed(err) : err);
    },
    get settled() {
      return settled;
    },
  };
}

/**
 * The typed client every provider facade is built on: openapi-fetch, configured from the
 * generated operations table, plus the behaviour all providers share. One call goes:
 *
 * 1. look the operation up once ({@link CallContext.operation}), check the request
 *    (`checkRequest`), serialize a JSON body once ({@link CallContext.body});
 * 2. the retry loop (`withRetries`) runs attempts, each a full openapi-fetch call under its own
 *    time limit (`attemptWithin`), through the provider middleware, which is told the call
 *    context on every hook;
 * 3. `unwrap`/`call` turn the result into data or a {@link ProviderApiError}.
 *
 * `raw` keeps openapi-fetch's shape: methods resolve to `{ data, error, response }` and only
 * reject for failures without an HTTP answer (network, timeout, abort, configuration).
 *
 * One concept, the typed client (its options, what it returns, and the one factory that wires
 * the steps above; each step lives in its own module), which is why the file runs past 300
 * lines.
 */
import createClient, { createFinalURL, createQuerySerializer, type Client, type Middleware } from 'openapi-fetch';
import { serializeJsonBody } from './body.js';
import { attemptWithin } from './attempt.js';
import { bindMiddleware, type CallContext, type CallMiddleware } from './call.js';
import {
  ProviderAbortError,
  ProviderNetworkError,
  ProviderRedirectError,
  ProviderResponseError,
  ProviderTimeoutError,
  isProviderError,
} from './errors/index.js';
import { checkClientLimits, DEFAULT_MAX_RESPONSE_BYTES } from './options.js';
import { RefusedRedirect, refusedRedirect } from './redirects.js';
import { BufferedResponse } from './deferred.js';
import { AnswerReadFailed, AnswerTooLarge, invalidJson, readAnswer, realResponse } from './response-body.js';
import type { SecretSet } from './secrets.js';
import { indexOperations, type OperationsTable, type ResolvedOperation } from './operations.js';
import { resolveRetryOptions, withRetries, type RetryOptions } from './retry.js';
import { assertBaseUrl, checkRequest, createPathSerializer } from './safety.js';
import type { FetchLike } from './dispatcher-fetch.js';
import { createTransport } from './transport.js';
import { unwrapResult, type ErrorDetailsParser, type FetchResult, type ResultData } from './unwrap.js';

/** Options of {@link createTypedClient}. */
export interface CoreClientOptions<Ops extends OperationsTable = OperationsTable> {
  /** Provider id used in errors: `dfns`, `zitadel`, `sailpoint`. */
  provider: string;
  /**
   * Root URL of the API. Must be `https:` unless the host is loopback.
   * @example 'https://api.dfns.io'
   */
  baseUrl: string;
  /** The generated operations table (`generated/<provider>/operations.ts`). */
  operations: Ops;
  /**
   * The `fetch` used for every request, e.g. one bound to an undici keep-alive dispatcher.
   * @default globalThis.fetch
   */
  fetch?: FetchLike | undefined;
  /**
   * Retry policy, or `false` for a single attempt.
   * @default { attempts: 3, baseDelayMs: 250, maxDelayMs: 5000, maxRetryAfterMs: 60000 }
   */
  retry?: RetryOptions | false | undefined;
  /**
   * Time limit of one attempt (request, any signing round-trips it makes, and reading the
   * answer), in milliseconds: an integer from 1 to 2^31 − 1 (what a Node timer can hold).
   * @default 30000
   */
  timeoutMs?: number | undefined;
  /**
   * Largest answer body read, in bytes; a larger one is refused while it streams in (the rest is
   * never read) with a `ProviderResponseError`.
   * @default 16777216 (16 MiB, {@link DEFAULT_MAX_RESPONSE_BYTES})
   */
  maxResponseBytes?: number | undefined;
  /** The secrets the provider client holds, masked (in every encoding) in any text an error shows. */
  secrets?: SecretSet | undefined;
  /**
   * Operations that mint tokens. Minting is idempotent, so they are also retried after any 5xx
   * (not only 502-504), besides network failures and unusable answers.
   * @default []
   */
  tokenOperations?: readonly string[] | undefined;
  /** Provider middleware (auth, signing...), run in order on every attempt and told the {@link CallContext}. */
  middleware?: readonly CallMiddleware[] | undefined;
  /** Pull the provider's code, tracking id and message out of an error answer. */
  errorDetails: ErrorDetailsParser;
  /**
   * Called when an attempt is answered 401. Resolve `true` to repeat that attempt once (after
   * e.g. dropping a cached token); it does not count against `retry.attempts`.
   * @default undefined (401 is not retried)
   */
  onUnauthorized?: ((operation: ResolvedOperation | undefined) => boolean | Promise<boolean>) | undefined;
}

/**
 * openapi-fetch's client whose `use`/`eject` take {@link CallMiddleware}: a caller's middleware
 * is told the call context too. Assignable to openapi-fetch's `Client`.
 */
export type CallClient<Paths extends {}> = Omit<Client<Paths>, 'use' | 'eject'> & {
  /** Register middleware, run after the provider's own on every attempt. */
  use(...middleware: CallMiddleware[]): void;
  /** Unregister middleware. */
  eject(...middleware: CallMiddleware[]): void;
};

/** What {@link createTypedClient} returns. */
export interface TypedClient<Paths extends {}, Ops extends OperationsTable = OperationsTable> {
  /** Provider id. */
  readonly provider: string;
  /** The validated base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** openapi-fetch client for every operation of the spec, with retries, timeout and middleware. */
  readonly raw: CallClient<Paths>;
  /**
   * Return the data of a successful result, or throw a {@link ProviderApiError} built from the
   * error answer. A successful answer without a body yields `undefined`.
   */
  unwrap<R extends FetchResult>(result: R, operationId: keyof Ops & string): ResultData<R>;
  /**
   * Await an openapi-fetch call and {@link TypedClient.unwrap} it.
   * @example const user = await call('getUser', raw.GET('/auth/users/{userId}', { params: { path: { userId } } }))
   */
  call<R extends FetchResult>(operationId: keyof Ops & string, result: R | Promise<R>): Promise<ResultData<R>>;
  /** Find an operation by method and path template. */
  operation(method: string, schemaPath: string): ResolvedOperation | undefined;
}

/** Default per-attempt time limit. */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The methods `raw` has, as openapi-fetch names them. */
const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

type InitLike = {
  params?: { path?: Record<string, unknown>; header?: Record<string, unknown>; query?: Record<string, unknown> };
  headers?: unknown;
  signal?: AbortSignal | null;
  baseUrl?: string;
  body?: unknown;
  bodySerializer?: unknown;
  /** Per-call override of the client's `timeoutMs` (see `CallOptions`); not passed to openapi-fetch. */
  timeoutMs?: number | undefined;
  /** Per-call override of the client's `retry`; not passed to openapi-fetch. */
  retry?: RetryOptions | false | undefined;
  [key: string]: unknown;
};

/**
 * Create the typed client a provider facade is built on.
 *
 * @throws ProviderConfigError for a non-https base URL (unless loopback), or a `retry`,
 *   `timeoutMs` or `maxResponseBytes` out of bounds (see options.ts), naming the option.
 */
export function createTypedClient<Paths extends {}, Ops extends OperationsTable = OperationsTable>(
  options: CoreClientOptions<Ops>,
): TypedClient<Paths, Ops> {
  const { provider, operations, errorDetails, onUnauthorized } = options;
  const baseUrl = assertBaseUrl(options.baseUrl, provider);
  checkClientLimits(options, provider);
  const retry = resolveRetryOptions(options.retry);
  const clientTimeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const tokenOperations = new Set(options.tokenOperations ?? []);
  const index = indexOperations(operations);
  const operation = (method: string, schemaPath: string): ResolvedOperation | undefined => index.get(`${method.toUpperCase()} ${schemaPath}`);
  const providerMiddleware = [...(options.middleware ?? [])];
  const callerMiddleware: CallMiddleware[] = [];
  const pathSerializer = createPathSerializer(baseUrl, provider);
  const querySerializer = createQuerySerializer();
  const transport = createTransport(options.fetch);
  /** Set once a caller adds middleware: from then on it gets real Requests and Responses. */
  let plainResponses = false;
  /**
   * The transport, bounded: a redirect is refused before its body is read, and a body is read
   * within `maxResponseBytes` (see redirects.ts and response-body.ts).
   */
  const boundedFetch: FetchLike = async (request) => {
    const response = await transport.fetch(request);
    const refused = refusedRedirect(response, request.url);
    if (refused) {
      await response.body?.cancel().catch(() => undefined);
      throw refused;
    }
    const answer = await readAnswer(response, maxResponseBytes, request.method);
    return plainResponses && answer instanceof BufferedResponse ? realResponse(answer) : answer;
  };
  // `redirect: 'manual'`: a followed redirect would resend the request's credentials.
  const inner = createClient<Paths>({ baseUrl, pathSerializer, querySerializer, Request: transport.Request, fetch: boundedFetch, redirect: 'manual' });

  function finalUrl(schemaPath: string, init: InitLike): string {
    try {
      return createFinalURL(schemaPath, { baseUrl: init.baseUrl ?? baseUrl, params: (init.params ?? {}) as never, querySerializer: querySerializer as never, pathSerializer });
    } catch {
      return `${baseUrl}${schemaPath}`;
    }
  }

  async function send(method: string, schemaPath: string, given: InitLike | undefined): Promise<FetchResult> {
    const op = operation(method, schemaPath);
    const { timeoutMs: callTimeoutMs, retry: callRetry, ...rest } = given ?? {};
    // Per-call overrides are held to the same bounds as the client's (see options.ts).
    checkClientLimits({ timeoutMs: callTimeoutMs, retry: callRetry }, provider);
    const timeoutMs = callTimeoutMs ?? clientTimeoutMs;
    const checked = checkRequest(rest as InitLike, { provider, baseUrl, method, schemaPath, operationId: op?.operationId });
    const { init, body } = serializeJsonBody(checked, provider);
    const call: CallContext = { operation: op, body };
    let sent: Request | undefined;
    // First, so its onResponse/onError run last and see the final request and error.
    const errorMapping: Middleware = {
      onResponse({ request, response, options: fetchOptions }) {
        sent = request;
        // A success body must be the JSON the operations declare (unless the caller asked for another parseAs).
        if (!response.ok || (fetchOptions.parseAs ?? 'json') !== 'json') return undefined;
        const problem = invalidJson(response);
        if (problem === undefined) return undefined;
        const contentType = response.headers.get('content-type') ?? undefined;
        throw new ProviderResponseError({ provider, operationId: op?.operationId, method: request.method, url: request.url, status: response.status, contentType, ...problem });
      },
      onError({ request, error }) {
        // Aborts and timeouts are classified by the attempt, which knows who aborted.
        if (isProviderError(error) || request.signal.aborted) return undefined;
        const where = { provider, operationId: op?.operationId, method: request.method, url: request.url };
        if (error instanceof RefusedRedirect) return new ProviderRedirectError({ ...where, status: error.status, targetOrigin: error.targetOrigin });
        if (error instanceof AnswerTooLarge) return new ProviderResponseError({ ...where, status: error.status, reason: 'too-large', limitBytes: error.limit, length: error.length });
        if (error instanceof AnswerReadFailed) return new ProviderNetworkError({ ...where, while: 'reading', cause: error.cause });
        return new ProviderNetworkError({ ...where, cause: error });
      },
    };
    const middleware = [errorMapping, ...bindMiddleware(providerMiddleware, call), ...bindMiddleware(callerMiddleware, call)];
    const signal = init.signal ?? undefined;
    const retrying = withRetries(
      () =>
        attemptWithin(
          // `redirect: 'manual'` even if the caller asked otherwise: see redirects.ts.
          (attemptSignal) => inner.request(method.toLowerCase() as never, schemaPath as never, { ...init, redirect: 'manual', signal: attemptSignal, middleware } as never) as Promise<FetchResult>,
          {
            signal,
            timeoutMs,
            // How a dispatcher transport, which sees only the attempt's signal, learns the body limit.
            maxResponseBytes,
            timeoutError: () => new ProviderTimeoutError({ provider, operationId: op?.operationId, method, url: finalUrl(schemaPath, init), timeoutMs }),
          },
        ),
      {
        retry: callRetry === undefined ? retry : resolveRetryOptions(callRetry),
        // Operations outside the table (none, when the table is complete) retry only safe methods.
        idempotent: op?.idempotent ?? (method === 'GET' || method === 'HEAD'),
        mintsToken: op !== undefined && tokenOperations.has(op.operationId),
        signal,
        onUnauthorized: onUnauthorized && (() => onUnauthorized(op)),
      },
    );
    let result: FetchResult;
    try {
      result = await retrying;
    } catch (err) {
      // The caller's abort, however it surfaced (an attempt, a wait between attempts), is one
      // typed error with the signal's reason as `cause`. A reason that already is one of ours (a
      // task wait's timeout aborting the read it waits on, an outer call's abort reaching its
      // signing round-trip) is passed on as it is.
      if (signal?.aborted && !isProviderError(err)) throw new ProviderAbortError({ provider, operationId: op?.operationId, method, url: finalUrl(schemaPath, init), cause: signal.reason });
      throw err;
    }
    // Not enumerable: logging a result must not print the request's Authorization header.
    return Object.defineProperty(result, 'request', { value: sent, enumerable: false, configurable: true });
  }

  const raw = {
    request: (method: string, url: string, init?: InitLike) => send(method.toUpperCase(), url, init),
    use: (...middleware: CallMiddleware[]) => {
      // Callers' middleware may rely on every part of a real Request and Response.
      transport.usePlainRequests();
      plainResponses = true;
      callerMiddleware.push(...middleware);
    },
    eject: (...middleware: CallMiddleware[]) => {
      for (const m of middleware) {
        const at = callerMiddleware.indexOf(m);
        if (at !== -1) callerMiddleware.splice(at, 1);
      }
    },
  } as Record<string, unknown>;
  for (const method of METHODS) raw[method] = (url: string, init?: InitLike) => send(method, url, init);

  function unwrap<R extends FetchResult>(result: R, operationId: keyof Ops & string): ResultData<R> {
    return unwrapResult(result, { provider, operationId, operation: operations[operationId], baseUrl, errorDetails, secrets: options.secrets });
  }

  return Object.freeze({
    provider,
    baseUrl,
    raw: Object.freeze(raw) as unknown as CallClient<Paths>,
    unwrap,
    async call<R extends FetchResult>(operationId: keyof Ops & string, result: R | Promise<R>): Promise<ResultData<R>> {
      return unwrap(await result, operationId);
    },
    operation,
  });
}

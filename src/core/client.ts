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
 */
import createClient, { createFinalURL, createQuerySerializer, type Client, type Middleware } from 'openapi-fetch';
import { serializeJsonBody } from './body.js';
import { attemptWithin } from './attempt.js';
import { bindMiddleware, type CallContext, type CallMiddleware } from './call.js';
import { ProviderConfigError, ProviderNetworkError, ProviderTimeoutError, isProviderError } from './errors.js';
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
   * answer). `Infinity` disables it.
   * @default 30000
   */
  timeoutMs?: number | undefined;
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

function checkTimeout(timeoutMs: unknown, provider: string): number {
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) {
    throw new ProviderConfigError('timeoutMs must be a positive number (Infinity disables it)', { provider });
  }
  return timeoutMs;
}

/**
 * Create the typed client a provider facade is built on.
 *
 * @throws ProviderConfigError for a non-https base URL (unless loopback) or a bad `timeoutMs`.
 */
export function createTypedClient<Paths extends {}, Ops extends OperationsTable = OperationsTable>(
  options: CoreClientOptions<Ops>,
): TypedClient<Paths, Ops> {
  const { provider, operations, errorDetails, onUnauthorized } = options;
  const baseUrl = assertBaseUrl(options.baseUrl, provider);
  const retry = resolveRetryOptions(options.retry);
  const clientTimeoutMs = checkTimeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS, provider);
  const index = indexOperations(operations);
  const operation = (method: string, schemaPath: string): ResolvedOperation | undefined => index.get(`${method.toUpperCase()} ${schemaPath}`);
  const providerMiddleware = [...(options.middleware ?? [])];
  const callerMiddleware: CallMiddleware[] = [];
  const pathSerializer = createPathSerializer(baseUrl, provider);
  const querySerializer = createQuerySerializer();
  const transport = createTransport(options.fetch);
  const inner = createClient<Paths>({ baseUrl, pathSerializer, querySerializer, Request: transport.Request, fetch: transport.fetch });

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
    const timeoutMs = callTimeoutMs === undefined ? clientTimeoutMs : checkTimeout(callTimeoutMs, provider);
    const checked = checkRequest(rest as InitLike, { provider, baseUrl, method, schemaPath, operationId: op?.operationId });
    const { init, body } = serializeJsonBody(checked, provider);
    const call: CallContext = { operation: op, body };
    let sent: Request | undefined;
    // First, so its onResponse/onError run last and see the final request and error.
    const errorMapping: Middleware = {
      onResponse({ request }) {
        sent = request;
      },
      onError({ request, error }) {
        // Aborts and timeouts are classified by the attempt, which knows who aborted.
        if (isProviderError(error) || request.signal.aborted) return undefined;
        return new ProviderNetworkError({ provider, operationId: op?.operationId, method: request.method, url: request.url, cause: error });
      },
    };
    const middleware = [errorMapping, ...bindMiddleware(providerMiddleware, call), ...bindMiddleware(callerMiddleware, call)];
    const signal = init.signal ?? undefined;
    const result = await withRetries(
      () =>
        attemptWithin(
          (attemptSignal) => inner.request(method.toLowerCase() as never, schemaPath as never, { ...init, signal: attemptSignal, middleware } as never) as Promise<FetchResult>,
          {
            signal,
            timeoutMs,
            timeoutError: () => new ProviderTimeoutError({ provider, operationId: op?.operationId, method, url: finalUrl(schemaPath, init), timeoutMs }),
          },
        ),
      {
        retry: callRetry === undefined ? retry : resolveRetryOptions(callRetry),
        // Operations outside the table (none, when the table is complete) retry only safe methods.
        idempotent: op?.idempotent ?? (method === 'GET' || method === 'HEAD'),
        signal,
        onUnauthorized: onUnauthorized && (() => onUnauthorized(op)),
      },
    );
    // Not enumerable: logging a result must not print the request's Authorization header.
    return Object.defineProperty(result, 'request', { value: sent, enumerable: false, configurable: true });
  }

  const raw = {
    request: (method: string, url: string, init?: InitLike) => send(method.toUpperCase(), url, init),
    use: (...middleware: CallMiddleware[]) => {
      // Callers' middleware may rely on every part of a real Request.
      transport.usePlainRequests();
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
    return unwrapResult(result, { provider, operationId, operation: operations[operationId], baseUrl, errorDetails });
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

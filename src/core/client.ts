/**
 * The typed client every provider facade is built on: openapi-fetch, configured from the
 * generated operations table, plus the behaviour all providers share.
 *
 * - Provider behaviour (auth headers, Dfns user-action signing, token refresh...) is ordinary
 *   openapi-fetch middleware passed in `middleware`.
 * - Error mapping is middleware too: transport failures become {@link ProviderNetworkError}, and
 *   `unwrap`/`call` turn an error answer into a {@link ProviderApiError}.
 * - Retries and the per-attempt timeout wrap openapi-fetch's call instead of living in a
 *   middleware. A middleware cannot send a request back through the chain, and a retried request
 *   must pass through every middleware again: a Dfns user-action token is single-use and bound
 *   to one challenge, an expired bearer token must be fetched anew. So every attempt is a full
 *   openapi-fetch call (`raw.GET(...)` etc.) with its own abort signal and timer.
 *
 * `raw` keeps openapi-fetch's shape: methods resolve to `{ data, error, response }` and only
 * reject for failures without an HTTP answer (network, timeout, abort, configuration).
 */
import createClient, { createFinalURL, createQuerySerializer, type Client, type Middleware } from 'openapi-fetch';
import {
  ProviderApiError,
  ProviderConfigError,
  ProviderNetworkError,
  ProviderTimeoutError,
  isProviderError,
} from './errors.js';
import {
  isRetryableError,
  isRetryableStatus,
  parseRetryAfter,
  resolveRetryOptions,
  retryDelay,
  sleep,
  type RetryOptions,
} from './retry.js';
import { assertBaseUrl, assertHeaderValue, createPathSerializer, pathParamProblem, redact } from './safety.js';
import { createTransport } from './transport.js';

/** Metadata of one operation, as written to `generated/<provider>/operations.ts`. */
export interface OperationMeta {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template as in the spec, e.g. `/auth/users/{userId}`. */
  readonly path: string;
  /** Safe to retry after 502/503/504, a reset connection or a timeout (`x-idempotent`). */
  readonly idempotent: boolean;
  readonly tags: readonly string[];
  /** Security requirements: each entry lists the schemes that must all be satisfied. */
  readonly security: readonly (readonly string[])[];
  readonly deprecated?: boolean;
}

/** The generated `operations` table: operationId → {@link OperationMeta}. */
export type OperationsTable = { readonly [operationId: string]: OperationMeta };

/** One operation found by method and path template, with its id. */
export interface ResolvedOperation extends OperationMeta {
  readonly operationId: string;
}

/** What a provider can tell about an error answer. */
export interface ErrorDetails {
  /** The provider's own code (gRPC code, detailCode, error message...). */
  code?: string | number | undefined;
  /** The provider's request or tracking id. */
  trackingId?: string | undefined;
  /** Human-readable reason; scrubbed of token-shaped text before it reaches a message. */
  message?: string | undefined;
}

/** A `fetch` as openapi-fetch calls it. `globalThis.fetch` and undici's `fetch` both fit. */
export type FetchLike = (input: Request) => Promise<Response>;

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
  /** Provider middleware (auth, signing...), run in order on every attempt. */
  middleware?: readonly Middleware[] | undefined;
  /** Pull the provider's code, tracking id and message out of an error answer. */
  errorDetails: (status: number, body: unknown, headers: Headers) => ErrorDetails;
  /**
   * Called when an attempt is answered 401. Resolve `true` to repeat that attempt once (after
   * e.g. dropping a cached token); it does not count against `retry.attempts`.
   * @default undefined (401 is not retried)
   */
  onUnauthorized?: ((operation: ResolvedOperation | undefined) => boolean | Promise<boolean>) | undefined;
}

/** Anything shaped like an openapi-fetch result. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

/** The success data type of an openapi-fetch result. */
export type ResultData<R> = R extends { data: infer D } ? Exclude<D, undefined> : never;

/** What {@link createTypedClient} returns. */
export interface TypedClient<Paths extends {}, Ops extends OperationsTable = OperationsTable> {
  /** Provider id. */
  readonly provider: string;
  /** The validated base URL, without a trailing slash. */
  readonly baseUrl: string;
  /** openapi-fetch client for every operation of the spec, with retries, timeout and middleware. */
  readonly raw: Client<Paths>;
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
  /**
   * The exact JSON text sent as the body of the call whose openapi-fetch `params` object is
   * given (middleware receives it as `params`). `undefined` when the call has no body or the
   * body was not serialized by this client (custom serializer, FormData, non-JSON type).
   */
  serializedBody(params: object): string | undefined;
}

/** Request headers whose values are secrets: they are masked in any text an error shows. */
const SECRET_HEADER = /authorization|token|secret|signature|key|useraction|cookie|session|password/i;

/** The secret header values of a request (and the credential part of `Scheme credential`). */
function secretHeaderValues(headers: Headers): string[] {
  const secrets: string[] = [];
  headers.forEach((value, name) => {
    if (!SECRET_HEADER.test(name)) return;
    secrets.push(value);
    const space = value.indexOf(' ');
    if (space > 0) secrets.push(value.slice(space + 1).trim());
  });
  return secrets;
}

/** Default per-attempt time limit. */
export const DEFAULT_TIMEOUT_MS = 30_000;

const METHODS = ['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE'] as const;

/** Index an operations table by `METHOD path`. */
export function indexOperations(operations: OperationsTable): Map<string, ResolvedOperation> {
  const index = new Map<string, ResolvedOperation>();
  for (const [operationId, meta] of Object.entries(operations)) {
    index.set(`${meta.method.toUpperCase()} ${meta.path}`, { ...meta, operationId });
  }
  return index;
}

/** Whether an operation's security requires the named scheme in any of its alternatives. */
export function requiresScheme(operation: OperationMeta | undefined, scheme: string): boolean {
  return operation?.security.some((alternative) => alternative.includes(scheme)) ?? false;
}

type InitLike = {
  params?: { path?: Record<string, unknown>; header?: Record<string, unknown>; query?: Record<string, unknown> };
  headers?: unknown;
  signal?: AbortSignal | null;
  baseUrl?: string;
  [key: string]: unknown;
};

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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(typeof timeoutMs === 'number' && timeoutMs > 0)) {
    throw new ProviderConfigError('timeoutMs must be a positive number (Infinity disables it)', { provider });
  }
  const index = indexOperations(operations);
  const operation = (method: string, schemaPath: string): ResolvedOperation | undefined => index.get(`${method.toUpperCase()} ${schemaPath}`);
  const pathSerializer = createPathSerializer(baseUrl, provider);
  const querySerializer = createQuerySerializer();
  /** The request that produced each final response: for error messages, and the secrets to mask in them. */
  const sentBy = new WeakMap<Response, Request>();
  /** The JSON text of each call's body, keyed by the call's `params` object; see `serializeOnce`. */
  const serializedBodies = new WeakMap<object, string>();

  const transport = createTransport(options.fetch);
  const inner = createClient<Paths>({
    baseUrl,
    pathSerializer,
    querySerializer,
    Request: transport.Request,
    fetch: transport.fetch,
  });

  // Registered first, so its onResponse/onError run last and see the final response or error.
  const errorMapping: Middleware = {
    onResponse({ request, response }) {
      // The secrets it sent are only worked out if the answer becomes an error.
      sentBy.set(response, request);
    },
    onError({ request, error, schemaPath }) {
      // Aborts and timeouts are classified by the attempt loop, which knows who aborted.
      if (isProviderError(error) || request.signal.aborted) return undefined;
      return new ProviderNetworkError({
        provider,
        operationId: operation(request.method, schemaPath)?.operationId,
        method: request.method,
        url: request.url,
        cause: error,
      });
    },
  };
  inner.use(errorMapping, ...(options.middleware ?? []));

  function finalUrl(schemaPath: string, init: InitLike): string {
    try {
      return createFinalURL(schemaPath, {
        baseUrl: init.baseUrl ?? baseUrl,
        params: (init.params ?? {}) as never,
        querySerializer: querySerializer as never,
        pathSerializer,
      });
    } catch {
      return `${baseUrl}${schemaPath}`;
    }
  }

  /**
   * One attempt: a full openapi-fetch call under its own timer and the caller's signal. One
   * AbortController per attempt, fed by the caller's signal through a listener (cheaper than
   * `AbortSignal.any`, which matters on signing round-trips that make three calls per call).
   */
  function attemptOnce(method: string, schemaPath: string, init: InitLike, op: ResolvedOperation | undefined): Promise<FetchResult> {
    const callerSignal = init.signal ?? undefined;
    return new Promise<FetchResult>((resolve, reject) => {
      const controller = new AbortController();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const finish = (): void => {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      };
      // Reject at once, even if a custom fetch ignores the signal; then abort the transport.
      const fail = (err: unknown): void => {
        finish();
        reject(err);
        controller.abort(err);
      };
      const onCallerAbort = (): void => fail(callerSignal?.reason);
      if (callerSignal) {
        if (callerSignal.aborted) return onCallerAbort();
        callerSignal.addEventListener('abort', onCallerAbort, { once: true });
      }
      if (Number.isFinite(timeoutMs)) {
        timer = setTimeout(() => {
          fail(new ProviderTimeoutError({ provider, operationId: op?.operationId, method, url: finalUrl(schemaPath, init), timeoutMs }));
        }, timeoutMs);
      }
      (inner.request(method.toLowerCase() as never, schemaPath as never, { ...init, signal: controller.signal } as never) as Promise<FetchResult>).then(
        (result) => {
          finish();
          resolve(result);
        },
        (err: unknown) => {
          finish();
          reject(err);
        },
      );
    });
  }

  /** The retry loop around {@link attemptOnce}. */
  async function send(method: string, schemaPath: string, rawInit: InitLike | undefined): Promise<FetchResult> {
    const init = serializeOnce(checkInit(rawInit ?? {}, method, schemaPath));
    const op = operation(method, schemaPath);
    // Operations outside the table (none, when the table is complete) retry only safe methods.
    const idempotent = op?.idempotent ?? (method === 'GET' || method === 'HEAD');
    const callerSignal = init.signal ?? undefined;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      if (callerSignal?.aborted) throw callerSignal.reason;
      let retryAfterMs: number | undefined;
      try {
        const result = await attemptOnce(method, schemaPath, init, op);
        const status = result.response.status;
        if (status === 401 && onUnauthorized && !refreshed) {
          refreshed = true;
          if (await onUnauthorized(op)) {
            attempt--;
            continue;
          }
        }
        if (result.response.ok || attempt >= retry.attempts || !isRetryableStatus(status, idempotent)) return result;
        retryAfterMs = parseRetryAfter(result.response.headers.get('retry-after'));
      } catch (err) {
        if (callerSignal?.aborted) throw callerSignal.reason;
        if (attempt >= retry.attempts || !isRetryableError(err, idempotent)) throw err;
        retryAfterMs = err instanceof ProviderApiError ? err.retryAfterMs : undefined;
      }
      await sleep(retryDelay(attempt, retry, retryAfterMs), callerSignal);
    }
  }

  /**
   * Serialize a JSON body once per call, not once per attempt, and remember the exact text under
   * the call's `params` object (the object middleware receives), so a middleware that must see
   * the body (Dfns signing) reads it without consuming and rebuilding the Request. Bodies the
   * caller serializes differently (custom serializer, FormData, non-JSON content type) are left
   * to openapi-fetch.
   */
  function serializeOnce(init: InitLike): InitLike {
    const body = init.body;
    if (body === undefined || init.bodySerializer !== undefined || (typeof FormData !== 'undefined' && body instanceof FormData)) return init;
    const type = contentType(init.headers) ?? contentType(init.params?.header);
    if (type !== undefined && !/^application\/json\b/i.test(type)) return init;
    let text: string;
    try {
      text = JSON.stringify(body);
    } catch {
      throw new ProviderConfigError('request body cannot be serialized as JSON', { provider });
    }
    const params = { ...init.params };
    serializedBodies.set(params, text);
    return { ...init, params, bodySerializer: () => text };
  }

  /** Validate what openapi-fetch would not: base URL overrides, header values, path params. */
  function checkInit(init: InitLike, method: string, schemaPath: string): InitLike {
    if (init.baseUrl !== undefined) assertBaseUrl(init.baseUrl, provider);
    // Checked here too (the path serializer checks again) so the error names the operation.
    for (const [, name] of schemaPath.matchAll(/\{([^{}]+)\}/g)) {
      const problem = pathParamProblem(init.params?.path?.[name!], `path parameter ${name}`);
      if (problem) {
        throw new ProviderConfigError(problem, { provider, operationId: operation(method, schemaPath)?.operationId, method, url: `${init.baseUrl ?? baseUrl}${schemaPath}` });
      }
    }
    checkHeaders(init.headers);
    checkHeaders(init.params?.header);
    // openapi-fetch only runs the path serializer when `params.path` exists; make sure it does
    // so a missing parameter is refused instead of sent as a literal `{name}`.
    if (schemaPath.includes('{') && !init.params?.path) return { ...init, params: { ...init.params, path: {} } };
    return init;
  }

  function checkHeaders(headers: unknown): void {
    if (!headers || typeof headers !== 'object') return;
    const entries: Iterable<[string, unknown]> =
      headers instanceof Headers ? headers.entries() : Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
    for (const [name, value] of entries) {
      for (const v of Array.isArray(value) ? value : [value]) {
        if (v !== undefined && v !== null) assertHeaderValue(name, String(v), provider);
      }
    }
  }

  const raw = {
    request: (method: string, url: string, init?: InitLike) => send(method.toUpperCase(), url, init),
    use: (...middleware: Middleware[]) => {
      // Callers' middleware may rely on every part of a real Request.
      transport.usePlainRequests();
      inner.use(...middleware);
    },
    eject: (...middleware: Middleware[]) => inner.eject(...middleware),
  } as Record<string, unknown>;
  for (const method of METHODS) raw[method] = (url: string, init?: InitLike) => send(method, url, init);

  function unwrap<R extends FetchResult>(result: R, operationId: keyof Ops & string): ResultData<R> {
    const { response } = result;
    if (response.ok) return result.data as ResultData<R>;
    const op = operations[operationId];
    const sent = sentBy.get(response);
    let details: ErrorDetails = {};
    try {
      details = errorDetails(response.status, result.error, response.headers) ?? {};
    } catch {
      // A provider parser choking on an odd body must not hide the HTTP error itself.
    }
    // Providers sometimes echo request headers in error text: mask what this request sent.
    const secrets = sent ? secretHeaderValues(sent.headers) : [];
    const providerMessage = details.message ?? (typeof result.error === 'string' && result.error ? result.error : response.statusText);
    throw new ProviderApiError({
      provider,
      operationId,
      method: sent?.method ?? op?.method ?? 'GET',
      url: sent?.url ?? (response.url || `${baseUrl}${op?.path ?? ''}`),
      status: response.status,
      code: typeof details.code === 'string' ? redact(details.code, secrets) : details.code,
      trackingId: details.trackingId,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
      providerMessage: providerMessage ? redact(providerMessage, secrets) : undefined,
      body: result.error,
    });
  }

  return Object.freeze({
    provider,
    baseUrl,
    raw: Object.freeze(raw) as unknown as Client<Paths>,
    unwrap,
    async call<R extends FetchResult>(operationId: keyof Ops & string, result: R | Promise<R>): Promise<ResultData<R>> {
      return unwrap(await result, operationId);
    },
    operation,
    serializedBody: (params: object) => serializedBodies.get(params),
  });
}

/** The value of a Content-Type entry in openapi-fetch header options, if any. */
function contentType(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (headers instanceof Headers) return headers.get('content-type') ?? undefined;
  const entries = Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
  for (const [name, value] of entries) if (name.toLowerCase() === 'content-type' && value != null) return String(value);
  return undefined;
}

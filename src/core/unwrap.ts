/**
 * Turning an openapi-fetch result into data or a {@link ProviderApiError}: the provider's
 * parser pulls code, tracking id and message out of the error answer, and whatever the request
 * sent as a secret header is masked in the text before it reaches the error.
 */
import { ProviderApiError, ProviderNotFoundError } from './errors.js';
import type { OperationMeta } from './operations.js';
import { parseRetryAfter } from './retry.js';
import { redact } from './safety.js';

/** What a provider can tell about an error answer. */
export interface ErrorDetails {
  /** The provider's own code (gRPC code, detailCode, error message...). */
  code?: string | number | undefined;
  /** The provider's request or tracking id. */
  trackingId?: string | undefined;
  /** Human-readable reason; scrubbed of token-shaped text before it reaches a message. */
  message?: string | undefined;
}

/** Pulls the provider's code, tracking id and message out of an error answer. */
export type ErrorDetailsParser = (status: number, body: unknown, headers: Headers) => ErrorDetails;

/** Anything shaped like an openapi-fetch result. */
export interface FetchResult {
  data?: unknown;
  error?: unknown;
  response: Response;
  /**
   * The request that got `response`, after every middleware ran (the typed client's `raw` adds
   * it): its method and URL go into errors, and its secret header values are masked in them.
   */
  request?: Request | undefined;
}

/** The success data type of an openapi-fetch result. */
export type ResultData<R> = R extends { data: infer D } ? Exclude<D, undefined> : never;

/** The call an error answer belongs to. */
export interface UnwrapSite {
  provider: string;
  operationId: string;
  /** Its row in the operations table, for method and path when the result carries no request. */
  operation: OperationMeta | undefined;
  baseUrl: string;
  errorDetails: ErrorDetailsParser;
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

/**
 * The data of a successful result (`undefined` for an answer without a body), or a thrown
 * {@link ProviderApiError} built from the error answer ({@link ProviderNotFoundError} for 404).
 */
export function unwrapResult<R extends FetchResult>(result: R, site: UnwrapSite): ResultData<R> {
  const { response, request } = result;
  if (response.ok) return result.data as ResultData<R>;
  let details: ErrorDetails = {};
  try {
    details = site.errorDetails(response.status, result.error, response.headers) ?? {};
  } catch {
    // A provider parser choking on an odd body must not hide the HTTP error itself.
  }
  // Providers sometimes echo request headers in error text: mask what this request sent.
  const secrets = request ? secretHeaderValues(request.headers) : [];
  const providerMessage = details.message ?? (typeof result.error === 'string' && result.error ? result.error : response.statusText);
  throw new (response.status === 404 ? ProviderNotFoundError : ProviderApiError)({
    provider: site.provider,
    operationId: site.operationId,
    method: request?.method ?? site.operation?.method ?? 'GET',
    url: request?.url ?? (response.url || `${site.baseUrl}${site.operation?.path ?? ''}`),
    status: response.status,
    code: typeof details.code === 'string' ? redact(details.code, secrets) : details.code,
    trackingId: details.trackingId,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    providerMessage: providerMessage ? redact(providerMessage, secrets) : undefined,
    body: result.error,
  });
}

/**
 * Turning an openapi-fetch result into data or a {@link ProviderApiError}: the provider's
 * parser pulls code, tracking id and message out of the error answer, and whatever the request
 * sent as a secret header is masked in the text before it reaches the error.
 */
import { ProviderApiError, ProviderNotFoundError } from './errors/index.js';
import type { OperationMeta } from './operations.js';
import { parseRetryAfter } from './retry.js';
import { redact } from './safety.js';
import { secretMasker, type SecretSet } from './secrets.js';

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
  /** The secrets the provider client holds, masked in every encoding. */
  secrets?: SecretSet | undefined;
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
  // Providers sometimes echo requests in error text: mask what this request sent as a secret
  // header and every secret the provider client holds, in every encoding (see secrets.ts).
  const maskSent = secretMasker(request ? secretHeaderValues(request.headers) : []);
  const maskKnown = site.secrets?.redact ?? redact;
  const mask = (text: string): string => redact(maskSent(maskKnown(text)));
  const providerMessage = details.message ?? (typeof result.error === 'string' && result.error ? result.error : response.statusText);
  throw new (response.status === 404 ? ProviderNotFoundError : ProviderApiError)({
    provider: site.provider,
    operationId: site.operationId,
    method: request?.method ?? site.operation?.method ?? 'GET',
    url: request?.url ?? (response.url || `${site.baseUrl}${site.operation?.path ?? ''}`),
    status: response.status,
    code: typeof details.code === 'string' ? mask(details.code) : details.code,
    trackingId: typeof details.trackingId === 'string' ? mask(details.trackingId) : undefined,
    retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    providerMessage: providerMessage ? mask(providerMessage) : undefined,
    body: maskDeep(result.error, mask),
  });
}

/** Most values of an error body {@link maskDeep} visits; the rest is dropped. */
const MAX_MASKED_VALUES = 2_000;

/** A copy of a parsed error body with `mask` applied to every string (keys included), bounded in depth and size. */
function maskDeep(value: unknown, mask: (text: string) => string): unknown {
  let budget = MAX_MASKED_VALUES;
  const walk = (v: unknown, depth: number): unknown => {
    if (--budget < 0 || depth > 10) return undefined;
    if (typeof v === 'string') return mask(v);
    if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [mask(k), walk(item, depth + 1)]));
    return v;
  };
  return walk(value, 0);
}

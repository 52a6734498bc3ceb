/**
 * A JSON request body is serialized once per call, not once per attempt, and the exact text is
 * kept so middleware that must see the body (Dfns signing) reads it from the call context
 * instead of consuming and rebuilding the Request. Bodies the caller serializes differently
 * (custom serializer, FormData, a non-JSON content type) are left to openapi-fetch.
 */
import { ProviderConfigError } from './errors/index.js';

/** The part of openapi-fetch's request options this module reads. */
export interface BodyInit {
  body?: unknown;
  bodySerializer?: unknown;
  headers?: unknown;
  params?: { header?: unknown } | undefined;
}

/**
 * Serialize `init.body` as JSON when openapi-fetch would, and make openapi-fetch send that text.
 *
 * @returns the options to send with, and the JSON text (`undefined` when not serialized here).
 * @throws ProviderConfigError when the body cannot be serialized (a cycle, a BigInt).
 */
export function serializeJsonBody<I extends BodyInit>(init: I, provider: string): { init: I; body: string | undefined } {
  const body = init.body;
  if (body === undefined || init.bodySerializer !== undefined || (typeof FormData !== 'undefined' && body instanceof FormData)) return { init, body: undefined };
  const type = contentType(init.headers) ?? contentType(init.params?.header);
  if (type !== undefined && !/^application\/json\b/i.test(type)) return { init, body: undefined };
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch {
    throw new ProviderConfigError('request body cannot be serialized as JSON', { provider });
  }
  return { init: { ...init, bodySerializer: () => text }, body: text };
}

/** The value of a Content-Type entry in openapi-fetch header options, if any. */
function contentType(headers: unknown): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  if (headers instanceof Headers) return headers.get('content-type') ?? undefined;
  const entries = Array.isArray(headers) ? (headers as [string, unknown][]) : Object.entries(headers);
  for (const [name, value] of entries) if (name.toLowerCase() === 'content-type' && value != null) return String(value);
  return undefined;
}

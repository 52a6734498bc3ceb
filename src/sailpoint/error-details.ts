/** What SailPoint's error bodies say, for {@link ProviderApiError}'s code, tracking id and message. */
import type { components } from '../../generated/sailpoint/schema.js';
import type { ErrorDetails } from '../core/index.js';
import type { SecretSet } from '../core/secrets.js';

/** SailPoint's usual error body. */
export type SailPointErrorResponse = components['schemas']['ErrorResponseDto'];

/**
 * Code, tracking id and message from SailPoint's error bodies (ErrorResponseDto, `{error}` on
 * 401, `{message}` on 429); known secrets are scrubbed from the text.
 */
export function errorDetailsWith(secrets: SecretSet) {
  return (_status: number, body: unknown): ErrorDetails => {
    if (typeof body === 'string') return { message: secrets.redact(body) };
    if (!body || typeof body !== 'object') return {};
    const b = body as Partial<SailPointErrorResponse> & { error?: unknown; message?: unknown; error_description?: unknown };
    const messages = [...(Array.isArray(b.messages) ? b.messages : []), ...(Array.isArray(b.causes) ? b.causes : [])];
    const text = messages.map((m) => m?.text).find((t): t is string => typeof t === 'string' && t !== '');
    const message = text ?? [b.error_description, b.error, b.message].find((t): t is string => typeof t === 'string' && t !== '');
    return {
      code: typeof b.detailCode === 'string' ? secrets.redact(b.detailCode) : undefined,
      trackingId: typeof b.trackingId === 'string' ? secrets.redact(b.trackingId) : undefined,
      message: message === undefined ? undefined : secrets.redact(message),
    };
  };
}

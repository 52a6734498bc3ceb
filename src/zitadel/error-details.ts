/** What ZITADEL's error bodies say, for {@link ProviderApiError}'s code and message. */
import type { components } from '../../generated/zitadel/schema.js';
import type { ErrorDetails } from '../core/index.js';
import type { SecretSet } from '../core/secrets.js';

/** ZITADEL's error body. */
export type ZitadelRpcStatus = components['schemas']['RpcStatus'];

/** Code and message from ZITADEL's `rpcStatus` body; known secrets are scrubbed from the text. */
export function errorDetailsWith(secrets: SecretSet) {
  return (_status: number, body: unknown): ErrorDetails => {
    if (typeof body === 'string') return { message: secrets.redact(body) };
    const status = body as Partial<ZitadelRpcStatus> | undefined;
    if (!status || typeof status !== 'object') return {};
    return {
      code: typeof status.code === 'number' ? status.code : undefined,
      message: typeof status.message === 'string' ? secrets.redact(status.message) : undefined,
    };
  };
}

/**
 * A transport failure: {@link ProviderNetworkError}, its guard, and the masked copy of the cause
 * chain it keeps (transport errors can quote URLs or bytes).
 */
import { redact } from '../safety.js';
import { ProviderError, type ProviderErrorInit } from './provider-error.js';
import { brand, describe, hasBrand, truncate } from './shared.js';

/**
 * The request could not be completed at the transport level (refused, reset, DNS...).
 * Only the cause's error code (e.g. `ECONNRESET`) goes into the message; the cause itself is kept
 * as `cause` for debugging but never serialized.
 */
export class ProviderNetworkError extends ProviderError {
  declare readonly method: string;
  declare readonly url: string;
  /** Error code of the underlying failure, e.g. `ECONNRESET`, `UND_ERR_SOCKET`. */
  declare readonly causeCode: string | undefined;

  constructor(init: ProviderErrorInit & { method: string; url: string; while?: 'sending' | 'reading' | undefined }) {
    const causeCode = errorCode(init.cause);
    const what = init.while === 'reading' ? 'lost the connection while reading the answer' : 'failed before an answer arrived';
    // The cause is kept as a copy with its text masked: transport errors can quote URLs or bytes.
    super(`${describe(init)} ${what}${causeCode ? ` (${causeCode})` : ''}`, { ...init, cause: safeCause(init.cause) });
    brand(this, 'ProviderNetworkError');
    this.causeCode = causeCode;
  }
}

/** True when the request failed at the transport level. */
export function isProviderNetworkError(err: unknown): err is ProviderNetworkError {
  return err instanceof ProviderNetworkError || hasBrand(err, 'ProviderNetworkError');
}

/**
 * A copy of an error cause chain fit to keep on an error: each link keeps its name, code and
 * masked message (and stack), nothing else (no sockets, requests or response objects).
 */
function safeCause(err: unknown, depth = 0): unknown {
  if (err === undefined || err === null || depth > 4) return undefined;
  if (typeof err !== 'object') return new Error(truncate(redact(String(err))));
  const source = err as { name?: unknown; message?: unknown; code?: unknown; cause?: unknown; stack?: unknown };
  const message = typeof source.message === 'string' ? truncate(redact(source.message)) : '';
  const copy = new Error(message, source.cause === undefined ? undefined : { cause: safeCause(source.cause, depth + 1) });
  copy.name = typeof source.name === 'string' ? source.name.slice(0, 60) : 'Error';
  const code = errorCode(err);
  if (code !== undefined && typeof source.code === 'string') Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  // Stack frames name files and functions only; the original's first line is the unmasked message.
  const frames = typeof source.stack === 'string' ? source.stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 20) : [];
  copy.stack = [`${copy.name}: ${message}`, ...frames].join('\n');
  return copy;
}

/** The first error code found along a cause chain (undici nests the socket error in `cause`). */
function errorCode(err: unknown, depth = 0): string | undefined {
  if (typeof err !== 'object' || err === null || depth > 4) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code)) return code;
  return errorCode((err as { cause?: unknown }).cause, depth + 1);
}

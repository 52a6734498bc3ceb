/**
 * What the error classes share and callers never see: the brand that lets two installed copies
 * of this package recognise each other's errors, the "who and what" prefix of every message, and
 * the bound on provider text copied into one.
 */
import { redactUrl } from '../safety.js';
import type { ProviderErrorInit } from './provider-error.js';

/** Longest provider-supplied message text copied into an error message. */
const MAX_PROVIDER_MESSAGE = 300;

/**
 * The brand of the error class `className`: a registered symbol (`Symbol.for`), shared across
 * copies of this module, so two installed copies still recognise each other's errors
 * (instanceof alone would not), and subclasses inherit their parent's brand.
 */
const brandOf = (className: string): symbol => Symbol.for(`idlc.${className}`);

/**
 * Name `error` after its class and give it the class's brand. The name is a literal at each
 * call (not `new.target.name`) so minified bundles keep readable error names.
 */
export function brand(error: Error, className: string): void {
  error.name = className;
  Object.defineProperty(error, brandOf(className), { value: true });
}

/** True when `err` carries the brand of the error class `className`. */
export function hasBrand(err: unknown, className: string): boolean {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[brandOf(className)] === true;
}

/** `<provider> <operationId>: <METHOD> <masked URL>`, the opening of most messages. */
export function describe(init: ProviderErrorInit): string {
  const who = init.operationId ? `${init.provider} ${init.operationId}` : init.provider;
  const what = init.method && init.url ? `: ${init.method} ${redactUrl(init.url)}` : '';
  return `${who}${what}`;
}

/**
 * Copy onto `json` the fields of `error` named in `keys` that are set: how every class's
 * `toJSON()` adds what it carries (one loop, so no class can forget the undefined check).
 */
export function withFields<T extends object>(json: T, error: object, keys: readonly string[]): T {
  for (const key of keys) {
    const value = (error as Record<string, unknown>)[key];
    if (value !== undefined) (json as Record<string, unknown>)[key] = value;
  }
  return json;
}

/** `text` cut to `max` characters (by default the longest provider text a message may quote), marked with `…`. */
export function truncate(text: string, max = MAX_PROVIDER_MESSAGE): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

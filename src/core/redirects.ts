/**
 * Redirect policy: the clients never follow a redirect.
 *
 * Every request the clients send carries a secret (a bearer token, the SailPoint client secret
 * in the token form, a ZITADEL JWT assertion, a Dfns user action) and most of them change
 * state, so following a redirect would resend that secret, or repeat that change, wherever the
 * answer points: another origin, or plain http from an https base URL. Same-origin redirects of
 * reads would be safe, but no provider API here uses them, so none is followed and every one is
 * surfaced the same way:
 *
 * | answer | outcome |
 * |---|---|
 * | 301, 302, 303, 307, 308 with a `Location` | {@link ProviderRedirectError} naming the status and the target origin |
 * | a response a custom `fetch` reached by following a redirect anyway | {@link ProviderRedirectError}: the call does not resolve from another origin's answer |
 * | any other 3xx (304, 300 without `Location`) | an ordinary error answer ({@link ProviderApiError}) |
 *
 * Requests are sent with `redirect: 'manual'`: the global fetch and undici's then hand back the
 * 3xx as it is, and the dispatcher transport never follows redirects at all.
 */

/** Statuses that redirect when they come with a `Location`. */
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** A redirect the transport refused, before the client knows which operation it belongs to. */
export class RefusedRedirect extends Error {
  constructor(
    readonly status: number,
    /** Origin of the target, `undefined` when the `Location` is not a valid URL. */
    readonly targetOrigin: string | undefined,
  ) {
    super(`redirect (HTTP ${status}) refused`);
    this.name = 'RefusedRedirect';
  }
}

/** The origin of `location` resolved against `base`, or `undefined` when it is not a URL. */
function originOf(location: string, base: string): string | undefined {
  try {
    const origin = new URL(location, base).origin;
    return origin === 'null' ? undefined : origin;
  } catch {
    return undefined;
  }
}

/**
 * The refused redirect `response` is, if it is one; `requestUrl` is where the request went.
 * Call it before reading the body (a redirect's body is never read).
 */
export function refusedRedirect(response: Response, requestUrl: string): RefusedRedirect | undefined {
  const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
  if (location !== null) return new RefusedRedirect(response.status, originOf(location, requestUrl));
  // A custom fetch that followed the redirect despite `redirect: 'manual'`. (An answer from the
  // very URL asked, as every transport here gives, needs no parsing to be same-origin.)
  if (response.redirected || (response.url && response.url !== requestUrl && originOf(response.url, requestUrl) !== originOf(requestUrl, requestUrl))) {
    return new RefusedRedirect(response.status, response.url ? originOf(response.url, requestUrl) : undefined);
  }
  return undefined;
}

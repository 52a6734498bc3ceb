/** Where a SailPoint client connects and how it authenticates: its options and the tenant URL. */
import { ProviderConfigError, type ClientOptions, type TokenSource } from '../core/index.js';

const PROVIDER = 'sailpoint';

/**
 * How the client authenticates: exactly one of a bearer `token` (an access token obtained
 * elsewhere, or a function returning the current one) and OAuth client credentials, which the
 * client exchanges for tokens at `/oauth/token` and caches.
 */
export type SailPointCredentials =
  | {
      /** Bearer access token, or a (possibly async) function returning it; called for every request. */
      token: TokenSource;
      clientId?: undefined;
      clientSecret?: undefined;
    }
  | {
      /** Client id of a personal access token or API client. */
      clientId: string;
      /** Client secret belonging to `clientId`. */
      clientSecret: string;
      token?: undefined;
    };

/** Options of {@link createSailPointClient}: the tenant name or the full API URL, one credential, and the shared options. */
export type SailPointClientOptions = SailPointConnection & SailPointCredentials & ClientOptions;

/** Where the tenant's API lives: give `tenant` or `baseUrl`, not both. */
export type SailPointConnection =
  | {
      /**
       * Tenant name; the API is `https://<tenant>.api.identitynow.com`.
       * @example 'acme'
       */
      tenant: string;
      baseUrl?: undefined;
    }
  | {
      /**
       * API root without a version prefix (paths carry `/v3`, `/beta`, `/oauth`). `https:`
       * unless the host is loopback.
       * @example 'https://acme.api.identitynow.com'
       */
      baseUrl: string;
      tenant?: undefined;
    };

/** Tenant names are one DNS label; anything else could point the client at another host. */
const TENANT = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/i;

/** The API root for `tenant` or `baseUrl` (checked to be exactly one). */
export function resolveBaseUrl(options: SailPointConnection): string {
  const { tenant, baseUrl } = options as { tenant?: unknown; baseUrl?: unknown };
  if ((tenant === undefined) === (baseUrl === undefined)) {
    throw new ProviderConfigError('give exactly one of tenant and baseUrl', { provider: PROVIDER });
  }
  if (baseUrl !== undefined) return baseUrl as string;
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) {
    throw new ProviderConfigError('tenant must be a single host name label (letters, digits, hyphens)', { provider: PROVIDER });
  }
  return `https://${tenant}.api.identitynow.com`;
}


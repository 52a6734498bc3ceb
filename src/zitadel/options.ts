/** How a ZITADEL client connects and authenticates: its options. */
import type { ClientOptions, TokenSource } from '../core/index.js';
import type { ZitadelServiceAccountKey } from './jwt-profile.js';

/**
 * How the client authenticates: exactly one of a bearer `token` and a `serviceAccountKey`
 * (the types refuse neither and both).
 */
export type ZitadelCredentials =
  | {
      /**
       * Bearer token: a machine user's personal access token, or a (possibly async) function that
       * returns the current token; the function is called for every request.
       */
      token: TokenSource;
      serviceAccountKey?: undefined;
    }
  | {
      /**
       * Service account key JSON. The client exchanges it for an access token with the JWT profile
       * grant at `<origin>/oauth/v2/token` and caches the token until shortly before it expires.
       */
      serviceAccountKey: ZitadelServiceAccountKey;
      token?: undefined;
    };

/** Options of {@link createZitadelClient}: the instance, exactly one credential, and the shared options. */
export type ZitadelClientOptions = ZitadelCredentials &
  ClientOptions & {
    /**
     * The instance URL. Must be `https:` unless the host is loopback.
     * @example 'https://my-instance.zitadel.cloud'
     */
    baseUrl: string;
    /**
     * Organization to act in for management API calls (user grants), sent as `x-zitadel-orgid`.
     * A call's own `orgId` wins.
     * @default undefined (the caller's own organization)
     */
    orgId?: string | undefined;
  };

/**
 * TypeScript types for every path, operation and component of the spec.
 * Generated from specs/sailpoint/openapi.yaml. DO NOT EDIT: change the spec and run `npm run regen`.
 * spec-sha256: 05c95df1ca3f8e9f61278193f170d5eb6711212289297da8f1492249c4fc0828
 * lock-sha256: none
 * generator: openapi-typescript 7.13.0, prettier 3.10.1, generate r3
 */
/** Where this file came from; regen compares it with the spec to find stale output. */
export const generated = {
  spec: 'specs/sailpoint/openapi.yaml',
  specSha256: '05c95df1ca3f8e9f61278193f170d5eb6711212289297da8f1492249c4fc0828',
  generator: 'openapi-typescript 7.13.0, prettier 3.10.1, generate r3',
} as const;

export interface paths {
  '/beta/task-status/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get the status of a task
     * @description Returns the current state of a background task, including its completion status and any messages it produced. Use it to follow the task whose id an account state change or delete returned. Version 3 of the API has no task status endpoint, so this operation is taken from the beta API (hence the `/beta` prefix); its response shape may change with less notice than v3 operations.
     */
    get: operations['getTaskStatus'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/oauth/token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an OAuth access token
     * @description Issues a JWT access token for API calls. Personal access tokens and API clients both use the `client_credentials` grant with their client id and secret; `authorization_code` exchanges a code from the tenant's login flow, and `refresh_token` renews a token for clients that were granted refresh tokens. The endpoint has no version prefix and needs no bearer token. Tokens expire after `expires_in` seconds; request a new one then.
     */
    post: operations['createOauthToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v3/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List accounts
     * @description Returns one page of accounts as a plain JSON array. Page with `limit` and `offset`; there is no cursor or next link. With `count=true` the total number of matching accounts is returned in the `X-Total-Count` header.
     */
    get: operations['listAccounts'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v3/accounts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get an account
     * @description Returns a single account by its ISC id.
     */
    get: operations['getAccount'];
    put?: never;
    post?: never;
    /**
     * Delete an account
     * @description Starts a task that removes the account from ISC and returns the task id. Only accounts on delimited-file sources can be deleted. The account is not removed from the source, so the next aggregation may bring it back; to cut off access, disabling the account is usually the better choice and can be undone later.
     */
    delete: operations['deleteAccount'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v3/accounts/{id}/disable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Disable an account
     * @description Starts a task that disables the account on its source and returns the task id; follow it with `getTaskStatus`. The request body is required even when no option is set, so send `{}` at minimum.
     */
    post: operations['disableAccount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v3/accounts/{id}/enable': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Enable an account
     * @description Starts a task that enables the account on its source and returns the task id; follow it with `getTaskStatus`. The request body is required even when no option is set, so send `{}` at minimum.
     */
    post: operations['enableAccount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v3/accounts/{id}/unlock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Unlock an account
     * @description Starts a task that unlocks the account on its source and returns the task id; follow it with `getTaskStatus`. The request body is required even when no option is set, so send `{}` at minimum. Setting `forceProvisioning` to true additionally needs the `idn:accounts-provisioning:manage` scope.
     */
    post: operations['unlockAccount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description An account that a source holds and ISC aggregates or provisions. */
    Account: {
      /** @description ISC id of the account, assigned by the server. */
      readonly id: string;
      /** @description Account name. */
      name: string | null;
      /**
       * Format: date-time
       * @description When ISC created the account record.
       */
      readonly created: string;
      /**
       * Format: date-time
       * @description When the account record last changed.
       */
      readonly modified: string;
      /** @description Id of the source that holds the account. */
      sourceId: string;
      /** @description Display name of the source that holds the account. */
      sourceName: string | null;
      /** @description Id of the identity that owns this account in ISC, if correlated. */
      identityId?: string;
      /** @description Lifecycle state of the correlated identity. */
      cloudLifecycleState?: string | null;
      /** @description State of the correlated identity, such as ACTIVE. */
      identityState?: string | null;
      /** @description How ISC connects to the account's source, such as direct. */
      connectionType?: string | null;
      /**
       * @description True when the account is classified as a machine account.
       * @default false
       */
      isMachine?: boolean;
      /** @description Suggested reclassification of the account, when its current type looks wrong. */
      recommendation?: {
        /**
         * @description Account type that is recommended.
         * @enum {string}
         */
        type: 'HUMAN' | 'MACHINE';
        /**
         * @description What produced the recommendation: AI discovery, a source marked as holding machine accounts, or matching classification criteria.
         * @enum {string}
         */
        method: 'DISCOVERY' | 'SOURCE' | 'CRITERIA';
      } | null;
      /** @description Attribute values aggregated from the source, keyed by attribute name. */
      attributes: {
        [key: string]: unknown;
      } | null;
      /** @description True when the source is authoritative for identities. */
      authoritative: boolean;
      /** @description Free-text description of the account. */
      description?: string | null;
      /** @description True when the account is disabled. */
      disabled: boolean;
      /** @description True when the account is locked. */
      locked: boolean;
      /** @description Identifier the source itself uses for the account. */
      nativeIdentity: string;
      /** @description True for an ISC user account; false for an account on an external source. */
      systemAccount: boolean;
      /** @description True when the account is not correlated with any identity. */
      uncorrelated: boolean;
      /** @description Account UUID, when the source's account schema defines one. */
      uuid?: string | null;
      /** @description True when the account was correlated with its identity by hand. */
      manuallyCorrelated: boolean;
      /** @description True when the account holds at least one entitlement. */
      hasEntitlements: boolean;
      /** @description Short reference to the correlated identity. */
      identity?: {
        /** @description Identity id. */
        id?: string;
        /**
         * @description Kind of object referenced.
         * @enum {string}
         */
        type?: 'IDENTITY';
        /** @description Display name of the identity. */
        name?: string;
      };
      /** @description The identity that owns the account's source. */
      sourceOwner?: {
        /** @description Identity id. */
        id?: string;
        /**
         * @description Kind of object referenced.
         * @enum {string}
         */
        type?: 'IDENTITY';
        /** @description Display name of the identity. */
        name?: string;
      } | null;
      /** @description Comma-separated features of the account's source. */
      features?: string | null;
      /**
       * @description Whether ISC learned of the account by aggregation or created it by provisioning.
       * @enum {string|null}
       */
      origin?: 'AGGREGATED' | 'PROVISIONED' | null;
      /** @description The identity that owns the account; only set on machine accounts. */
      ownerIdentity?: {
        /** @description Kind of object referenced. */
        type?: string;
        /** @description Id of the referenced object. */
        id?: string;
        /** @description Display name of the referenced object. */
        name?: string;
      } | null;
    };
    /** @description Options for enabling or disabling an account. Every field is optional. */
    AccountToggleRequest: {
      /** @description When set, an external process must confirm that the change should go ahead. */
      externalVerificationId?: string;
      /** @description When true, the change is provisioned to the source even if ISC believes the account is already in the requested state, which helps when the account is out of sync. */
      forceProvisioning?: boolean;
    };
    /** @description Options for unlocking an account. Every field is optional. */
    AccountUnlockRequest: {
      /** @description When set, an external process must confirm that the change should go ahead. */
      externalVerificationId?: string;
      /** @description When true, the ISC user account is unlocked too once the workflow finishes. */
      unlockIDNAccount?: boolean;
      /** @description When true, the unlock is provisioned to the source even if ISC believes the account is already unlocked. Needs the `idn:accounts-provisioning:manage` scope. */
      forceProvisioning?: boolean;
    };
    /** @description One error message, possibly localized. */
    ErrorMessageDto: {
      /** @description BCP 47 language tag of the text. */
      locale?: string | null;
      localeOrigin?: components['schemas']['LocaleOrigin'];
      /** @description The message text. */
      text?: string;
    };
    /** @description Error body returned for most client and server errors. */
    ErrorResponseDto: {
      /** @description Detailed error code, such as `400.1 Bad Request Content`. */
      detailCode?: string;
      /** @description Id that identifies this error occurrence; quote it to SailPoint support. */
      trackingId?: string;
      /** @description Localized, general reasons for the error. */
      messages?: components['schemas']['ErrorMessageDto'][];
      /** @description Additional plain-text details about what went wrong. */
      causes?: components['schemas']['ErrorMessageDto'][];
    };
    /**
     * @description How the message locale was chosen: `DEFAULT` is the system default locale, `REQUEST` was picked from the request (Accept-Language). More values may appear later.
     * @enum {string|null}
     */
    LocaleOrigin: 'DEFAULT' | 'REQUEST' | null;
    /** @description Summary of the definition a task was started from. */
    TaskDefinitionSummary: {
      /** @description Id of the task definition. */
      id: string;
      /** @description Unique name of the task definition. */
      uniqueName: string;
      /** @description What the task definition does. */
      description: string | null;
      /** @description Name of the parent task definition. */
      parentName: string;
      /** @description Name of the component that runs the task. */
      executor: string | null;
      /** @description Arguments the task definition is configured with. */
      arguments: {
        [key: string]: unknown;
      };
    };
    /** @description Reference to the background task that an asynchronous request started. */
    TaskResult: {
      /** @description Id of the task; pass it to `getTaskStatus`. */
      id: string;
    };
    /** @description Describes one value a task returns. */
    TaskReturnDetails: {
      /** @description Display name of the returned value. */
      name: string;
      /** @description Name of the task attribute that holds the value. */
      attributeName: string;
    };
    /** @description State of a background task. */
    TaskStatus: {
      /** @description Task id. */
      id: string;
      /**
       * @description Kind of task.
       * @enum {string}
       */
      type: 'QUARTZ' | 'QPOC' | 'QUEUED_TASK';
      /** @description Unique name of the task. */
      uniqueName: string;
      /** @description What the task does. */
      description: string;
      /** @description Name of the parent task, if any. */
      parentName: string | null;
      /** @description Who or what started the task. */
      launcher: string;
      /** @description The object the task works on. */
      target?: {
        /** @description Id of the target. */
        id?: string;
        /**
         * @description Kind of target.
         * @enum {string|null}
         */
        type?: 'APPLICATION' | 'IDENTITY' | null;
        /** @description Name of the target. */
        name?: string;
      } | null;
      /**
       * Format: date-time
       * @description When the task was created.
       */
      created: string;
      /**
       * Format: date-time
       * @description When the task last changed.
       */
      modified?: string | null;
      /**
       * Format: date-time
       * @description When the task started running.
       */
      launched?: string | null;
      /**
       * Format: date-time
       * @description When the task finished; null while it is still running.
       */
      completed?: string | null;
      /**
       * @description Outcome of the task; null until it has finished.
       * @enum {string|null}
       */
      completionStatus?: 'SUCCESS' | 'WARNING' | 'ERROR' | 'TERMINATED' | 'TEMPERROR' | null;
      /** @description Messages the task produced. */
      messages: components['schemas']['TaskStatusMessage'][];
      /** @description Values the task returns. */
      returns: components['schemas']['TaskReturnDetails'][];
      /** @description Task attributes, keyed by name. */
      attributes: {
        [key: string]: unknown;
      };
      /** @description Free-text progress of the task. */
      progress?: string | null;
      /** @description How far the task has got, from 0 to 100. */
      percentComplete: number;
      taskDefinitionSummary?: components['schemas']['TaskDefinitionSummary'];
    };
    /** @description One message produced by a task. */
    TaskStatusMessage: {
      /**
       * @description Severity of the message.
       * @enum {string}
       */
      type: 'INFO' | 'WARN' | 'ERROR';
      /** @description The message rendered in a locale. */
      localizedText?: {
        /** @description Locale of the rendered message. */
        locale: string;
        /** @description The rendered message. */
        message: string;
      } | null;
      /** @description Message key. */
      key: string;
      /** @description Values substituted into the message. */
      parameters: (Record<string, never> | string)[] | null;
    };
    /** @description Form fields of a token request. Which optional fields are needed depends on `grant_type`. */
    TokenRequest: {
      /**
       * @description OAuth 2.0 grant to use.
       * @enum {string}
       */
      grant_type: 'client_credentials' | 'authorization_code' | 'refresh_token';
      /** @description Client id of the personal access token or API client. */
      client_id: string;
      /** @description Client secret; needed for the client_credentials and refresh_token grants. */
      client_secret?: string;
      /** @description Space-separated scopes to request. */
      scope?: string;
      /** @description Authorization code to exchange; needed for the authorization_code grant. */
      code?: string;
      /**
       * Format: uri
       * @description Redirect URI used when the code was issued; needed for authorization_code.
       */
      redirect_uri?: string;
      /** @description Refresh token to exchange; needed for the refresh_token grant. */
      refresh_token?: string;
      /** @description PKCE verifier, when the authorization request sent a code challenge. */
      code_verifier?: string;
    };
    /** @description A freshly issued access token and facts about it. */
    TokenResponse: {
      /** @description JWT to send as the bearer token. */
      access_token: string;
      /** @description Token type; always bearer. */
      token_type: string;
      /** @description Seconds until the access token expires. */
      expires_in: number;
      /** @description Scopes granted to the token. */
      scope?: string;
      /** @description Token for the refresh_token grant; only issued to clients allowed to refresh. */
      refresh_token?: string;
      /** @description Id of the tenant that issued the token. */
      tenant_id?: string;
      /** @description Name of the SailPoint pod that hosts the tenant. */
      pod?: string;
      /** @description Tenant (org) name. */
      org?: string;
      /** @description Id of the identity the token acts for, if any. */
      identity_id?: string;
      /** @description Id of the user the token acts for, if any. */
      user_id?: string;
      /** @description Unique id of the token. */
      jti?: string;
      /** @description True when the token came from a strong (multi-factor) authentication. */
      strong_auth?: boolean;
    };
    /** @description Error body returned when the rate limit is exceeded. */
    TooManyRequestsError: {
      /** @description Explanation of the error. */
      message?: string;
    };
    /** @description Error body returned when authentication fails. */
    UnauthorizedError: {
      /** @description Explanation of the error. */
      error?: string;
    };
  };
  responses: {
    /** @description The request was malformed or its content was not acceptable. */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detailCode": "400.1 Bad Request Content",
         *       "trackingId": "0a9f8e7d6c5b4a3928170f1e2d3c4b5a",
         *       "messages": [
         *         {
         *           "locale": "en-US",
         *           "localeOrigin": "DEFAULT",
         *           "text": "The value of the filters parameter could not be parsed."
         *         }
         *       ],
         *       "causes": []
         *     }
         */
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description The bearer token is missing, invalid or expired. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": "token expired"
         *     }
         */
        'application/json': components['schemas']['UnauthorizedError'];
      };
    };
    /** @description The caller is authenticated but not allowed to perform this operation. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detailCode": "403 Forbidden",
         *       "trackingId": "1b2c3d4e5f60718293a4b5c6d7e8f901",
         *       "messages": [
         *         {
         *           "locale": "en-US",
         *           "localeOrigin": "DEFAULT",
         *           "text": "Access to this operation is denied for the caller."
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description No object exists with the given id. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detailCode": "404 Not found",
         *       "trackingId": "2c3d4e5f60718293a4b5c6d7e8f90a1b",
         *       "messages": [
         *         {
         *           "locale": "en-US",
         *           "localeOrigin": "DEFAULT",
         *           "text": "The requested object does not exist."
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description The rate limit was exceeded. Wait the number of seconds given in `Retry-After` before trying again. */
    TooManyRequests: {
      headers: {
        'Retry-After': components['headers']['RetryAfter'];
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "message": "Rate limit exceeded"
         *     }
         */
        'application/json': components['schemas']['TooManyRequestsError'];
      };
    };
    /** @description The server failed unexpectedly while handling the request. */
    InternalServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "detailCode": "500.0 Internal Fault",
         *       "trackingId": "3d4e5f60718293a4b5c6d7e8f90a1b2c",
         *       "messages": [
         *         {
         *           "locale": "en-US",
         *           "localeOrigin": "DEFAULT",
         *           "text": "An unexpected error occurred."
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
  };
  parameters: {
    /**
     * @description ISC id of the account.
     * @example 7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f
     */
    AccountId: string;
  };
  requestBodies: never;
  headers: {
    /**
     * @description Number of seconds to wait before sending another request.
     * @example 10
     */
    RetryAfter: number;
  };
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getTaskStatus: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description Id of the task, as returned in a `TaskResult`.
         * @example 4b2f0c1d9e8a47f6a3c5d7e9f1a2b3c4
         */
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The task and its current state. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "4b2f0c1d9e8a47f6a3c5d7e9f1a2b3c4",
           *       "type": "QUARTZ",
           *       "uniqueName": "Disable account 7d41c2e0 on HR Directory",
           *       "description": "Disables one account on its source.",
           *       "parentName": null,
           *       "launcher": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *       "target": {
           *         "id": "2c9180867a5e3b0d017a61c4f2d80f3e",
           *         "type": "APPLICATION",
           *         "name": "HR Directory"
           *       },
           *       "created": "2026-02-10T09:15:02.118Z",
           *       "modified": "2026-02-10T09:15:09.904Z",
           *       "launched": "2026-02-10T09:15:02.540Z",
           *       "completed": "2026-02-10T09:15:09.904Z",
           *       "completionStatus": "SUCCESS",
           *       "messages": [
           *         {
           *           "type": "INFO",
           *           "localizedText": {
           *             "locale": "en-US",
           *             "message": "Account disabled on the source."
           *           },
           *           "key": "account_disabled",
           *           "parameters": []
           *         }
           *       ],
           *       "returns": [],
           *       "attributes": {
           *         "accountId": "7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f"
           *       },
           *       "progress": "Completed",
           *       "percentComplete": 100,
           *       "taskDefinitionSummary": {
           *         "id": "2c9180835d2e5168015d32f890ca0001",
           *         "uniqueName": "Account State Change",
           *         "description": "Changes the state of a single account on its source.",
           *         "parentName": "Cloud Account Operation",
           *         "executor": "sailpoint.task.AccountStateChangeExecutor",
           *         "arguments": {}
           *       }
           *     }
           */
          'application/json': components['schemas']['TaskStatus'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  createOauthToken: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "grant_type": "client_credentials",
         *       "client_id": "9f3e21c0a4b74d5f8e6a1b2c3d4e5f60",
         *       "client_secret": "5a1c9e7b3d2f4a6c8e0b1d3f5a7c9e2b4d6f8a0c1e3b5d7f9a2c4e6b8d0f1a3c"
         *     }
         */
        'application/x-www-form-urlencoded': components['schemas']['TokenRequest'];
      };
    };
    responses: {
      /** @description A new access token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "access_token": "eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnRfaWQiOiJhY21lIn0.c2lnbmF0dXJlLXBsYWNlaG9sZGVy",
           *       "token_type": "bearer",
           *       "expires_in": 749,
           *       "scope": "sp:scopes:all",
           *       "tenant_id": "3e5a7c9b-1d2f-4a6b-8c0e-2f4a6c8e0b1d",
           *       "pod": "stg01-useast1",
           *       "org": "acme",
           *       "identity_id": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *       "user_id": "301245",
           *       "jti": "0d6b2f4e-8a1c-4e3b-9f5d-7a2c4e6b8d0f",
           *       "strong_auth": true
           *     }
           */
          'application/json': components['schemas']['TokenResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  listAccounts: {
    parameters: {
      query?: {
        /**
         * @description Largest number of accounts to return in one page.
         * @example 100
         */
        limit?: number;
        /**
         * @description Number of matching accounts to skip before the page starts.
         * @example 0
         */
        offset?: number;
        /**
         * @description When true, the response carries the total number of matching accounts in the `X-Total-Count` header. Counting costs extra work on the server, so only ask when the number is needed.
         * @example true
         */
        count?: boolean;
        /**
         * @description How much of each account to return. `SLIM` leaves out the heavier fields; `FULL` returns everything and is what the server uses when the parameter is absent.
         * @example SLIM
         */
        detailLevel?: 'SLIM' | 'FULL';
        /**
         * @description Filter expression in the ISC collection filter syntax, for example `sourceId eq "2c9180867a5e3b0d017a61c4f2d80f3e"`. Fields and the operators they support: `id`, `identityId`, `name`, `nativeIdentity`, `sourceId`, `identity.name` take eq, in and sw; `hasEntitlements`, `uncorrelated`, `entitlements`, `manuallyCorrelated`, `identity.correlated`, `source.authoritative` take eq; `origin`, `identity.identityState`, `source.displayableName`, `source.connectionType` take eq and in; `recommendation.method` takes eq, in and isnull; `created` and `modified` take eq, ge, gt, le and lt. The `disabled` and `locked` flags cannot be filtered on.
         * @example sourceId eq "2c9180867a5e3b0d017a61c4f2d80f3e" and uncorrelated eq false
         */
        filters?: string;
        /**
         * @description Comma-separated list of fields to sort by; prefix a field with `-` for descending order. Sortable fields: `id`, `name`, `created`, `modified`, `sourceId`, `identityId`, `nativeIdentity`, `uuid`, `manuallyCorrelated`, `entitlements`, `origin`, `identity.name`, `identity.identityState`, `identity.correlated`, `source.displayableName`, `source.authoritative`, `source.connectionType`.
         * @example -modified,name
         */
        sorters?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of accounts. */
      200: {
        headers: {
          /**
           * @description Total number of accounts that match the request regardless of `limit` and `offset`. Only sent when the request set `count=true`.
           * @example 1342
           */
          'X-Total-Count'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example [
           *       {
           *         "id": "7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f",
           *         "name": "jdoe",
           *         "created": "2025-11-03T08:22:41.507Z",
           *         "modified": "2026-02-09T17:40:12.033Z",
           *         "sourceId": "2c9180867a5e3b0d017a61c4f2d80f3e",
           *         "sourceName": "HR Directory",
           *         "identityId": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *         "cloudLifecycleState": "active",
           *         "identityState": "ACTIVE",
           *         "connectionType": "direct",
           *         "isMachine": false,
           *         "recommendation": null,
           *         "attributes": {
           *           "givenName": "Jane",
           *           "surname": "Doe",
           *           "mail": "jane.doe@acme.test"
           *         },
           *         "authoritative": true,
           *         "description": null,
           *         "disabled": false,
           *         "locked": false,
           *         "nativeIdentity": "CN=Jane Doe,OU=Staff,DC=acme,DC=test",
           *         "systemAccount": false,
           *         "uncorrelated": false,
           *         "uuid": "{5f2b8c1e-3a4d-4e6f-9b0c-1d2e3f4a5b6c}",
           *         "manuallyCorrelated": false,
           *         "hasEntitlements": true,
           *         "identity": {
           *           "id": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *           "type": "IDENTITY",
           *           "name": "Jane Doe"
           *         },
           *         "sourceOwner": {
           *           "id": "2c9180a7726b4e5f01726c3d8e9f0b22",
           *           "type": "IDENTITY",
           *           "name": "Sam Rivera"
           *         },
           *         "features": "ENABLE,PROVISIONING,UNLOCK",
           *         "origin": "AGGREGATED",
           *         "ownerIdentity": null
           *       }
           *     ]
           */
          'application/json': components['schemas']['Account'][];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  getAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description ISC id of the account.
         * @example 7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f
         */
        id: components['parameters']['AccountId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The account. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f",
           *       "name": "jdoe",
           *       "created": "2025-11-03T08:22:41.507Z",
           *       "modified": "2026-02-09T17:40:12.033Z",
           *       "sourceId": "2c9180867a5e3b0d017a61c4f2d80f3e",
           *       "sourceName": "HR Directory",
           *       "identityId": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *       "attributes": {
           *         "givenName": "Jane",
           *         "surname": "Doe",
           *         "mail": "jane.doe@acme.test"
           *       },
           *       "authoritative": true,
           *       "disabled": false,
           *       "locked": false,
           *       "nativeIdentity": "CN=Jane Doe,OU=Staff,DC=acme,DC=test",
           *       "systemAccount": false,
           *       "uncorrelated": false,
           *       "manuallyCorrelated": false,
           *       "hasEntitlements": true,
           *       "origin": "AGGREGATED"
           *     }
           */
          'application/json': components['schemas']['Account'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  deleteAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description ISC id of the account.
         * @example 7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f
         */
        id: components['parameters']['AccountId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The delete task was accepted. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "8c3a5e7f9b1d4c2e6a8f0b3d5e7a9c1f"
           *     }
           */
          'application/json': components['schemas']['TaskResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  disableAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description ISC id of the account.
         * @example 7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f
         */
        id: components['parameters']['AccountId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "forceProvisioning": false
         *     }
         */
        'application/json': components['schemas']['AccountToggleRequest'];
      };
    };
    responses: {
      /** @description The disable task was accepted. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "4b2f0c1d9e8a47f6a3c5d7e9f1a2b3c4"
           *     }
           */
          'application/json': components['schemas']['TaskResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  enableAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description ISC id of the account.
         * @example 7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f
         */
        id: components['parameters']['AccountId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "externalVerificationId": "a6c8e0b2d4f64a8c9e1b3d5f7a9c2e4b",
         *       "forceProvisioning": true
         *     }
         */
        'application/json': components['schemas']['AccountToggleRequest'];
      };
    };
    responses: {
      /** @description The enable task was accepted. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "1e3c5a7b9d2f4e6a8c0b2d4f6a8c0e1b"
           *     }
           */
          'application/json': components['schemas']['TaskResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
  unlockAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /**
         * @description ISC id of the account.
         * @example 7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f
         */
        id: components['parameters']['AccountId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "unlockIDNAccount": true
         *     }
         */
        'application/json': components['schemas']['AccountUnlockRequest'];
      };
    };
    responses: {
      /** @description The unlock task was accepted. */
      202: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "id": "6f8a0c2e4b6d48f0a2c4e6b8d0f2a4c6"
           *     }
           */
          'application/json': components['schemas']['TaskResult'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      429: components['responses']['TooManyRequests'];
      500: components['responses']['InternalServerError'];
    };
  };
}

/**
 * TypeScript types for every path, operation and component of the spec.
 * Generated from specs/sailpoint/openapi.yaml. DO NOT EDIT: change the spec and run `npm run regen`.
 * spec-sha256: 51c0127004b0ecb456ad04fdf4a56529a9a13177ca286842fa3b51ddc1042279
 * lock-sha256: 2a8e3c1198434e076dcb58526803fac4d80556c2376d2a9d03294a1134762177
 * generator: openapi-typescript 7.13.0, prettier 3.10.1, generate r3
 */
/** Where this file came from; regen compares it with the spec to find stale output. */
export const generated = {
  spec: 'specs/sailpoint/openapi.yaml',
  specSha256: '51c0127004b0ecb456ad04fdf4a56529a9a13177ca286842fa3b51ddc1042279',
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
     * @description Starts a task that unlocks the account on its source and returns the task id; follow it with `getTaskStatus`. The request body is required even when no option is set, so send `{}` at minimum. Setting `forceProvisioning` to true additionally needs the `idn:accounts- provisioning:manage` scope.
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
    Account: components['schemas']['BaseCommonDto'] & {
      attributes: {
        [key: string]: unknown;
      } | null;
      authoritative: boolean;
      cloudLifecycleState?: string | null;
      connectionType?: string | null;
      description?: string | null;
      disabled: boolean;
      features?: string | null;
      hasEntitlements: boolean;
      identity?: {
        id?: string;
        name?: string;
        /** @enum {string} */
        type?: 'IDENTITY';
      };
      identityId?: string;
      identityState?: string | null;
      /** @default false */
      isMachine?: boolean;
      locked: boolean;
      manuallyCorrelated: boolean;
      nativeIdentity: string;
      /** @enum {string|null} */
      origin?: 'AGGREGATED' | 'PROVISIONED' | null;
      ownerIdentity?: components['schemas']['BaseReferenceDto'] | null;
      recommendation?: components['schemas']['Recommendation'] | null;
      sourceId: string;
      sourceName: string | null;
      sourceOwner?: {
        id?: string;
        name?: string;
        /** @enum {string} */
        type?: 'IDENTITY';
      } | null;
      systemAccount: boolean;
      uncorrelated: boolean;
      uuid?: string | null;
    };
    /** @description Options for enabling or disabling an account. Every field is optional. */
    AccountToggleRequest: {
      externalVerificationId?: string;
      forceProvisioning?: boolean;
    };
    /** @description Options for unlocking an account. Every field is optional. */
    AccountUnlockRequest: {
      externalVerificationId?: string;
      forceProvisioning?: boolean;
      unlockIDNAccount?: boolean;
    };
    BaseCommonDto: {
      /** Format: date-time */
      readonly created?: string;
      readonly id?: string;
      /** Format: date-time */
      readonly modified?: string;
      name: string | null;
    };
    BaseReferenceDto: {
      id?: string;
      name?: string;
      type?: components['schemas']['DtoType'];
    };
    /** @enum {string} */
    DtoType:
      | 'ACCOUNT_CORRELATION_CONFIG'
      | 'ACCESS_PROFILE'
      | 'ACCESS_REQUEST_APPROVAL'
      | 'ACCOUNT'
      | 'APPLICATION'
      | 'CAMPAIGN'
      | 'CAMPAIGN_FILTER'
      | 'CERTIFICATION'
      | 'CLUSTER'
      | 'CONNECTOR_SCHEMA'
      | 'ENTITLEMENT'
      | 'GOVERNANCE_GROUP'
      | 'IDENTITY'
      | 'IDENTITY_PROFILE'
      | 'IDENTITY_REQUEST'
      | 'MACHINE_IDENTITY'
      | 'LIFECYCLE_STATE'
      | 'PASSWORD_POLICY'
      | 'ROLE'
      | 'RULE'
      | 'SOD_POLICY'
      | 'SOURCE'
      | 'TAG'
      | 'TAG_CATEGORY'
      | 'TASK_RESULT'
      | 'REPORT_RESULT'
      | 'SOD_VIOLATION'
      | 'ACCOUNT_ACTIVITY'
      | 'WORKGROUP';
    ErrorMessageDto: {
      locale?: string | null;
      localeOrigin?: components['schemas']['LocaleOrigin'];
      text?: string;
    };
    /** @description Error body returned for most client and server errors. */
    ErrorResponseDto: {
      causes?: components['schemas']['ErrorMessageDto'][];
      detailCode?: string;
      messages?: components['schemas']['ErrorMessageDto'][];
      trackingId?: string;
    };
    /** @enum {string|null} */
    LocaleOrigin: 'DEFAULT' | 'REQUEST' | null;
    LocalizedMessage: {
      locale: string;
      message: string;
    } | null;
    Recommendation: {
      /** @enum {string} */
      method: 'DISCOVERY' | 'SOURCE' | 'CRITERIA';
      /** @enum {string} */
      type: 'HUMAN' | 'MACHINE';
    };
    Target: {
      id?: string;
      name?: string;
      /** @enum {string|null} */
      type?: 'APPLICATION' | 'IDENTITY' | null;
    } | null;
    TaskDefinitionSummary: {
      arguments: {
        [key: string]: unknown;
      };
      description: string | null;
      executor: string | null;
      id: string;
      parentName: string;
      uniqueName: string;
    };
    /** @description Reference to the background task that an asynchronous request started. */
    TaskResult: {
      id: string;
    };
    TaskReturnDetails: {
      attributeName: string;
      name: string;
    };
    /** @description State of a background task. */
    TaskStatus: {
      attributes: {
        [key: string]: unknown;
      };
      /** Format: date-time */
      completed: string | null;
      /** @enum {string|null} */
      completionStatus: 'SUCCESS' | 'WARNING' | 'ERROR' | 'TERMINATED' | 'TEMPERROR' | null;
      /** Format: date-time */
      created: string;
      description: string;
      id: string;
      /** Format: date-time */
      launched: string | null;
      launcher: string;
      messages: components['schemas']['TaskStatusMessage'][];
      /** Format: date-time */
      modified: string | null;
      parentName: string | null;
      percentComplete: number;
      progress: string | null;
      returns: components['schemas']['TaskReturnDetails'][];
      target?: components['schemas']['Target'];
      taskDefinitionSummary?: components['schemas']['TaskDefinitionSummary'];
      /** @enum {string} */
      type: 'QUARTZ' | 'QPOC' | 'QUEUED_TASK';
      uniqueName: string;
    };
    TaskStatusMessage: {
      key: string;
      localizedText: components['schemas']['LocalizedMessage'];
      parameters: (Record<string, never> | string)[] | null;
      /** @enum {string} */
      type: 'INFO' | 'WARN' | 'ERROR';
    };
    /** @description Form fields of a token request. Which optional fields are needed depends on `grant_type`. */
    TokenRequest: {
      client_id: string;
      client_secret?: string;
      code?: string;
      code_verifier?: string;
      /** @enum {string} */
      grant_type: 'client_credentials' | 'authorization_code' | 'refresh_token';
      /** Format: uri */
      redirect_uri?: string;
      refresh_token?: string;
      scope?: string;
    };
    /** @description A freshly issued access token. */
    TokenResponse: {
      access_token?: string;
      expires_in?: number;
      refresh_token?: string;
      scope?: string;
      token_type?: string;
    };
    /** @description Error body returned when the rate limit is exceeded. */
    TooManyRequestsError: {
      /** @description What went wrong, for people. */
      message?: string;
    };
    /** @description Error body returned when authentication fails. */
    UnauthorizedError: {
      /** @description What went wrong, for people. */
      error?: string;
    };
  };
  responses: {
    /** @description Bad Request */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description Forbidden */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description Internal Server Error */
    InternalServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description Not Found */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponseDto'];
      };
    };
    /** @description Too Many Requests */
    TooManyRequests: {
      headers: {
        /** @description Seconds to wait before sending another request. */
        'Retry-After'?: number;
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['TooManyRequestsError'];
      };
    };
    /** @description Unauthorized */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['UnauthorizedError'];
      };
    };
  };
  parameters: {
    count: boolean;
    limit: number;
    offset: number;
  };
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  getTaskStatus: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "attributes": {
           *         "accountId": "7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f"
           *       },
           *       "completed": "2026-02-10T09:15:09.904Z",
           *       "completionStatus": "SUCCESS",
           *       "created": "2026-02-10T09:15:02.118Z",
           *       "description": "Disables one account on its source.",
           *       "id": "4b2f0c1d9e8a47f6a3c5d7e9f1a2b3c4",
           *       "launched": "2026-02-10T09:15:02.540Z",
           *       "launcher": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *       "messages": [
           *         {
           *           "key": "account_disabled",
           *           "localizedText": {
           *             "locale": "en-US",
           *             "message": "Account disabled on the source."
           *           },
           *           "parameters": [],
           *           "type": "INFO"
           *         }
           *       ],
           *       "modified": "2026-02-10T09:15:09.904Z",
           *       "parentName": null,
           *       "percentComplete": 100,
           *       "progress": "Completed",
           *       "returns": [],
           *       "target": {
           *         "id": "2c9180867a5e3b0d017a61c4f2d80f3e",
           *         "name": "HR Directory",
           *         "type": "APPLICATION"
           *       },
           *       "taskDefinitionSummary": {
           *         "arguments": {},
           *         "description": "Changes the state of a single account on its source.",
           *         "executor": "sailpoint.task.AccountStateChangeExecutor",
           *         "id": "2c9180835d2e5168015d32f890ca0001",
           *         "parentName": "Cloud Account Operation",
           *         "uniqueName": "Account State Change"
           *       },
           *       "type": "QUARTZ",
           *       "uniqueName": "Disable account 7d41c2e0 on HR Directory"
           *     }
           */
          'application/json': components['schemas']['TaskStatus'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      /** @description Forbidden */
      403: components['responses']['Forbidden'];
      /** @description Not Found */
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
        'application/x-www-form-urlencoded': components['schemas']['TokenRequest'];
      };
    };
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "access_token": "eyJhbGciOiJSUzI1NiJ9.eyJ0ZW5hbnRfaWQiOiJhY21lIn0.c2lnbmF0dXJlLXBsYWNlaG9sZGVy",
           *       "expires_in": 749,
           *       "scope": "sp:scopes:all",
           *       "token_type": "bearer"
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
        limit?: components['parameters']['limit'];
        offset?: components['parameters']['offset'];
        count?: components['parameters']['count'];
        detailLevel?: 'SLIM' | 'FULL';
        filters?: string;
        sorters?: string;
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          /** @description Number of results without limit and offset; sent only when the request sets count=true. */
          'X-Total-Count'?: number;
          [name: string]: unknown;
        };
        content: {
          /**
           * @example [
           *       {
           *         "attributes": {
           *           "givenName": "Jane",
           *           "mail": "jane.doe@acme.test",
           *           "surname": "Doe"
           *         },
           *         "authoritative": true,
           *         "cloudLifecycleState": "active",
           *         "connectionType": "direct",
           *         "created": "2025-11-03T08:22:41.507Z",
           *         "description": null,
           *         "disabled": false,
           *         "features": "ENABLE,PROVISIONING,UNLOCK",
           *         "hasEntitlements": true,
           *         "id": "7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f",
           *         "identity": {
           *           "id": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *           "name": "Jane Doe",
           *           "type": "IDENTITY"
           *         },
           *         "identityId": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *         "identityState": "ACTIVE",
           *         "isMachine": false,
           *         "locked": false,
           *         "manuallyCorrelated": false,
           *         "modified": "2026-02-09T17:40:12.033Z",
           *         "name": "jdoe",
           *         "nativeIdentity": "CN=Jane Doe,OU=Staff,DC=acme,DC=test",
           *         "origin": "AGGREGATED",
           *         "ownerIdentity": null,
           *         "recommendation": null,
           *         "sourceId": "2c9180867a5e3b0d017a61c4f2d80f3e",
           *         "sourceName": "HR Directory",
           *         "sourceOwner": {
           *           "id": "2c9180a7726b4e5f01726c3d8e9f0b22",
           *           "name": "Sam Rivera",
           *           "type": "IDENTITY"
           *         },
           *         "systemAccount": false,
           *         "uncorrelated": false,
           *         "uuid": "{5f2b8c1e-3a4d-4e6f-9b0c-1d2e3f4a5b6c}"
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
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description OK */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "attributes": {
           *         "givenName": "Jane",
           *         "mail": "jane.doe@acme.test",
           *         "surname": "Doe"
           *       },
           *       "authoritative": true,
           *       "created": "2025-11-03T08:22:41.507Z",
           *       "disabled": false,
           *       "hasEntitlements": true,
           *       "id": "7d41c2e09b3a4f5e8c6d1a2b3c4d5e6f",
           *       "identityId": "2c9180a7726b4e5f01726c3d8e9f0a11",
           *       "locked": false,
           *       "manuallyCorrelated": false,
           *       "modified": "2026-02-09T17:40:12.033Z",
           *       "name": "jdoe",
           *       "nativeIdentity": "CN=Jane Doe,OU=Staff,DC=acme,DC=test",
           *       "origin": "AGGREGATED",
           *       "sourceId": "2c9180867a5e3b0d017a61c4f2d80f3e",
           *       "sourceName": "HR Directory",
           *       "systemAccount": false,
           *       "uncorrelated": false
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
        id: string;
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description Accepted */
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
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AccountToggleRequest'];
      };
    };
    responses: {
      /** @description Accepted */
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
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AccountToggleRequest'];
      };
    };
    responses: {
      /** @description Accepted */
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
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['AccountUnlockRequest'];
      };
    };
    responses: {
      /** @description Accepted */
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

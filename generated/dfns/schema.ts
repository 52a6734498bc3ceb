/**
 * TypeScript types for every path, operation and component of the spec.
 * Generated from specs/dfns/openapi.yaml. DO NOT EDIT: change the spec and run `npm run regen`.
 * spec-sha256: abf811d0aa48e2438f59aeeb5396b79d58285e40547c9ed2f19531767e07deba
 * lock-sha256: 13ac9d8d34c891b450009686d18b8c7acbf572a6319f12b04687b5a0368b96b2
 * generator: openapi-typescript 7.13.0, prettier 3.10.1, generate r3
 */
/** Where this file came from; regen compares it with the spec to find stale output. */
export const generated = {
  spec: 'specs/dfns/openapi.yaml',
  specSha256: 'abf811d0aa48e2438f59aeeb5396b79d58285e40547c9ed2f19531767e07deba',
  generator: 'openapi-typescript 7.13.0, prettier 3.10.1, generate r3',
} as const;

export interface paths {
  '/auth/action': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Sign a user action challenge
     * @description Sends the signed challenge from `createUserActionChallenge` and returns a user action token. The token is bound to the method, path and body given at init time and can be used for exactly one request; a challenge can only be answered once, so this call is not retried automatically.
     */
    post: operations['createUserActionSignature'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/action/init': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Start a user action challenge
     * @description Describes the request the caller is about to make (method, path without query string, and the exact serialized body, or an empty string when there is none) and returns a challenge to sign plus the credentials that may sign it. Asking again simply yields a fresh challenge, so retrying is safe.
     */
    post: operations['createUserActionChallenge'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/pats': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List personal access tokens
     * @description Returns the personal access tokens owned by the calling user. The list is not paginated.
     */
    get: operations['listPersonalAccessTokens'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/pats/{tokenId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a personal access token
     * @description Returns one of the caller's personal access tokens.
     */
    get: operations['getPersonalAccessToken'];
    /**
     * Update a personal access token
     * @description Renames a personal access token or changes its external id. Omitted fields keep their value.
     */
    put: operations['updatePersonalAccessToken'];
    post?: never;
    /**
     * Delete a personal access token
     * @description Archives a personal access token. It stops working immediately and no longer appears in the list. Returns the token as it was when archived.
     */
    delete: operations['deletePersonalAccessToken'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/pats/{tokenId}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Activate a personal access token
     * @description Re-enables a deactivated personal access token. Activating an active token changes nothing.
     */
    put: operations['activatePersonalAccessToken'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/pats/{tokenId}/deactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Deactivate a personal access token
     * @description Suspends a personal access token so requests made with it are rejected. The token can be activated again later. Deactivating an inactive token changes nothing.
     */
    put: operations['deactivatePersonalAccessToken'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/service-accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List service accounts
     * @description Returns every service account in the organization. The list is not paginated.
     */
    get: operations['listServiceAccounts'];
    put?: never;
    /**
     * Create a service account
     * @description Creates a service account whose token is bound to the given public key, optionally assigning a permission at the same time. The response carries the new access token (`accessTokens[].accessToken`), which is only ever returned here. Repeating the call creates another account, so it is not retried automatically.
     */
    post: operations['createServiceAccount'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/service-accounts/{serviceAccountId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a service account
     * @description Returns one service account with its user record and access tokens.
     */
    get: operations['getServiceAccount'];
    /**
     * Update a service account
     * @description Renames a service account or changes its external id. Omitted fields keep their value.
     */
    put: operations['updateServiceAccount'];
    post?: never;
    /**
     * Delete a service account
     * @description Archives a service account. Its tokens stop working and the account no longer appears in the list. Returns the account as it was when archived.
     */
    delete: operations['deleteServiceAccount'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/service-accounts/{serviceAccountId}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Activate a service account
     * @description Re-enables a deactivated service account so its tokens are accepted again. Activating an active account changes nothing. Personal access tokens may not call this.
     */
    put: operations['activateServiceAccount'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/service-accounts/{serviceAccountId}/deactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Deactivate a service account
     * @description Suspends a service account: requests made with its tokens are rejected until it is activated again. If a policy requires approval for this change, the call waits for the approvers unless `force` is true, which skips the policy approver check and deactivates at once. Deactivating an inactive account changes nothing. Personal access tokens may not call this.
     */
    put: operations['deactivateServiceAccount'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * List users
     * @description Returns one page of users in the organization, optionally only one kind. Pass `nextPageToken` from a response as `paginationToken` to get the next page; the last page has no `nextPageToken`.
     */
    get: operations['listUsers'];
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/users/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a user
     * @description Returns one user of the organization.
     */
    get: operations['getUser'];
    put?: never;
    post?: never;
    /**
     * Delete a user
     * @description Archives a user. The user can no longer log in and no longer appears in the list. Returns the user as it was when archived.
     */
    delete: operations['deleteUser'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/users/{userId}/activate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Activate a user
     * @description Re-enables a deactivated user so they can log in again. Activating an active user changes nothing. Personal access tokens may not call this.
     */
    put: operations['activateUser'];
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/users/{userId}/deactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Deactivate a user
     * @description Suspends a user: they can no longer log in or call the API until activated again. Deactivating an inactive user changes nothing. Personal access tokens may not call this.
     */
    put: operations['deactivateUser'];
    post?: never;
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
    CreateServiceAccountRequest: {
      daysValid?: number;
      externalId?: string;
      name: string;
      permissionId?: string;
      publicKey: string;
    };
    CreateUserActionChallengeRequest: {
      userActionHttpMethod: string;
      userActionHttpPath: string;
      userActionPayload: string;
      /** @enum {string} */
      userActionServerKind?: 'Api' | 'Staff';
    };
    CreateUserActionSignatureRequest: {
      challengeIdentifier: string;
      firstFactor: components['schemas']['FirstFactor'];
      secondFactor?: components['schemas']['SecondFactor'];
    };
    DeactivateServiceAccountRequest: {
      /**
       * @description When true, skip the policy approver check and deactivate at once.
       * @default false
       */
      force?: boolean;
    };
    /** @description Body of every failed call. */
    ErrorResponse: {
      error: {
        /** @description What went wrong, for people. */
        message: string;
      };
    };
    /** @description Credential answering the challenge as the first factor, selected by `kind`. */
    FirstFactor:
      | {
          credentialAssertion: {
            algorithm?: string;
            authenticatorData: string;
            clientData: string;
            credId: string;
            signature: string;
            userHandle?: string;
          };
          /** @enum {string} */
          kind: 'Fido2';
        }
      | {
          credentialAssertion: {
            algorithm?: string;
            clientData: string;
            credId: string;
            signature: string;
          };
          /** @enum {string} */
          kind: 'Key';
        }
      | {
          /** @enum {string} */
          kind: 'Password';
          password: string;
        }
      | {
          credentialAssertion: {
            algorithm?: string;
            clientData: string;
            credId: string;
            signature: string;
          };
          /** @enum {string} */
          kind: 'PasswordProtectedKey';
        };
    /** @description A permission granted to a user or token. */
    PermissionAssignment: {
      assignmentId: string;
      operations?: string[];
      permissionId: string;
      permissionName: string;
    };
    /** @description An access token bound to a public key, owned by a user or a service account. */
    PersonalAccessToken: {
      accessToken?: string;
      credId: string;
      dateCreated: string;
      isActive: boolean;
      /** @enum {string} */
      kind: 'Pat' | 'ServiceAccount' | 'Token' | 'Code' | 'Recovery' | 'Temp' | 'Application';
      linkedAppId: string;
      linkedUserId: string;
      name: string;
      orgId: string;
      permissionAssignments: components['schemas']['PermissionAssignment'][];
      publicKey: string;
      tokenId: string;
    };
    PersonalAccessTokenList: {
      items: components['schemas']['PersonalAccessToken'][];
    };
    /** @description Credential answering the challenge as the second factor, selected by `kind`. */
    SecondFactor:
      | {
          credentialAssertion: {
            algorithm?: string;
            authenticatorData: string;
            clientData: string;
            credId: string;
            signature: string;
            userHandle?: string;
          };
          /** @enum {string} */
          kind: 'Fido2';
        }
      | {
          credentialAssertion: {
            algorithm?: string;
            clientData: string;
            credId: string;
            signature: string;
          };
          /** @enum {string} */
          kind: 'Key';
        }
      | {
          /** @enum {string} */
          kind: 'Totp';
          otpCode: string;
        }
      | {
          credentialAssertion: {
            algorithm?: string;
            clientData: string;
            credId: string;
            signature: string;
          };
          /** @enum {string} */
          kind: 'PasswordProtectedKey';
        };
    /** @description A service account with its user record and its access tokens. */
    ServiceAccount: {
      accessTokens: components['schemas']['PersonalAccessToken'][];
      userInfo: components['schemas']['UserInfo'];
    };
    ServiceAccountList: {
      items: components['schemas']['ServiceAccount'][];
    };
    UpdatePersonalAccessTokenRequest: {
      externalId?: string;
      name?: string;
    };
    UpdateServiceAccountRequest: {
      externalId?: string;
      name?: string;
    };
    /** @description A user of the organization. */
    User: {
      credentialUuid: string;
      isActive: boolean;
      isRegistered: boolean;
      isSSORequired: boolean;
      isServiceAccount: boolean;
      kind: components['schemas']['UserKind'];
      name: string;
      orgId: string;
      permissionAssignments: components['schemas']['PermissionAssignment'][];
      permissions?: string[];
      userId: string;
      username: string;
    };
    UserActionChallenge: {
      allowCredentials: {
        key: {
          id: string;
          /** @enum {string} */
          type: 'public-key';
        }[];
        passwordProtectedKey?: {
          encryptedPrivateKey: string;
          id: string;
          /** @enum {string} */
          type: 'public-key';
        }[];
        webauthn: {
          id: string;
          /** @enum {string} */
          type: 'public-key';
        }[];
      };
      /** @enum {string} */
      attestation: 'none' | 'indirect' | 'direct' | 'enterprise';
      challenge: string;
      challengeIdentifier: string;
      externalAuthenticationUrl: string;
      rp?: {
        id: string;
        name: string;
      };
      supportedCredentialKinds: {
        /** @enum {string} */
        factor: 'first' | 'second' | 'either';
        /** @enum {string} */
        kind: 'Fido2' | 'Key' | 'Password' | 'Totp' | 'RecoveryKey' | 'PasswordProtectedKey';
        requiresSecondFactor: boolean;
      }[];
      /** @enum {string} */
      userVerification: 'required' | 'preferred' | 'discouraged';
    };
    UserActionSignature: {
      userAction: string;
    };
    /** @description The user record behind a user or service account. */
    UserInfo: {
      /** @description Id of the account the user belongs to. */
      accountId?: string;
      credentialUuid: string;
      isActive: boolean;
      isRegistered: boolean;
      isServiceAccount: boolean;
      kind: components['schemas']['UserKind'];
      name: string;
      orgId: string;
      permissionAssignments: components['schemas']['PermissionAssignment'][];
      permissions?: string[];
      userId: string;
      username: string;
    };
    /**
     * @description `CustomerEmployee` is a member of the organization; `EndUser` is a delegated user managed on behalf of the organization's customers.
     * @enum {string}
     */
    UserKind: 'CustomerEmployee' | 'EndUser';
    UserList: {
      items: components['schemas']['User'][];
      nextPageToken?: string;
    };
  };
  responses: {
    /** @description The request was malformed, or its user action token was missing, reused or invalid. */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description The caller lacks the permission this call needs. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description The service failed; the call may be retried if it is idempotent. */
    InternalServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description The addressed resource does not exist. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description No valid access token was sent. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  createUserActionSignature: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['CreateUserActionSignatureRequest'];
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
           *       "userAction": "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJhY3Rpb24iOiJQVVQifQ.dXNlci1hY3Rpb24"
           *     }
           */
          'application/json': components['schemas']['UserActionSignature'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  createUserActionChallenge: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['CreateUserActionChallengeRequest'];
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
           *       "allowCredentials": {
           *         "key": [
           *           {
           *             "id": "cr-test-signing-key-1",
           *             "type": "public-key"
           *           }
           *         ],
           *         "webauthn": []
           *       },
           *       "attestation": "direct",
           *       "challenge": "Y2gtN3FtNGstMnR2OXItNWgxYzhkMGY2eDNqYm53cA",
           *       "challengeIdentifier": "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJjaGFsbGVuZ2UiOiJjaC0xIn0.c2lnbmF0dXJl",
           *       "externalAuthenticationUrl": "",
           *       "supportedCredentialKinds": [
           *         {
           *           "factor": "first",
           *           "kind": "Key",
           *           "requiresSecondFactor": false
           *         }
           *       ],
           *       "userVerification": "required"
           *     }
           */
          'application/json': components['schemas']['UserActionChallenge'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  listPersonalAccessTokens: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
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
           *       "items": [
           *         {
           *           "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *           "dateCreated": "2025-02-03T08:15:42.117Z",
           *           "isActive": true,
           *           "kind": "Pat",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *           "name": "ci-deploy-token",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-2bv9n-4hs7q-8m1fz6k3w0c5rgte"
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['PersonalAccessTokenList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  getPersonalAccessToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
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
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "isActive": true,
           *       "kind": "Pat",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "name": "ci-deploy-token",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *       "tokenId": "to-2bv9n-4hs7q-8m1fz6k3w0c5rgte"
           *     }
           */
          'application/json': components['schemas']['PersonalAccessToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  updatePersonalAccessToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['UpdatePersonalAccessTokenRequest'];
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
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "isActive": true,
           *       "kind": "Pat",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "name": "ci-deploy-token-2025",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *       "tokenId": "to-2bv9n-4hs7q-8m1fz6k3w0c5rgte"
           *     }
           */
          'application/json': components['schemas']['PersonalAccessToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  deletePersonalAccessToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
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
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "isActive": false,
           *       "kind": "Pat",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "name": "ci-deploy-token",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *       "tokenId": "to-2bv9n-4hs7q-8m1fz6k3w0c5rgte"
           *     }
           */
          'application/json': components['schemas']['PersonalAccessToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  activatePersonalAccessToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
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
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "isActive": true,
           *       "kind": "Pat",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "name": "ci-deploy-token",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *       "tokenId": "to-2bv9n-4hs7q-8m1fz6k3w0c5rgte"
           *     }
           */
          'application/json': components['schemas']['PersonalAccessToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  deactivatePersonalAccessToken: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        tokenId: string;
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
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "isActive": false,
           *       "kind": "Pat",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "name": "ci-deploy-token",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *       "tokenId": "to-2bv9n-4hs7q-8m1fz6k3w0c5rgte"
           *     }
           */
          'application/json': components['schemas']['PersonalAccessToken'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  listServiceAccounts: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
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
           *       "items": [
           *         {
           *           "accessTokens": [
           *             {
           *               "credId": "cr-test-signing-key-1",
           *               "dateCreated": "2025-01-20T14:02:11.305Z",
           *               "isActive": true,
           *               "kind": "ServiceAccount",
           *               "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *               "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *               "name": "billing-reconciler",
           *               "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *               "permissionAssignments": [
           *                 {
           *                   "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *                   "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *                   "permissionName": "Reconciler read-only"
           *                 }
           *               ],
           *               "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *               "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *             }
           *           ],
           *           "userInfo": {
           *             "accountId": "acct-5p2nr-8wk4d-0h7vq3m9t1c6yzbe",
           *             "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *             "isActive": true,
           *             "isRegistered": true,
           *             "isServiceAccount": true,
           *             "kind": "CustomerEmployee",
           *             "name": "billing-reconciler",
           *             "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *             "permissionAssignments": [
           *               {
           *                 "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *                 "operations": [
           *                   "Wallets:Read"
           *                 ],
           *                 "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *                 "permissionName": "Reconciler read-only"
           *               }
           *             ],
           *             "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *             "username": "billing-reconciler"
           *           }
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['ServiceAccountList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  createServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['CreateServiceAccountRequest'];
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
           *       "accessTokens": [
           *         {
           *           "accessToken": "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1cy00aDJwZCJ9.YWNjZXNzLXRva2Vu",
           *           "credId": "cr-test-signing-key-1",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *               "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *               "permissionName": "Reconciler read-only"
           *             }
           *           ],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ],
           *       "userInfo": {
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "isActive": true,
           *         "isRegistered": true,
           *         "isServiceAccount": true,
           *         "kind": "CustomerEmployee",
           *         "name": "billing-reconciler",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "permissionAssignments": [
           *           {
           *             "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *             "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *             "permissionName": "Reconciler read-only"
           *           }
           *         ],
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "username": "billing-reconciler"
           *       }
           *     }
           */
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  getServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        serviceAccountId: string;
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
           *       "accessTokens": [
           *         {
           *           "credId": "cr-test-signing-key-1",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *               "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *               "permissionName": "Reconciler read-only"
           *             }
           *           ],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ],
           *       "userInfo": {
           *         "accountId": "acct-5p2nr-8wk4d-0h7vq3m9t1c6yzbe",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "isActive": true,
           *         "isRegistered": true,
           *         "isServiceAccount": true,
           *         "kind": "CustomerEmployee",
           *         "name": "billing-reconciler",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "permissionAssignments": [
           *           {
           *             "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *             "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *             "permissionName": "Reconciler read-only"
           *           }
           *         ],
           *         "permissions": [
           *           "Wallets:Read"
           *         ],
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "username": "billing-reconciler"
           *       }
           *     }
           */
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  updateServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        serviceAccountId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['UpdateServiceAccountRequest'];
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
           *       "accessTokens": [
           *         {
           *           "credId": "cr-test-signing-key-1",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "name": "billing-reconciler-eu",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ],
           *       "userInfo": {
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "isActive": true,
           *         "isRegistered": true,
           *         "isServiceAccount": true,
           *         "kind": "CustomerEmployee",
           *         "name": "billing-reconciler-eu",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "permissionAssignments": [],
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "username": "billing-reconciler"
           *       }
           *     }
           */
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  deleteServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        serviceAccountId: string;
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
           *       "accessTokens": [
           *         {
           *           "credId": "cr-test-signing-key-1",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "isActive": false,
           *           "kind": "ServiceAccount",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ],
           *       "userInfo": {
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "isActive": false,
           *         "isRegistered": true,
           *         "isServiceAccount": true,
           *         "kind": "CustomerEmployee",
           *         "name": "billing-reconciler",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "permissionAssignments": [],
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "username": "billing-reconciler"
           *       }
           *     }
           */
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  activateServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        serviceAccountId: string;
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
           *       "accessTokens": [
           *         {
           *           "credId": "cr-test-signing-key-1",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ],
           *       "userInfo": {
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "isActive": true,
           *         "isRegistered": true,
           *         "isServiceAccount": true,
           *         "kind": "CustomerEmployee",
           *         "name": "billing-reconciler",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "permissionAssignments": [],
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "username": "billing-reconciler"
           *       }
           *     }
           */
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  deactivateServiceAccount: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        serviceAccountId: string;
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        'application/json': components['schemas']['DeactivateServiceAccountRequest'];
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
           *       "accessTokens": [
           *         {
           *           "credId": "cr-test-signing-key-1",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "isActive": false,
           *           "kind": "ServiceAccount",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *               "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *               "permissionName": "Reconciler read-only"
           *             }
           *           ],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ],
           *       "userInfo": {
           *         "accountId": "acct-5p2nr-8wk4d-0h7vq3m9t1c6yzbe",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "isActive": false,
           *         "isRegistered": true,
           *         "isServiceAccount": true,
           *         "kind": "CustomerEmployee",
           *         "name": "billing-reconciler",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "permissionAssignments": [
           *           {
           *             "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *             "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *             "permissionName": "Reconciler read-only"
           *           }
           *         ],
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "username": "billing-reconciler"
           *       }
           *     }
           */
          'application/json': components['schemas']['ServiceAccount'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  listUsers: {
    parameters: {
      query?: {
        limit?: number;
        paginationToken?: string;
        kind?: components['schemas']['UserKind'];
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
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *           "isActive": true,
           *           "isRegistered": true,
           *           "isSSORequired": false,
           *           "isServiceAccount": false,
           *           "kind": "CustomerEmployee",
           *           "name": "Ada Lovelace",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "assignmentId": "as-2m7ch-8wq4t-1v6kf9d3x0r5pyla",
           *               "permissionId": "pm-9k3vd-6rt1m-4c8hx2q7z0w5bnje",
           *               "permissionName": "Org admin"
           *             }
           *           ],
           *           "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *           "username": "ada.lovelace@example.org"
           *         }
           *       ],
           *       "nextPageToken": "eyJvZmZzZXQiOiJ1cy0xcmY2YyJ9"
           *     }
           */
          'application/json': components['schemas']['UserList'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
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
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "isActive": true,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "isServiceAccount": false,
           *       "kind": "CustomerEmployee",
           *       "name": "Ada Lovelace",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [
           *         {
           *           "assignmentId": "as-2m7ch-8wq4t-1v6kf9d3x0r5pyla",
           *           "permissionId": "pm-9k3vd-6rt1m-4c8hx2q7z0w5bnje",
           *           "permissionName": "Org admin"
           *         }
           *       ],
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "username": "ada.lovelace@example.org"
           *     }
           */
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  deleteUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
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
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "isActive": false,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "isServiceAccount": false,
           *       "kind": "CustomerEmployee",
           *       "name": "Ada Lovelace",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "username": "ada.lovelace@example.org"
           *     }
           */
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  activateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
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
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "isActive": true,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "isServiceAccount": false,
           *       "kind": "CustomerEmployee",
           *       "name": "Ada Lovelace",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "username": "ada.lovelace@example.org"
           *     }
           */
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
  deactivateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
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
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "isActive": false,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "isServiceAccount": false,
           *       "kind": "CustomerEmployee",
           *       "name": "Ada Lovelace",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "permissionAssignments": [],
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "username": "ada.lovelace@example.org"
           *     }
           */
          'application/json': components['schemas']['User'];
        };
      };
      400: components['responses']['BadRequest'];
      401: components['responses']['Unauthorized'];
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      500: components['responses']['InternalServerError'];
    };
  };
}

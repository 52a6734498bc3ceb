/**
 * TypeScript types for every path, operation and component of the spec.
 * Generated from specs/dfns/openapi.yaml. DO NOT EDIT: change the spec and run `npm run regen`.
 * spec-sha256: 703ed0ba4377a047b0fd0c77920b5da44963cf86998c341340b961f9aa37d8c5
 * lock-sha256: none
 * generator: openapi-typescript 7.13.0, prettier 3.10.1, generate r3
 */
/** Where this file came from; regen compares it with the spec to find stale output. */
export const generated = {
  spec: 'specs/dfns/openapi.yaml',
  specSha256: '703ed0ba4377a047b0fd0c77920b5da44963cf86998c341340b961f9aa37d8c5',
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
    /** @description Body of every failed call. */
    ErrorResponse: {
      error: {
        /** @description Human-readable reason for the failure. */
        message: string;
      };
    };
    /** @description A permission granted to a user or token. */
    PermissionAssignment: {
      permissionName: string;
      permissionId: string;
      assignmentId: string;
      /** @description Operations the permission allows. */
      operations?: string[];
    };
    /**
     * @description `CustomerEmployee` is a member of the organization; `EndUser` is a delegated user managed on behalf of the organization's customers.
     * @enum {string}
     */
    UserKind: 'CustomerEmployee' | 'EndUser';
    /** @description The user record behind a user or service account. */
    UserInfo: {
      username: string;
      name: string;
      /**
       * @description Id of the user.
       * @example us-4h2pd-7vx0k-3n8qw5r1t9e6sjma
       */
      userId: string;
      kind: components['schemas']['UserKind'];
      credentialUuid: string;
      orgId: string;
      /** @description Id of the account the user belongs to, when the API reports it. */
      accountId?: string;
      permissions?: string[];
      isActive: boolean;
      isServiceAccount: boolean;
      isRegistered: boolean;
      permissionAssignments: components['schemas']['PermissionAssignment'][];
    };
    /** @description A user of the organization. */
    User: components['schemas']['UserInfo'] & {
      /** @description Whether the user must log in through single sign-on. */
      isSSORequired: boolean;
    };
    UserList: {
      items: components['schemas']['User'][];
      /** @description Cursor for the next page; absent on the last page. */
      nextPageToken?: string;
    };
    /** @description An access token bound to a public key, owned by a user or a service account. */
    PersonalAccessToken: {
      /** @description The token value. Only returned when the token is created. */
      accessToken?: string;
      dateCreated: string;
      /** @description Id of the signing credential bound to the token. */
      credId: string;
      isActive: boolean;
      /**
       * @description What the token was issued for.
       * @enum {string}
       */
      kind: 'Pat' | 'ServiceAccount' | 'Token' | 'Code' | 'Recovery' | 'Temp' | 'Application';
      linkedUserId: string;
      linkedAppId: string;
      name: string;
      orgId: string;
      permissionAssignments: components['schemas']['PermissionAssignment'][];
      publicKey: string;
      tokenId: string;
    };
    PersonalAccessTokenList: {
      items: components['schemas']['PersonalAccessToken'][];
    };
    /** @description A service account with its user record and its access tokens. */
    ServiceAccount: {
      userInfo: components['schemas']['UserInfo'];
      accessTokens: components['schemas']['PersonalAccessToken'][];
    };
    ServiceAccountList: {
      items: components['schemas']['ServiceAccount'][];
    };
    CreateServiceAccountRequest: {
      name: string;
      /** @description PEM-encoded public key that will verify the account's signatures. */
      publicKey: string;
      /** @description Permission to assign to the new account. */
      permissionId?: string;
      /** @description Free-form id from the caller's own system. */
      externalId?: string;
      /** @description Lifetime of the access token in days. */
      daysValid?: number;
    };
    UpdateServiceAccountRequest: {
      name?: string;
      externalId?: string;
    };
    DeactivateServiceAccountRequest: {
      /**
       * @description When true, skip the policy approver check and deactivate immediately.
       * @default false
       */
      force?: boolean;
    };
    UpdatePersonalAccessTokenRequest: {
      name?: string;
      externalId?: string;
    };
    CreateUserActionChallengeRequest: {
      /** @description HTTP method of the request that will carry the signature. */
      userActionHttpMethod: string;
      /** @description Path of that request, without the query string. */
      userActionHttpPath: string;
      /** @description The exact body that will be sent, serialized; empty string when there is no body. */
      userActionPayload: string;
      /** @enum {string} */
      userActionServerKind?: 'Api' | 'Staff';
    };
    AllowedCredential: {
      /** @enum {string} */
      type: 'public-key';
      /** @description Credential id (`credId`) that may sign the challenge. */
      id: string;
    };
    AllowedPasswordProtectedKey: {
      /** @enum {string} */
      type: 'public-key';
      id: string;
      encryptedPrivateKey: string;
    };
    SupportedCredentialKind: {
      /** @enum {string} */
      kind: 'Fido2' | 'Key' | 'Password' | 'Totp' | 'RecoveryKey' | 'PasswordProtectedKey';
      /** @enum {string} */
      factor: 'first' | 'second' | 'either';
      requiresSecondFactor: boolean;
    };
    UserActionChallenge: {
      /** @description Value to embed in the client data that gets signed. */
      challenge: string;
      /** @description Handle (a JWT) to send back with the signed challenge. */
      challengeIdentifier: string;
      /** @description WebAuthn relying party, for Fido2 credentials. */
      rp?: {
        id: string;
        name: string;
      };
      supportedCredentialKinds: components['schemas']['SupportedCredentialKind'][];
      /** @enum {string} */
      userVerification: 'required' | 'preferred' | 'discouraged';
      /** @enum {string} */
      attestation: 'none' | 'indirect' | 'direct' | 'enterprise';
      /** @description Credentials of the caller that may answer the challenge, by kind. */
      allowCredentials: {
        key: components['schemas']['AllowedCredential'][];
        webauthn: components['schemas']['AllowedCredential'][];
        passwordProtectedKey?: components['schemas']['AllowedPasswordProtectedKey'][];
      };
      externalAuthenticationUrl: string;
    };
    /** @description Signature over the client data. `clientData` and `signature` are base64url encoded. */
    KeyCredentialAssertion: {
      credId: string;
      clientData: string;
      signature: string;
      algorithm?: string;
    };
    /** @description WebAuthn assertion produced by a passkey or security key. */
    Fido2CredentialAssertion: {
      credId: string;
      clientData: string;
      signature: string;
      algorithm?: string;
      authenticatorData: string;
      userHandle?: string;
    };
    /** @description Challenge signed with the private key of a key credential (service accounts and tokens). */
    KeyFactor: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'Key';
      credentialAssertion: components['schemas']['KeyCredentialAssertion'];
    };
    /** @description Challenge signed with a passkey. */
    Fido2Factor: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'Fido2';
      credentialAssertion: components['schemas']['Fido2CredentialAssertion'];
    };
    /** @description Challenge signed with a private key that was stored encrypted and decrypted by the client. */
    PasswordProtectedKeyFactor: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'PasswordProtectedKey';
      credentialAssertion: components['schemas']['KeyCredentialAssertion'];
    };
    /** @description Password as first factor. Being phased out by the provider. */
    PasswordFactor: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'Password';
      password: string;
    };
    /** @description One-time code as second factor. Being phased out by the provider. */
    TotpFactor: {
      /**
       * @description discriminator enum property added by openapi-typescript
       * @enum {string}
       */
      kind: 'Totp';
      otpCode: string;
    };
    /** @description Credential answering the challenge as the first factor, selected by `kind`. */
    FirstFactor:
      | components['schemas']['KeyFactor']
      | components['schemas']['Fido2Factor']
      | components['schemas']['PasswordFactor']
      | components['schemas']['PasswordProtectedKeyFactor'];
    /** @description Credential answering the challenge as the second factor, selected by `kind`. */
    SecondFactor:
      | components['schemas']['KeyFactor']
      | components['schemas']['Fido2Factor']
      | components['schemas']['TotpFactor']
      | components['schemas']['PasswordProtectedKeyFactor'];
    CreateUserActionSignatureRequest: {
      /** @description The `challengeIdentifier` returned by `createUserActionChallenge`. */
      challengeIdentifier: string;
      firstFactor: components['schemas']['FirstFactor'];
      secondFactor?: components['schemas']['SecondFactor'];
    };
    UserActionSignature: {
      /** @description Value for the `X-DFNS-USERACTION` header of the signed request; valid once. */
      userAction: string;
    };
  };
  responses: {
    /** @description The request was malformed, or the user action token was invalid or already used. */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "message": "user action token has already been used"
         *       }
         *     }
         */
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description The bearer token is missing, expired or invalid. */
    Unauthorized: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "message": "not authenticated"
         *       }
         *     }
         */
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description The caller lacks the needed permission, or the user action signature is missing or invalid. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "message": "missing permission Auth:ServiceAccounts:Deactivate"
         *       }
         *     }
         */
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description No resource with that id exists in the organization. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "message": "service account not found"
         *       }
         *     }
         */
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
    /** @description The service failed to handle the request. */
    InternalServerError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        /**
         * @example {
         *       "error": {
         *         "message": "internal server error"
         *       }
         *     }
         */
        'application/json': components['schemas']['ErrorResponse'];
      };
    };
  };
  parameters: {
    /** @description Id of the service account (its user id). */
    ServiceAccountId: string;
    /** @description Id of the personal access token. */
    TokenId: string;
    /** @description Id of the user. */
    UserId: string;
  };
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
    requestBody: {
      content: {
        /**
         * @example {
         *       "challengeIdentifier": "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJjaGFsbGVuZ2UiOiJjaC0xIn0.c2lnbmF0dXJl",
         *       "firstFactor": {
         *         "kind": "Key",
         *         "credentialAssertion": {
         *           "credId": "cr-test-signing-key-1",
         *           "clientData": "eyJ0eXBlIjoia2V5LmdldCIsImNoYWxsZW5nZSI6ImNoLTEifQ",
         *           "signature": "MEUCIQDm3f1b2a9c8d7e6f5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4"
         *         }
         *       }
         *     }
         */
        'application/json': components['schemas']['CreateUserActionSignatureRequest'];
      };
    };
    responses: {
      /** @description The one-time user action token. */
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
    requestBody: {
      content: {
        /**
         * @example {
         *       "userActionHttpMethod": "PUT",
         *       "userActionHttpPath": "/auth/service-accounts/us-4h2pd-7vx0k-3n8qw5r1t9e6sjma/deactivate",
         *       "userActionPayload": "{}",
         *       "userActionServerKind": "Api"
         *     }
         */
        'application/json': components['schemas']['CreateUserActionChallengeRequest'];
      };
    };
    responses: {
      /** @description The challenge and the credentials allowed to sign it. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "challenge": "Y2gtN3FtNGstMnR2OXItNWgxYzhkMGY2eDNqYm53cA",
           *       "challengeIdentifier": "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJjaGFsbGVuZ2UiOiJjaC0xIn0.c2lnbmF0dXJl",
           *       "allowCredentials": {
           *         "key": [
           *           {
           *             "type": "public-key",
           *             "id": "cr-test-signing-key-1"
           *           }
           *         ],
           *         "webauthn": []
           *       },
           *       "supportedCredentialKinds": [
           *         {
           *           "kind": "Key",
           *           "factor": "first",
           *           "requiresSecondFactor": false
           *         }
           *       ],
           *       "userVerification": "required",
           *       "attestation": "direct",
           *       "externalAuthenticationUrl": ""
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
      /** @description The caller's personal access tokens. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "dateCreated": "2025-02-03T08:15:42.117Z",
           *           "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *           "isActive": true,
           *           "kind": "Pat",
           *           "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
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
        /** @description Id of the personal access token. */
        tokenId: components['parameters']['TokenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The personal access token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "isActive": true,
           *       "kind": "Pat",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
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
        /** @description Id of the personal access token. */
        tokenId: components['parameters']['TokenId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "ci-deploy-token-2025"
         *     }
         */
        'application/json': components['schemas']['UpdatePersonalAccessTokenRequest'];
      };
    };
    responses: {
      /** @description The updated personal access token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "isActive": true,
           *       "kind": "Pat",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
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
        /** @description Id of the personal access token. */
        tokenId: components['parameters']['TokenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The archived personal access token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "isActive": false,
           *       "kind": "Pat",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
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
        /** @description Id of the personal access token. */
        tokenId: components['parameters']['TokenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The personal access token, now active. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "isActive": true,
           *       "kind": "Pat",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
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
        /** @description Id of the personal access token. */
        tokenId: components['parameters']['TokenId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The personal access token, now inactive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "dateCreated": "2025-02-03T08:15:42.117Z",
           *       "credId": "cr-5m8xq-2vd7k-4t1nb9c6h3w0pzre",
           *       "isActive": false,
           *       "kind": "Pat",
           *       "linkedUserId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
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
      /** @description The organization's service accounts. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "userInfo": {
           *             "username": "billing-reconciler",
           *             "name": "billing-reconciler",
           *             "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *             "kind": "CustomerEmployee",
           *             "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *             "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *             "accountId": "acct-5p2nr-8wk4d-0h7vq3m9t1c6yzbe",
           *             "isActive": true,
           *             "isServiceAccount": true,
           *             "isRegistered": true,
           *             "permissionAssignments": [
           *               {
           *                 "permissionName": "Reconciler read-only",
           *                 "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *                 "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda",
           *                 "operations": [
           *                   "Wallets:Read"
           *                 ]
           *               }
           *             ]
           *           },
           *           "accessTokens": [
           *             {
           *               "dateCreated": "2025-01-20T14:02:11.305Z",
           *               "credId": "cr-test-signing-key-1",
           *               "isActive": true,
           *               "kind": "ServiceAccount",
           *               "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *               "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *               "name": "billing-reconciler",
           *               "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *               "permissionAssignments": [
           *                 {
           *                   "permissionName": "Reconciler read-only",
           *                   "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *                   "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *                 }
           *               ],
           *               "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *               "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *             }
           *           ]
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
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "billing-reconciler",
         *       "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
         *       "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
         *       "externalId": "svc-billing-01",
         *       "daysValid": 365
         *     }
         */
        'application/json': components['schemas']['CreateServiceAccountRequest'];
      };
    };
    responses: {
      /** @description The new service account, including its access token. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userInfo": {
           *         "username": "billing-reconciler",
           *         "name": "billing-reconciler",
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "kind": "CustomerEmployee",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "isActive": true,
           *         "isServiceAccount": true,
           *         "isRegistered": true,
           *         "permissionAssignments": [
           *           {
           *             "permissionName": "Reconciler read-only",
           *             "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *             "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *           }
           *         ]
           *       },
           *       "accessTokens": [
           *         {
           *           "accessToken": "eyJhbGciOiJFZERTQSIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1cy00aDJwZCJ9.YWNjZXNzLXRva2Vu",
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "credId": "cr-test-signing-key-1",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "permissionName": "Reconciler read-only",
           *               "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *               "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *             }
           *           ],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ]
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
        /** @description Id of the service account (its user id). */
        serviceAccountId: components['parameters']['ServiceAccountId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The service account. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userInfo": {
           *         "username": "billing-reconciler",
           *         "name": "billing-reconciler",
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "kind": "CustomerEmployee",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "accountId": "acct-5p2nr-8wk4d-0h7vq3m9t1c6yzbe",
           *         "isActive": true,
           *         "isServiceAccount": true,
           *         "isRegistered": true,
           *         "permissionAssignments": [
           *           {
           *             "permissionName": "Reconciler read-only",
           *             "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *             "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *           }
           *         ],
           *         "permissions": [
           *           "Wallets:Read"
           *         ]
           *       },
           *       "accessTokens": [
           *         {
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "credId": "cr-test-signing-key-1",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "permissionName": "Reconciler read-only",
           *               "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *               "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *             }
           *           ],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ]
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
        /** @description Id of the service account (its user id). */
        serviceAccountId: components['parameters']['ServiceAccountId'];
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "name": "billing-reconciler-eu",
         *       "externalId": "svc-billing-02"
         *     }
         */
        'application/json': components['schemas']['UpdateServiceAccountRequest'];
      };
    };
    responses: {
      /** @description The updated service account. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userInfo": {
           *         "username": "billing-reconciler",
           *         "name": "billing-reconciler-eu",
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "kind": "CustomerEmployee",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "isActive": true,
           *         "isServiceAccount": true,
           *         "isRegistered": true,
           *         "permissionAssignments": []
           *       },
           *       "accessTokens": [
           *         {
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "credId": "cr-test-signing-key-1",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "name": "billing-reconciler-eu",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ]
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
        /** @description Id of the service account (its user id). */
        serviceAccountId: components['parameters']['ServiceAccountId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The archived service account. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userInfo": {
           *         "username": "billing-reconciler",
           *         "name": "billing-reconciler",
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "kind": "CustomerEmployee",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "isActive": false,
           *         "isServiceAccount": true,
           *         "isRegistered": true,
           *         "permissionAssignments": []
           *       },
           *       "accessTokens": [
           *         {
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "credId": "cr-test-signing-key-1",
           *           "isActive": false,
           *           "kind": "ServiceAccount",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ]
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
        /** @description Id of the service account (its user id). */
        serviceAccountId: components['parameters']['ServiceAccountId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The service account, now active. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userInfo": {
           *         "username": "billing-reconciler",
           *         "name": "billing-reconciler",
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "kind": "CustomerEmployee",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "isActive": true,
           *         "isServiceAccount": true,
           *         "isRegistered": true,
           *         "permissionAssignments": []
           *       },
           *       "accessTokens": [
           *         {
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "credId": "cr-test-signing-key-1",
           *           "isActive": true,
           *           "kind": "ServiceAccount",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ]
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
        /** @description Id of the service account (its user id). */
        serviceAccountId: components['parameters']['ServiceAccountId'];
      };
      cookie?: never;
    };
    requestBody?: {
      content: {
        /**
         * @example {
         *       "force": false
         *     }
         */
        'application/json': components['schemas']['DeactivateServiceAccountRequest'];
      };
    };
    responses: {
      /** @description The service account, now inactive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userInfo": {
           *         "username": "billing-reconciler",
           *         "name": "billing-reconciler",
           *         "userId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *         "kind": "CustomerEmployee",
           *         "credentialUuid": "cr-8q4bk-1tm7v-2r9hd6j0x3c5fwpn",
           *         "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *         "accountId": "acct-5p2nr-8wk4d-0h7vq3m9t1c6yzbe",
           *         "isActive": false,
           *         "isServiceAccount": true,
           *         "isRegistered": true,
           *         "permissionAssignments": [
           *           {
           *             "permissionName": "Reconciler read-only",
           *             "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *             "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *           }
           *         ]
           *       },
           *       "accessTokens": [
           *         {
           *           "dateCreated": "2025-01-20T14:02:11.305Z",
           *           "credId": "cr-test-signing-key-1",
           *           "isActive": false,
           *           "kind": "ServiceAccount",
           *           "linkedUserId": "us-4h2pd-7vx0k-3n8qw5r1t9e6sjma",
           *           "linkedAppId": "ap-3n9wc-6km2t-1q8vh5f0d7r4xbsl",
           *           "name": "billing-reconciler",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "permissionAssignments": [
           *             {
           *               "permissionName": "Reconciler read-only",
           *               "permissionId": "pm-5c8ta-2lw6q-9d4nf1h7r3x0bkmy",
           *               "assignmentId": "as-7e1rj-3qv5m-0t9gz2k6c8p4wnda"
           *             }
           *           ],
           *           "publicKey": "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEAk++6ol0xHTHcgeQI7MTUH5d19eH6XANh9GlTrQvuFag=\n-----END PUBLIC KEY-----\n",
           *           "tokenId": "to-6t3mk-0pq8r-5jd1c7x9e2v4hnlb"
           *         }
           *       ]
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
        /** @description Largest number of users to return in one page. */
        limit?: number;
        /** @description Opaque cursor taken from `nextPageToken` of the previous page. */
        paginationToken?: string;
        /** @description Only return users of this kind. */
        kind?: components['schemas']['UserKind'];
      };
      header?: never;
      path?: never;
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description One page of users. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "items": [
           *         {
           *           "username": "ada.lovelace@example.org",
           *           "name": "Ada Lovelace",
           *           "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *           "kind": "CustomerEmployee",
           *           "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *           "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *           "isActive": true,
           *           "isServiceAccount": false,
           *           "isRegistered": true,
           *           "isSSORequired": false,
           *           "permissionAssignments": [
           *             {
           *               "permissionName": "Org admin",
           *               "permissionId": "pm-9k3vd-6rt1m-4c8hx2q7z0w5bnje",
           *               "assignmentId": "as-2m7ch-8wq4t-1v6kf9d3x0r5pyla"
           *             }
           *           ]
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
        /** @description Id of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "username": "ada.lovelace@example.org",
           *       "name": "Ada Lovelace",
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "kind": "CustomerEmployee",
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "isActive": true,
           *       "isServiceAccount": false,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "permissionAssignments": [
           *         {
           *           "permissionName": "Org admin",
           *           "permissionId": "pm-9k3vd-6rt1m-4c8hx2q7z0w5bnje",
           *           "assignmentId": "as-2m7ch-8wq4t-1v6kf9d3x0r5pyla"
           *         }
           *       ]
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
        /** @description Id of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The archived user. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "username": "ada.lovelace@example.org",
           *       "name": "Ada Lovelace",
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "kind": "CustomerEmployee",
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "isActive": false,
           *       "isServiceAccount": false,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "permissionAssignments": []
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
        /** @description Id of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user, now active. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "username": "ada.lovelace@example.org",
           *       "name": "Ada Lovelace",
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "kind": "CustomerEmployee",
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "isActive": true,
           *       "isServiceAccount": false,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "permissionAssignments": []
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
        /** @description Id of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user, now inactive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "username": "ada.lovelace@example.org",
           *       "name": "Ada Lovelace",
           *       "userId": "us-1rf6c-9ab3m-7k2zt8y0p4xw5dqe",
           *       "kind": "CustomerEmployee",
           *       "credentialUuid": "cr-0w6jt-3hp9c-7x2mb5q8v1n4dkfa",
           *       "orgId": "or-2kq7d-5m1ht-8r4vfj0c9a6e3lbn",
           *       "isActive": false,
           *       "isServiceAccount": false,
           *       "isRegistered": true,
           *       "isSSORequired": false,
           *       "permissionAssignments": []
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

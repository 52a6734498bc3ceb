/**
 * TypeScript types for every path, operation and component of the spec.
 * Generated from specs/zitadel/openapi.yaml. DO NOT EDIT: change the spec and run `npm run regen`.
 * spec-sha256: 7d56c35e566848fae7fdd2db2273503abe0409cf207e8a47446007285e2b5213
 * lock-sha256: none
 * generator: openapi-typescript 7.13.0, prettier 3.10.1, generate r3
 */
/** Where this file came from; regen compares it with the spec to find stale output. */
export const generated = {
  spec: 'specs/zitadel/openapi.yaml',
  specSha256: '7d56c35e566848fae7fdd2db2273503abe0409cf207e8a47446007285e2b5213',
  generator: 'openapi-typescript 7.13.0, prettier 3.10.1, generate r3',
} as const;

export interface paths {
  '/management/v1/users/grants/_search': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Search user grants
     * @description Returns the user grants of the organization selected by `x-zitadel-orgid` (or the
     *     caller's own organization), filtered by the given queries. Paging uses `query.offset`
     *     and `query.limit` in the body; the total count is in `details.totalResult`.
     */
    post: operations['listUserGrants'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/management/v1/users/{id}/_deactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deactivate a user (v1, deprecated)
     * @deprecated
     * @description Older management API call that moves a user to the inactive state. It is deprecated;
     *     use `deactivateUser` (`POST /v2/users/{userId}/deactivate`) instead. The body must be
     *     an empty JSON object.
     */
    post: operations['deactivateUserV1'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/management/v1/users/{userId}/grants/{grantId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a user grant
     * @description Returns one user grant of the given user, including the granted roles and its state.
     */
    get: operations['getUserGrant'];
    put?: never;
    post?: never;
    /**
     * Remove a user grant
     * @description Deletes the user grant, so the user loses the roles it gave on the project. No request
     *     body is sent.
     */
    delete: operations['removeUserGrant'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/management/v1/users/{userId}/grants/{grantId}/_deactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deactivate a user grant
     * @description Sets the user grant to inactive: the user can no longer use the project and its roles
     *     are left out of newly issued tokens. Calling it on a grant that is already inactive
     *     returns an error. The body must be an empty JSON object.
     */
    post: operations['deactivateUserGrant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/management/v1/users/{userId}/grants/{grantId}/_reactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reactivate a user grant
     * @description Sets an inactive user grant back to active, restoring the user's roles on the project.
     *     Calling it on a grant that is not inactive returns an error. The body must be an empty
     *     JSON object.
     */
    post: operations['reactivateUserGrant'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/oauth/v2/token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Create an access token
     * @description The instance's OAuth 2.0 token endpoint. Two grants are described here:
     *
     *     - `urn:ietf:params:oauth:grant-type:jwt-bearer` (the JWT profile of RFC 7523): a
     *       service account sends, as `assertion`, a JWT it signed with one of its keys (RS256,
     *       the key id in the header, the service user's id as issuer and subject, the instance
     *       URL as audience, valid for at most an hour);
     *     - `client_credentials`: a machine user with a client secret sends `client_id` and
     *       `client_secret` in the form (HTTP Basic authentication works as well).
     *
     *     Request `openid` plus `urn:zitadel:iam:org:project:id:zitadel:aud` in `scope` to get a
     *     token that ZITADEL's own APIs accept. The endpoint needs no bearer token. Asking again
     *     only mints another token and changes no state, so a failed attempt can be repeated.
     */
    post: operations['createAccessToken'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Search users
     * @description Searches the users the caller may see (a search, although it uses POST). Filters are
     *     combined from `queries`; organization scoping is done with an `organizationIdQuery`
     *     rather than a header. Paging uses `query.offset` and `query.limit`; without a limit
     *     the server applies its default, and asking for more than the configured maximum is
     *     rejected. Results are sorted descending unless `query.asc` is true.
     */
    post: operations['listUsers'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/users/{userId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * Get a user
     * @description Returns one user, human or machine, with its current state and login names.
     */
    get: operations['getUser'];
    put?: never;
    post?: never;
    /**
     * Delete a user
     * @description Moves the user to the deleted state; the user can no longer sign in and its grants and
     *     memberships stop applying. No request body is sent.
     */
    delete: operations['deleteUser'];
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/users/{userId}/deactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Deactivate a user
     * @description Sets the user to inactive. An inactive user cannot sign in, but its data stays
     *     available, which makes this the usual offboarding step when the account must be kept.
     *     Calling it on a user that is already inactive returns an error. The body must be an
     *     empty JSON object.
     */
    post: operations['deactivateUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/users/{userId}/lock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Lock a user
     * @description Sets the user to locked, which blocks sign-in until the user is unlocked. Calling it on
     *     a user that is already locked returns an error. The body must be an empty JSON object.
     */
    post: operations['lockUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/users/{userId}/reactivate': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Reactivate a user
     * @description Sets an inactive user back to active so it can sign in again. Calling it on a user that
     *     is not inactive returns an error. The body must be an empty JSON object.
     */
    post: operations['reactivateUser'];
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/v2/users/{userId}/unlock': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Unlock a user
     * @description Lifts a lock from the user (for example one set after too many failed sign-in attempts)
     *     so it can sign in again. Calling it on a user that is not locked returns an error. The
     *     body must be an empty JSON object.
     */
    post: operations['unlockUser'];
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
    /** @description Result of a change, carrying the event-store details of the changed object. */
    DetailsResponse: {
      details?: components['schemas']['ObjectDetails'];
    };
    GetUserGrantResponse: {
      userGrant?: components['schemas']['UserGrant'];
    };
    GetUserResponse: {
      details?: components['schemas']['ObjectDetails'];
      user?: components['schemas']['User'];
    };
    HumanEmail: {
      email?: string;
      isVerified?: boolean;
    };
    HumanPhone: {
      phone?: string;
      isVerified?: boolean;
    };
    HumanProfile: {
      givenName?: string;
      familyName?: string;
      nickName?: string;
      displayName?: string;
      /** @description Language tag, such as `en` or `de-CH`. */
      preferredLanguage?: string;
      /**
       * @default GENDER_UNSPECIFIED
       * @enum {string}
       */
      gender?: 'GENDER_UNSPECIFIED' | 'GENDER_FEMALE' | 'GENDER_MALE' | 'GENDER_DIVERSE';
      avatarUrl?: string;
    };
    /** @description Fields that only human users have. */
    HumanUser: {
      profile?: components['schemas']['HumanProfile'];
      email?: components['schemas']['HumanEmail'];
      phone?: components['schemas']['HumanPhone'];
      /** @description Whether the user must set a new password at the next sign-in. */
      passwordChangeRequired?: boolean;
      /**
       * Format: date-time
       * @description When the password was last changed.
       */
      passwordChanged?: string;
    };
    /**
     * @description Paging facts of a search. The v2 user service reports the read time as `timestamp`,
     *     the v1 management service as `viewTimestamp`.
     */
    ListDetails: {
      /**
       * Format: uint64
       * @description Number of matches over all pages (a 64-bit number sent as a string).
       */
      totalResult?: string;
      /**
       * Format: uint64
       * @description Last event sequence the searched view had processed.
       */
      processedSequence?: string;
      /**
       * Format: date-time
       * @description When the view was read (v2).
       */
      timestamp?: string;
      /**
       * Format: date-time
       * @description When the view was read (v1).
       */
      viewTimestamp?: string;
    };
    /** @description Offset paging. Results are sorted descending unless `asc` is true. */
    ListQuery: {
      /**
       * Format: uint64
       * @description Number of results to skip (a 64-bit number sent as a string).
       */
      offset?: string;
      /**
       * Format: int64
       * @description Page size. Without it the server default applies; above the configured maximum the call fails.
       */
      limit?: number;
      /** @default false */
      asc?: boolean;
    };
    ListUserGrantsRequest: {
      query?: components['schemas']['ListQuery'];
      /** @description Filters; all of them must match. */
      queries?: components['schemas']['UserGrantQuery'][];
    };
    ListUserGrantsResponse: {
      details?: components['schemas']['ListDetails'];
      result?: components['schemas']['UserGrant'][];
    };
    ListUsersRequest: {
      query?: components['schemas']['ListQuery'];
      sortingColumn?: components['schemas']['UserFieldName'];
      /** @description Filters; all of them must match. */
      queries?: components['schemas']['SearchQuery'][];
    };
    ListUsersResponse: {
      details?: components['schemas']['ListDetails'];
      sortingColumn?: components['schemas']['UserFieldName'];
      result?: components['schemas']['User'][];
    };
    /** @description Fields that only machine (service) users have. */
    MachineUser: {
      name?: string;
      description?: string;
      /** @description Whether a client secret is set for the client credentials grant. */
      hasSecret?: boolean;
      /**
       * @description Kind of access token issued to this user (opaque bearer or JWT).
       * @default ACCESS_TOKEN_TYPE_BEARER
       * @enum {string}
       */
      accessTokenType?: 'ACCESS_TOKEN_TYPE_BEARER' | 'ACCESS_TOKEN_TYPE_JWT';
    };
    /** @description Error body of the OAuth endpoints (RFC 6749, section 5.2). */
    OAuthError: {
      /** @description Error code, such as `invalid_request`, `invalid_client`, `invalid_grant` or `unsupported_grant_type`. */
      error: string;
      /** @description Human-readable explanation. */
      error_description?: string;
    };
    /** @description Event-store details of an object. */
    ObjectDetails: {
      /**
       * Format: uint64
       * @description Event-store position of the object's latest change (a 64-bit number sent as a string).
       */
      sequence?: string;
      /** Format: date-time */
      changeDate?: string;
      /** @description ID of the organization (or instance) that owns the object. */
      resourceOwner?: string;
      /** Format: date-time */
      creationDate?: string;
    };
    /** @description A packed protobuf message; `@type` names its type, the other keys are its fields. */
    ProtobufAny: {
      '@type'?: string;
    } & {
      [key: string]: unknown;
    };
    /** @description Error body. */
    RpcStatus: {
      /**
       * Format: int32
       * @description gRPC status code (for example 5 = NOT_FOUND, 7 = PERMISSION_DENIED), not the HTTP status.
       */
      code?: number;
      message?: string;
      details?: components['schemas']['ProtobufAny'][];
    };
    /**
     * @description One user filter. Set exactly one key. `andQuery`, `orQuery` and `notQuery` nest further
     *     filters. Text filters compare with `method` (default: exact match).
     */
    SearchQuery: {
      userNameQuery?: {
        userName: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      firstNameQuery?: {
        firstName: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      lastNameQuery?: {
        lastName: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      nickNameQuery?: {
        nickName: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      displayNameQuery?: {
        displayName: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      emailQuery?: {
        emailAddress: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      phoneQuery?: {
        number: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      loginNameQuery?: {
        loginName: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      stateQuery?: {
        state: components['schemas']['UserState'];
      };
      typeQuery?: {
        type: components['schemas']['UserType'];
      };
      inUserIdsQuery?: {
        userIds?: string[];
      };
      inUserEmailsQuery?: {
        userEmails?: string[];
      };
      organizationIdQuery?: {
        organizationId: string;
      };
      /** @description Matches when all nested filters match. */
      andQuery?: {
        queries?: components['schemas']['SearchQuery'][];
      };
      /** @description Matches when at least one nested filter matches. */
      orQuery?: {
        queries?: components['schemas']['SearchQuery'][];
      };
      /** @description Matches when the nested filter does not match. */
      notQuery?: {
        query?: components['schemas']['SearchQuery'];
      };
    };
    /**
     * @description How a text filter compares values.
     * @default TEXT_QUERY_METHOD_EQUALS
     * @enum {string}
     */
    TextQueryMethod:
      | 'TEXT_QUERY_METHOD_EQUALS'
      | 'TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE'
      | 'TEXT_QUERY_METHOD_STARTS_WITH'
      | 'TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE'
      | 'TEXT_QUERY_METHOD_CONTAINS'
      | 'TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE'
      | 'TEXT_QUERY_METHOD_ENDS_WITH'
      | 'TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE';
    /** @description Form fields of a token request. Which fields are needed depends on `grant_type`. */
    TokenRequest: {
      /**
       * @description The OAuth grant.
       * @enum {string}
       */
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' | 'client_credentials';
      /** @description The signed JWT; required with the JWT profile grant. */
      assertion?: string;
      /** @description Space-separated scopes to request. */
      scope?: string;
      /** @description Client id of the machine user; for `client_credentials` without HTTP Basic authentication. */
      client_id?: string;
      /** @description Client secret of the machine user; sent together with `client_id`. */
      client_secret?: string;
    };
    /** @description A successful token answer (RFC 6749, section 5.1). */
    TokenResponse: {
      /** @description The token to send in the header `Authorization: Bearer <access_token>`. */
      access_token: string;
      /** @description Always `Bearer`. */
      token_type: string;
      /** @description Seconds until the access token expires. */
      expires_in: number;
      /** @description OpenID Connect ID token; present when `openid` was among the scopes and the grant issues one. */
      id_token?: string;
      /** @description The scopes granted, space-separated. */
      scope?: string;
    };
    /** @description A user of the v2 user service. Exactly one of `human` and `machine` is set. */
    User: {
      userId?: string;
      details?: components['schemas']['ObjectDetails'];
      state?: components['schemas']['UserState'];
      username?: string;
      /** @description All names the user can sign in with. */
      loginNames?: string[];
      preferredLoginName?: string;
      human?: components['schemas']['HumanUser'];
      machine?: components['schemas']['MachineUser'];
    };
    /**
     * @description Field to sort users by.
     * @default USER_FIELD_NAME_UNSPECIFIED
     * @enum {string}
     */
    UserFieldName:
      | 'USER_FIELD_NAME_UNSPECIFIED'
      | 'USER_FIELD_NAME_USER_NAME'
      | 'USER_FIELD_NAME_FIRST_NAME'
      | 'USER_FIELD_NAME_LAST_NAME'
      | 'USER_FIELD_NAME_NICK_NAME'
      | 'USER_FIELD_NAME_DISPLAY_NAME'
      | 'USER_FIELD_NAME_EMAIL'
      | 'USER_FIELD_NAME_STATE'
      | 'USER_FIELD_NAME_TYPE'
      | 'USER_FIELD_NAME_CREATION_DATE';
    /** @description Roles a user holds on a project, granted by an organization. */
    UserGrant: {
      id?: string;
      details?: components['schemas']['ObjectDetails'];
      roleKeys?: string[];
      state?: components['schemas']['UserGrantState'];
      userId?: string;
      userName?: string;
      firstName?: string;
      lastName?: string;
      email?: string;
      displayName?: string;
      /** @description Organization of the user. */
      orgId?: string;
      orgName?: string;
      orgDomain?: string;
      projectId?: string;
      projectName?: string;
      /** @description Set when the roles come from a project granted to another organization. */
      projectGrantId?: string;
      avatarUrl?: string;
      preferredLoginName?: string;
      userType?: components['schemas']['UserType'];
      /** @description Organization the grant was made in. */
      grantedOrgId?: string;
      grantedOrgName?: string;
      grantedOrgDomain?: string;
    };
    /** @description One user grant filter. Set exactly one key. */
    UserGrantQuery: {
      projectIdQuery?: {
        projectId?: string;
      };
      userIdQuery?: {
        userId?: string;
      };
      withGrantedQuery?: {
        /** @description Also include grants made on projects granted to other organizations. */
        withGranted?: boolean;
      };
      roleKeyQuery?: {
        roleKey?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      projectGrantIdQuery?: {
        projectGrantId?: string;
      };
      userNameQuery?: {
        userName?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      firstNameQuery?: {
        firstName?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      lastNameQuery?: {
        lastName?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      emailQuery?: {
        email?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      orgNameQuery?: {
        orgName?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      orgDomainQuery?: {
        orgDomain?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      projectNameQuery?: {
        projectName?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      displayNameQuery?: {
        displayName?: string;
        method?: components['schemas']['TextQueryMethod'];
      };
      userTypeQuery?: {
        type?: components['schemas']['UserType'];
      };
    };
    /**
     * @default USER_GRANT_STATE_UNSPECIFIED
     * @enum {string}
     */
    UserGrantState:
      'USER_GRANT_STATE_UNSPECIFIED' | 'USER_GRANT_STATE_ACTIVE' | 'USER_GRANT_STATE_INACTIVE';
    /**
     * @description Lifecycle state of a user. INITIAL means the user was created but has not finished
     *     setting up its account.
     * @default USER_STATE_UNSPECIFIED
     * @enum {string}
     */
    UserState:
      | 'USER_STATE_UNSPECIFIED'
      | 'USER_STATE_ACTIVE'
      | 'USER_STATE_INACTIVE'
      | 'USER_STATE_DELETED'
      | 'USER_STATE_LOCKED'
      | 'USER_STATE_INITIAL';
    /**
     * @default TYPE_UNSPECIFIED
     * @enum {string}
     */
    UserType: 'TYPE_UNSPECIFIED' | 'TYPE_HUMAN' | 'TYPE_MACHINE';
  };
  responses: {
    /**
     * @description The request was rejected as invalid, for example a malformed search query or a limit
     *     above the configured maximum.
     */
    BadRequest: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RpcStatus'];
      };
    };
    /** @description The caller is not allowed to access this resource. */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RpcStatus'];
      };
    };
    /** @description The resource does not exist, or is not visible to the caller. */
    NotFound: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RpcStatus'];
      };
    };
    /** @description The client could not be authenticated (`invalid_client`), for example a wrong client secret. */
    TokenClientRejected: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['OAuthError'];
      };
    };
    /**
     * @description The token request was refused, for example an unsupported grant type
     *     (`unsupported_grant_type`), a malformed form (`invalid_request`), or an assertion that
     *     is expired, badly signed or made with an unknown key (`invalid_grant`).
     */
    TokenRequestRejected: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['OAuthError'];
      };
    };
    /**
     * @description Any other error, such as a call that conflicts with the current state (for example
     *     deactivating an inactive user), a missing or expired token, or rate limiting.
     */
    UnexpectedError: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RpcStatus'];
      };
    };
  };
  parameters: {
    /** @description ID of the user grant. */
    GrantId: string;
    /**
     * @description Organization to act in. Without it, the organization of the calling user is used. The
     *     caller needs permissions in the organization it names.
     */
    OrgId: string;
    /** @description ID of the user. */
    UserId: string;
  };
  requestBodies: {
    /** @description This call takes no fields, but a JSON body is required; send `{}`. */
    EmptyBody: {
      content: {
        /** @example {} */
        'application/json': Record<string, never>;
      };
    };
  };
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listUserGrants: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Organization to act in. Without it, the organization of the calling user is used. The
         *     caller needs permissions in the organization it names.
         */
        'x-zitadel-orgid'?: components['parameters']['OrgId'];
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        /**
         * @example {
         *       "query": {
         *         "offset": "0",
         *         "limit": 50,
         *         "asc": true
         *       },
         *       "queries": [
         *         {
         *           "userIdQuery": {
         *             "userId": "289640331823398921"
         *           }
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['ListUserGrantsRequest'];
      };
    };
    responses: {
      /** @description The matching user grants. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "totalResult": "1",
           *         "processedSequence": "4817",
           *         "viewTimestamp": "2025-04-02T08:15:42.118Z"
           *       },
           *       "result": [
           *         {
           *           "id": "289655017361565705",
           *           "details": {
           *             "sequence": "3",
           *             "creationDate": "2025-03-28T12:04:10.512Z",
           *             "changeDate": "2025-03-30T09:41:03.907Z",
           *             "resourceOwner": "289639998226383881"
           *           },
           *           "roleKeys": [
           *             "reader"
           *           ],
           *           "state": "USER_GRANT_STATE_ACTIVE",
           *           "userId": "289640331823398921",
           *           "userName": "ada.lovelace",
           *           "firstName": "Ada",
           *           "lastName": "Lovelace",
           *           "email": "ada.lovelace@example.org",
           *           "displayName": "Ada Lovelace",
           *           "orgId": "289639998226383881",
           *           "orgName": "Analytical Engines",
           *           "orgDomain": "analytical-engines.my-instance.zitadel.cloud",
           *           "projectId": "289641202733101577",
           *           "projectName": "Reporting",
           *           "preferredLoginName": "ada.lovelace@analytical-engines.my-instance.zitadel.cloud",
           *           "userType": "TYPE_HUMAN",
           *           "grantedOrgId": "289639998226383881",
           *           "grantedOrgName": "Analytical Engines",
           *           "grantedOrgDomain": "analytical-engines.my-instance.zitadel.cloud"
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['ListUserGrantsResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      default: components['responses']['UnexpectedError'];
    };
  };
  deactivateUserV1: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Organization to act in. Without it, the organization of the calling user is used. The
         *     caller needs permissions in the organization it names.
         */
        'x-zitadel-orgid'?: components['parameters']['OrgId'];
      };
      path: {
        /** @description ID of the user to deactivate. */
        id: string;
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user is now inactive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "7",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "changeDate": "2025-04-03T16:22:47.530Z",
           *         "resourceOwner": "289639998226383881"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  getUserGrant: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Organization to act in. Without it, the organization of the calling user is used. The
         *     caller needs permissions in the organization it names.
         */
        'x-zitadel-orgid'?: components['parameters']['OrgId'];
      };
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
        /** @description ID of the user grant. */
        grantId: components['parameters']['GrantId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user grant. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "userGrant": {
           *         "id": "289655017361565705",
           *         "details": {
           *           "sequence": "3",
           *           "creationDate": "2025-03-28T12:04:10.512Z",
           *           "changeDate": "2025-03-30T09:41:03.907Z",
           *           "resourceOwner": "289639998226383881"
           *         },
           *         "roleKeys": [
           *           "reader",
           *           "editor"
           *         ],
           *         "state": "USER_GRANT_STATE_ACTIVE",
           *         "userId": "289640331823398921",
           *         "userName": "ada.lovelace",
           *         "displayName": "Ada Lovelace",
           *         "orgId": "289639998226383881",
           *         "projectId": "289641202733101577",
           *         "projectName": "Reporting",
           *         "userType": "TYPE_HUMAN"
           *       }
           *     }
           */
          'application/json': components['schemas']['GetUserGrantResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  removeUserGrant: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Organization to act in. Without it, the organization of the calling user is used. The
         *     caller needs permissions in the organization it names.
         */
        'x-zitadel-orgid'?: components['parameters']['OrgId'];
      };
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
        /** @description ID of the user grant. */
        grantId: components['parameters']['GrantId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user grant was removed. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "5",
           *         "creationDate": "2025-03-28T12:04:10.512Z",
           *         "changeDate": "2025-04-04T10:02:19.331Z",
           *         "resourceOwner": "289639998226383881"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  deactivateUserGrant: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Organization to act in. Without it, the organization of the calling user is used. The
         *     caller needs permissions in the organization it names.
         */
        'x-zitadel-orgid'?: components['parameters']['OrgId'];
      };
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
        /** @description ID of the user grant. */
        grantId: components['parameters']['GrantId'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user grant is now inactive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "4",
           *         "creationDate": "2025-03-28T12:04:10.512Z",
           *         "changeDate": "2025-04-01T07:45:12.004Z",
           *         "resourceOwner": "289639998226383881"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  reactivateUserGrant: {
    parameters: {
      query?: never;
      header?: {
        /**
         * @description Organization to act in. Without it, the organization of the calling user is used. The
         *     caller needs permissions in the organization it names.
         */
        'x-zitadel-orgid'?: components['parameters']['OrgId'];
      };
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
        /** @description ID of the user grant. */
        grantId: components['parameters']['GrantId'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user grant is active again. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "5",
           *         "creationDate": "2025-03-28T12:04:10.512Z",
           *         "changeDate": "2025-04-02T13:30:58.671Z",
           *         "resourceOwner": "289639998226383881"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  createAccessToken: {
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
         *       "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
         *       "scope": "openid urn:zitadel:iam:org:project:id:zitadel:aud",
         *       "assertion": "eyJhbGciOiJSUzI1NiIsImtpZCI6IjI5MDExMjM0NTY3ODkwMTIzNCJ9.eyJpc3MiOiIyODk2NDA4MDIzNzE4NDY0MDkifQ.c2lnbmF0dXJl"
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
           *       "access_token": "WkG2bx3uVnq0Tb8aJm4RcE1yHs7LpD9oKf5Ni6Qz",
           *       "token_type": "Bearer",
           *       "expires_in": 43199,
           *       "scope": "openid urn:zitadel:iam:org:project:id:zitadel:aud"
           *     }
           */
          'application/json': components['schemas']['TokenResponse'];
        };
      };
      400: components['responses']['TokenRequestRejected'];
      401: components['responses']['TokenClientRejected'];
    };
  };
  listUsers: {
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
         *       "query": {
         *         "offset": "0",
         *         "limit": 100,
         *         "asc": true
         *       },
         *       "sortingColumn": "USER_FIELD_NAME_USER_NAME",
         *       "queries": [
         *         {
         *           "organizationIdQuery": {
         *             "organizationId": "289639998226383881"
         *           }
         *         },
         *         {
         *           "stateQuery": {
         *             "state": "USER_STATE_ACTIVE"
         *           }
         *         }
         *       ]
         *     }
         */
        'application/json': components['schemas']['ListUsersRequest'];
      };
    };
    responses: {
      /** @description One page of matching users. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "totalResult": "2",
           *         "processedSequence": "4817",
           *         "timestamp": "2025-04-02T08:15:42.118Z"
           *       },
           *       "sortingColumn": "USER_FIELD_NAME_USER_NAME",
           *       "result": [
           *         {
           *           "userId": "289640331823398921",
           *           "details": {
           *             "sequence": "6",
           *             "changeDate": "2025-03-30T09:41:03.907Z",
           *             "resourceOwner": "289639998226383881",
           *             "creationDate": "2025-03-28T12:00:01.204Z"
           *           },
           *           "state": "USER_STATE_ACTIVE",
           *           "username": "ada.lovelace",
           *           "loginNames": [
           *             "ada.lovelace@analytical-engines.my-instance.zitadel.cloud"
           *           ],
           *           "preferredLoginName": "ada.lovelace@analytical-engines.my-instance.zitadel.cloud",
           *           "human": {
           *             "profile": {
           *               "givenName": "Ada",
           *               "familyName": "Lovelace",
           *               "displayName": "Ada Lovelace",
           *               "preferredLanguage": "en"
           *             },
           *             "email": {
           *               "email": "ada.lovelace@example.org",
           *               "isVerified": true
           *             }
           *           }
           *         },
           *         {
           *           "userId": "289640802371846409",
           *           "details": {
           *             "sequence": "2",
           *             "changeDate": "2025-03-29T15:10:44.020Z",
           *             "resourceOwner": "289639998226383881",
           *             "creationDate": "2025-03-29T15:10:44.020Z"
           *           },
           *           "state": "USER_STATE_ACTIVE",
           *           "username": "report-exporter",
           *           "loginNames": [
           *             "report-exporter@analytical-engines.my-instance.zitadel.cloud"
           *           ],
           *           "preferredLoginName": "report-exporter@analytical-engines.my-instance.zitadel.cloud",
           *           "machine": {
           *             "name": "Report exporter",
           *             "description": "Nightly export job",
           *             "hasSecret": false,
           *             "accessTokenType": "ACCESS_TOKEN_TYPE_BEARER"
           *           }
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['ListUsersResponse'];
        };
      };
      400: components['responses']['BadRequest'];
      403: components['responses']['Forbidden'];
      default: components['responses']['UnexpectedError'];
    };
  };
  getUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ID of the user. */
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
           *       "details": {
           *         "sequence": "6",
           *         "changeDate": "2025-03-30T09:41:03.907Z",
           *         "resourceOwner": "289639998226383881",
           *         "creationDate": "2025-03-28T12:00:01.204Z"
           *       },
           *       "user": {
           *         "userId": "289640331823398921",
           *         "details": {
           *           "sequence": "6",
           *           "changeDate": "2025-03-30T09:41:03.907Z",
           *           "resourceOwner": "289639998226383881",
           *           "creationDate": "2025-03-28T12:00:01.204Z"
           *         },
           *         "state": "USER_STATE_ACTIVE",
           *         "username": "ada.lovelace",
           *         "loginNames": [
           *           "ada.lovelace@analytical-engines.my-instance.zitadel.cloud"
           *         ],
           *         "preferredLoginName": "ada.lovelace@analytical-engines.my-instance.zitadel.cloud",
           *         "human": {
           *           "profile": {
           *             "givenName": "Ada",
           *             "familyName": "Lovelace",
           *             "displayName": "Ada Lovelace",
           *             "preferredLanguage": "en",
           *             "gender": "GENDER_FEMALE"
           *           },
           *           "email": {
           *             "email": "ada.lovelace@example.org",
           *             "isVerified": true
           *           },
           *           "phone": {
           *             "phone": "+41791234567",
           *             "isVerified": false
           *           },
           *           "passwordChangeRequired": false,
           *           "passwordChanged": "2025-03-28T12:03:55.771Z"
           *         }
           *       }
           *     }
           */
          'application/json': components['schemas']['GetUserResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  deleteUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody?: never;
    responses: {
      /** @description The user was deleted. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "9",
           *         "changeDate": "2025-04-05T18:12:30.245Z",
           *         "resourceOwner": "289639998226383881",
           *         "creationDate": "2025-03-28T12:00:01.204Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  deactivateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user is now inactive. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "7",
           *         "changeDate": "2025-04-03T16:22:47.530Z",
           *         "resourceOwner": "289639998226383881",
           *         "creationDate": "2025-03-28T12:00:01.204Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  lockUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user is now locked. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "8",
           *         "changeDate": "2025-04-04T06:58:13.902Z",
           *         "resourceOwner": "289639998226383881",
           *         "creationDate": "2025-03-28T12:00:01.204Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  reactivateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user is active again. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "8",
           *         "changeDate": "2025-04-04T09:14:36.118Z",
           *         "resourceOwner": "289639998226383881",
           *         "creationDate": "2025-03-28T12:00:01.204Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
  unlockUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        /** @description ID of the user. */
        userId: components['parameters']['UserId'];
      };
      cookie?: never;
    };
    requestBody: components['requestBodies']['EmptyBody'];
    responses: {
      /** @description The user is no longer locked. */
      200: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          /**
           * @example {
           *       "details": {
           *         "sequence": "9",
           *         "changeDate": "2025-04-04T11:40:02.655Z",
           *         "resourceOwner": "289639998226383881",
           *         "creationDate": "2025-03-28T12:00:01.204Z"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      default: components['responses']['UnexpectedError'];
    };
  };
}

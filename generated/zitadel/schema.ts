/**
 * TypeScript types for every path, operation and component of the spec.
 * Generated from specs/zitadel/openapi.yaml. DO NOT EDIT: change the spec and run `npm run regen`.
 * spec-sha256: d3eeeafe25087fff5e56cb79b98c1bb40af430c4a4827e1116af94958355449f
 * lock-sha256: 456f8e13335f51e43e5ca27710771d714f34ab7701db9bdc9381285427a671c6
 * generator: openapi-typescript 7.13.0, prettier 3.10.1, generate r3
 */
/** Where this file came from; regen compares it with the spec to find stale output. */
export const generated = {
  spec: 'specs/zitadel/openapi.yaml',
  specSha256: 'd3eeeafe25087fff5e56cb79b98c1bb40af430c4a4827e1116af94958355449f',
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
     * @description Returns the user grants of the organization selected by `x-zitadel-orgid` (or the caller's own organization), filtered by the given queries. Paging uses `query.offset` and `query.limit` in the body; the total count is in `details.totalResult`.
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
     * @description Older management API call that moves a user to the inactive state. It is deprecated; use `deactivateUser` (`POST /v2/users/{userId}/deactivate`) instead. The body must be an empty JSON object.
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
     * @description Deletes the user grant, so the user loses the roles it gave on the project. No request body is sent.
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
     * @description Sets the user grant to inactive: the user can no longer use the project and its roles are left out of newly issued tokens. Calling it on a grant that is already inactive returns an error. The body must be an empty JSON object.
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
     * @description Sets an inactive user grant back to active, restoring the user's roles on the project. Calling it on a grant that is not inactive returns an error. The body must be an empty JSON object.
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
     * @description Searches the users the caller may see (a search, although it uses POST). Filters are combined from `queries`; organization scoping is done with an `organizationIdQuery` rather than a header. Paging uses `query.offset` and `query.limit`; without a limit the server applies its default, and asking for more than the configured maximum is rejected. Results are sorted descending unless `query.asc` is true.
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
     * @description Moves the user to the deleted state; the user can no longer sign in and its grants and memberships stop applying. No request body is sent.
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
     * @description Sets the user to inactive. An inactive user cannot sign in, but its data stays available, which makes this the usual offboarding step when the account must be kept. Calling it on a user that is already inactive returns an error. The body must be an empty JSON object.
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
     * @description Sets the user to locked, which blocks sign-in until the user is unlocked. Calling it on a user that is already locked returns an error. The body must be an empty JSON object.
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
     * @description Sets an inactive user back to active so it can sign in again. Calling it on a user that is not inactive returns an error. The body must be an empty JSON object.
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
     * @description Lifts a lock from the user (for example one set after too many failed sign-in attempts) so it can sign in again. Calling it on a user that is not locked returns an error. The body must be an empty JSON object.
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
    /** @description These calls take no fields, but a JSON body is required; send `{}`. */
    EmptyBody: Record<string, never>;
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
      isVerified?: boolean;
      phone?: string;
    };
    HumanProfile: {
      avatarUrl?: string;
      displayName?: string;
      familyName?: string;
      gender?: components['schemas']['Userv2Gender'];
      givenName?: string;
      nickName?: string;
      preferredLanguage?: string;
    };
    /** @description Fields that only human users have. */
    HumanUser: {
      email?: components['schemas']['HumanEmail'];
      loginNames?: string[];
      /** Format: date-time */
      mfaInitSkipped?: string;
      passwordChangeRequired?: boolean;
      /** Format: date-time */
      passwordChanged?: string;
      phone?: components['schemas']['HumanPhone'];
      preferredLoginName?: string;
      profile?: components['schemas']['HumanProfile'];
      state?: components['schemas']['UserState'];
      userId?: string;
      username?: string;
    };
    ListDetails: {
      /** Format: uint64 */
      processedSequence?: string;
      /** Format: date-time */
      timestamp?: string;
      /** Format: uint64 */
      totalResult?: string;
    };
    /** @description Offset paging. Results are sorted descending unless `asc` is true. */
    ListQuery: {
      asc?: boolean;
      /** Format: int64 */
      limit?: number;
      /** Format: uint64 */
      offset?: string;
    };
    ListUserGrantsRequest: {
      queries?: components['schemas']['UserGrantQuery'][];
      query?: components['schemas']['UserGrantListQuery'];
    };
    ListUserGrantsResponse: {
      details?: components['schemas']['UserGrantListDetails'];
      result?: components['schemas']['UserGrant'][];
    };
    ListUsersRequest: {
      queries?: components['schemas']['SearchQuery'][];
      query?: components['schemas']['ListQuery'];
      sortingColumn?: components['schemas']['UserFieldName'];
    };
    ListUsersResponse: {
      details?: components['schemas']['ListDetails'];
      result?: components['schemas']['User'][];
      sortingColumn?: components['schemas']['UserFieldName'];
    };
    /** @description Fields that only machine (service) users have. */
    MachineUser: {
      accessTokenType?: components['schemas']['Userv2AccessTokenType'];
      description?: string;
      hasSecret?: boolean;
      name?: string;
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
      /** Format: date-time */
      changeDate?: string;
      /** Format: date-time */
      creationDate?: string;
      resourceOwner?: string;
      /** Format: uint64 */
      sequence?: string;
    };
    /** @description A packed protobuf message; `@type` names its type, the other keys are its fields. */
    ProtobufAny: {
      '@type'?: string;
    } & {
      [key: string]: unknown;
    };
    /** @description Error body of the gRPC gateway. */
    RpcStatus: {
      /** Format: int32 */
      code?: number;
      details?: components['schemas']['ProtobufAny'][];
      message?: string;
    };
    /** @description One user filter. Set exactly one key. `andQuery`, `orQuery` and `notQuery` nest further filters. Text filters compare with `method` (default: exact match). */
    SearchQuery: {
      andQuery?: components['schemas']['Userv2AndQuery'];
      displayNameQuery?: components['schemas']['Userv2DisplayNameQuery'];
      emailQuery?: components['schemas']['Userv2EmailQuery'];
      firstNameQuery?: components['schemas']['Userv2FirstNameQuery'];
      inUserEmailsQuery?: components['schemas']['Userv2InUserEmailsQuery'];
      inUserIdsQuery?: components['schemas']['Userv2InUserIDQuery'];
      lastNameQuery?: components['schemas']['Userv2LastNameQuery'];
      loginNameQuery?: components['schemas']['Userv2LoginNameQuery'];
      nickNameQuery?: components['schemas']['Userv2NickNameQuery'];
      notQuery?: components['schemas']['Userv2NotQuery'];
      orQuery?: components['schemas']['Userv2OrQuery'];
      organizationIdQuery?: components['schemas']['Userv2OrganizationIdQuery'];
      phoneQuery?: components['schemas']['Userv2PhoneQuery'];
      stateQuery?: components['schemas']['Userv2StateQuery'];
      typeQuery?: components['schemas']['Userv2TypeQuery'];
      userNameQuery?: components['schemas']['Userv2UserNameQuery'];
    };
    /**
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
      /** @description The signed JWT; required with the JWT profile grant. */
      assertion?: string;
      /** @description Client id of the machine user; for `client_credentials` without HTTP Basic authentication. */
      client_id?: string;
      /** @description Client secret of the machine user; sent together with `client_id`. */
      client_secret?: string;
      /**
       * @description The OAuth grant.
       * @enum {string}
       */
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer' | 'client_credentials';
      /** @description Space-separated scopes to request. */
      scope?: string;
    };
    /** @description A successful token answer (RFC 6749, section 5.1). */
    TokenResponse: {
      /** @description The token to send in the header `Authorization: Bearer <access_token>`. */
      access_token: string;
      /** @description Seconds until the access token expires. */
      expires_in: number;
      /** @description OpenID Connect ID token; present when `openid` was among the scopes and the grant issues one. */
      id_token?: string;
      /** @description The scopes granted, space-separated. */
      scope?: string;
      /** @description Always `Bearer`. */
      token_type: string;
    };
    /** @description A user of the v2 user service. Exactly one of `human` and `machine` is set. */
    User: {
      details?: components['schemas']['ObjectDetails'];
      human?: components['schemas']['HumanUser'];
      loginNames?: string[];
      machine?: components['schemas']['MachineUser'];
      preferredLoginName?: string;
      state?: components['schemas']['UserState'];
      userId?: string;
      username?: string;
    };
    /**
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
      avatarUrl?: string;
      details?: components['schemas']['ObjectDetails'];
      displayName?: string;
      email?: string;
      firstName?: string;
      grantedOrgDomain?: string;
      grantedOrgId?: string;
      grantedOrgName?: string;
      id?: string;
      lastName?: string;
      orgDomain?: string;
      orgId?: string;
      orgName?: string;
      preferredLoginName?: string;
      projectGrantId?: string;
      projectId?: string;
      projectName?: string;
      roleKeys?: string[];
      state?: components['schemas']['UserGrantState'];
      userId?: string;
      userName?: string;
      userType?: components['schemas']['Userv1Type'];
    };
    UserGrantListDetails: {
      /** Format: uint64 */
      processedSequence?: string;
      /** Format: uint64 */
      totalResult?: string;
      /** Format: date-time */
      viewTimestamp?: string;
    };
    UserGrantListQuery: {
      asc?: boolean;
      /** Format: int64 */
      limit?: number;
      /** Format: uint64 */
      offset?: string;
    };
    /** @description One user grant filter. Set exactly one key. */
    UserGrantQuery: {
      displayNameQuery?: components['schemas']['V1UserGrantDisplayNameQuery'];
      emailQuery?: components['schemas']['V1UserGrantEmailQuery'];
      firstNameQuery?: components['schemas']['V1UserGrantFirstNameQuery'];
      lastNameQuery?: components['schemas']['V1UserGrantLastNameQuery'];
      orgDomainQuery?: components['schemas']['V1UserGrantOrgDomainQuery'];
      orgNameQuery?: components['schemas']['V1UserGrantOrgNameQuery'];
      projectGrantIdQuery?: components['schemas']['V1UserGrantProjectGrantIDQuery'];
      projectIdQuery?: components['schemas']['V1UserGrantProjectIDQuery'];
      projectNameQuery?: components['schemas']['V1UserGrantProjectNameQuery'];
      roleKeyQuery?: components['schemas']['V1UserGrantRoleKeyQuery'];
      userIdQuery?: components['schemas']['V1UserGrantUserIDQuery'];
      userNameQuery?: components['schemas']['V1UserGrantUserNameQuery'];
      userTypeQuery?: components['schemas']['V1UserGrantUserTypeQuery'];
      withGrantedQuery?: components['schemas']['V1UserGrantWithGrantedQuery'];
    };
    /**
     * @default USER_GRANT_STATE_UNSPECIFIED
     * @enum {string}
     */
    UserGrantState:
      'USER_GRANT_STATE_UNSPECIFIED' | 'USER_GRANT_STATE_ACTIVE' | 'USER_GRANT_STATE_INACTIVE';
    /**
     * @description Lifecycle state of a user. INITIAL means the user was created but has not finished setting up its account.
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
    /**
     * @default TYPE_UNSPECIFIED
     * @enum {string}
     */
    Userv1Type: 'TYPE_UNSPECIFIED' | 'TYPE_HUMAN' | 'TYPE_MACHINE';
    /**
     * @default ACCESS_TOKEN_TYPE_BEARER
     * @enum {string}
     */
    Userv2AccessTokenType: 'ACCESS_TOKEN_TYPE_BEARER' | 'ACCESS_TOKEN_TYPE_JWT';
    Userv2AndQuery: {
      queries?: components['schemas']['SearchQuery'][];
    };
    Userv2DisplayNameQuery: {
      displayName: string;
      method?: components['schemas']['TextQueryMethod'];
    };
    Userv2EmailQuery: {
      emailAddress: string;
      method?: components['schemas']['TextQueryMethod'];
    };
    Userv2FirstNameQuery: {
      firstName: string;
      method?: components['schemas']['TextQueryMethod'];
    };
    /**
     * @default GENDER_UNSPECIFIED
     * @enum {string}
     */
    Userv2Gender: 'GENDER_UNSPECIFIED' | 'GENDER_FEMALE' | 'GENDER_MALE' | 'GENDER_DIVERSE';
    Userv2InUserEmailsQuery: {
      userEmails?: string[];
    };
    Userv2InUserIDQuery: {
      userIds?: string[];
    };
    Userv2LastNameQuery: {
      lastName: string;
      method?: components['schemas']['TextQueryMethod'];
    };
    Userv2LoginNameQuery: {
      loginName: string;
      method?: components['schemas']['TextQueryMethod'];
    };
    Userv2NickNameQuery: {
      method?: components['schemas']['TextQueryMethod'];
      nickName: string;
    };
    Userv2NotQuery: {
      query?: components['schemas']['SearchQuery'];
    };
    Userv2OrQuery: {
      queries?: components['schemas']['SearchQuery'][];
    };
    Userv2OrganizationIdQuery: {
      organizationId: string;
    };
    Userv2PhoneQuery: {
      method?: components['schemas']['TextQueryMethod'];
      number: string;
    };
    Userv2StateQuery: {
      state: components['schemas']['UserState'];
    };
    Userv2TypeQuery: {
      type: components['schemas']['UserType'];
    };
    Userv2UserNameQuery: {
      method?: components['schemas']['TextQueryMethod'];
      userName: string;
    };
    V1UserGrantDisplayNameQuery: {
      displayName?: string;
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
    };
    V1UserGrantEmailQuery: {
      email?: string;
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
    };
    V1UserGrantFirstNameQuery: {
      firstName?: string;
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
    };
    V1UserGrantLastNameQuery: {
      lastName?: string;
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
    };
    V1UserGrantOrgDomainQuery: {
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
      orgDomain?: string;
    };
    V1UserGrantOrgNameQuery: {
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
      orgName?: string;
    };
    V1UserGrantProjectGrantIDQuery: {
      projectGrantId?: string;
    };
    V1UserGrantProjectIDQuery: {
      projectId?: string;
    };
    V1UserGrantProjectNameQuery: {
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
      projectName?: string;
    };
    V1UserGrantRoleKeyQuery: {
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
      roleKey?: string;
    };
    V1UserGrantUserIDQuery: {
      userId?: string;
    };
    V1UserGrantUserNameQuery: {
      method?: components['schemas']['Zitadelv1TextQueryMethod'];
      userName?: string;
    };
    V1UserGrantUserTypeQuery: {
      type?: components['schemas']['Userv1Type'];
    };
    V1UserGrantWithGrantedQuery: {
      withGranted?: boolean;
    };
    /**
     * @default TEXT_QUERY_METHOD_EQUALS
     * @enum {string}
     */
    Zitadelv1TextQueryMethod:
      | 'TEXT_QUERY_METHOD_EQUALS'
      | 'TEXT_QUERY_METHOD_EQUALS_IGNORE_CASE'
      | 'TEXT_QUERY_METHOD_STARTS_WITH'
      | 'TEXT_QUERY_METHOD_STARTS_WITH_IGNORE_CASE'
      | 'TEXT_QUERY_METHOD_CONTAINS'
      | 'TEXT_QUERY_METHOD_CONTAINS_IGNORE_CASE'
      | 'TEXT_QUERY_METHOD_ENDS_WITH'
      | 'TEXT_QUERY_METHOD_ENDS_WITH_IGNORE_CASE';
  };
  responses: {
    /** @description The caller may not do this (gRPC PermissionDenied). */
    Forbidden: {
      headers: {
        [name: string]: unknown;
      };
      content: {
        'application/json': components['schemas']['RpcStatus'];
      };
    };
    /** @description The addressed object does not exist (gRPC NotFound). */
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
  };
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
  listUserGrants: {
    parameters: {
      query?: never;
      header?: {
        'x-zitadel-orgid'?: string;
      };
      path?: never;
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['ListUserGrantsRequest'];
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
           *       "details": {
           *         "processedSequence": "4817",
           *         "totalResult": "1",
           *         "viewTimestamp": "2025-04-02T08:15:42.118Z"
           *       },
           *       "result": [
           *         {
           *           "details": {
           *             "changeDate": "2025-03-30T09:41:03.907Z",
           *             "creationDate": "2025-03-28T12:04:10.512Z",
           *             "resourceOwner": "289639998226383881",
           *             "sequence": "3"
           *           },
           *           "displayName": "Ada Lovelace",
           *           "email": "ada.lovelace@example.org",
           *           "firstName": "Ada",
           *           "grantedOrgDomain": "analytical-engines.my-instance.zitadel.cloud",
           *           "grantedOrgId": "289639998226383881",
           *           "grantedOrgName": "Analytical Engines",
           *           "id": "289655017361565705",
           *           "lastName": "Lovelace",
           *           "orgDomain": "analytical-engines.my-instance.zitadel.cloud",
           *           "orgId": "289639998226383881",
           *           "orgName": "Analytical Engines",
           *           "preferredLoginName": "ada.lovelace@analytical-engines.my-instance.zitadel.cloud",
           *           "projectId": "289641202733101577",
           *           "projectName": "Reporting",
           *           "roleKeys": [
           *             "reader"
           *           ],
           *           "state": "USER_GRANT_STATE_ACTIVE",
           *           "userId": "289640331823398921",
           *           "userName": "ada.lovelace",
           *           "userType": "TYPE_HUMAN"
           *         }
           *       ]
           *     }
           */
          'application/json': components['schemas']['ListUserGrantsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  deactivateUserV1: {
    parameters: {
      query?: never;
      header?: {
        'x-zitadel-orgid'?: string;
      };
      path: {
        id: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-03T16:22:47.530Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "7"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  getUserGrant: {
    parameters: {
      query?: never;
      header?: {
        'x-zitadel-orgid'?: string;
      };
      path: {
        userId: string;
        grantId: string;
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
           *       "userGrant": {
           *         "details": {
           *           "changeDate": "2025-03-30T09:41:03.907Z",
           *           "creationDate": "2025-03-28T12:04:10.512Z",
           *           "resourceOwner": "289639998226383881",
           *           "sequence": "3"
           *         },
           *         "displayName": "Ada Lovelace",
           *         "id": "289655017361565705",
           *         "orgId": "289639998226383881",
           *         "projectId": "289641202733101577",
           *         "projectName": "Reporting",
           *         "roleKeys": [
           *           "reader",
           *           "editor"
           *         ],
           *         "state": "USER_GRANT_STATE_ACTIVE",
           *         "userId": "289640331823398921",
           *         "userName": "ada.lovelace",
           *         "userType": "TYPE_HUMAN"
           *       }
           *     }
           */
          'application/json': components['schemas']['GetUserGrantResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  removeUserGrant: {
    parameters: {
      query?: never;
      header?: {
        'x-zitadel-orgid'?: string;
      };
      path: {
        userId: string;
        grantId: string;
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
           *       "details": {
           *         "changeDate": "2025-04-04T10:02:19.331Z",
           *         "creationDate": "2025-03-28T12:04:10.512Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "5"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  deactivateUserGrant: {
    parameters: {
      query?: never;
      header?: {
        'x-zitadel-orgid'?: string;
      };
      path: {
        userId: string;
        grantId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-01T07:45:12.004Z",
           *         "creationDate": "2025-03-28T12:04:10.512Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "4"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  reactivateUserGrant: {
    parameters: {
      query?: never;
      header?: {
        'x-zitadel-orgid'?: string;
      };
      path: {
        userId: string;
        grantId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-02T13:30:58.671Z",
           *         "creationDate": "2025-03-28T12:04:10.512Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "5"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
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
         *       "assertion": "eyJhbGciOiJSUzI1NiIsImtpZCI6IjI5MDExMjM0NTY3ODkwMTIzNCJ9.eyJpc3MiOiIyODk2NDA4MDIzNzE4NDY0MDkifQ.c2lnbmF0dXJl",
         *       "grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
         *       "scope": "openid urn:zitadel:iam:org:project:id:zitadel:aud"
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
           *       "expires_in": 43199,
           *       "scope": "openid urn:zitadel:iam:org:project:id:zitadel:aud",
           *       "token_type": "Bearer"
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
        'application/json': components['schemas']['ListUsersRequest'];
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
           *       "details": {
           *         "processedSequence": "4817",
           *         "timestamp": "2025-04-02T08:15:42.118Z",
           *         "totalResult": "2"
           *       },
           *       "result": [
           *         {
           *           "details": {
           *             "changeDate": "2025-03-30T09:41:03.907Z",
           *             "creationDate": "2025-03-28T12:00:01.204Z",
           *             "resourceOwner": "289639998226383881",
           *             "sequence": "6"
           *           },
           *           "human": {
           *             "email": {
           *               "email": "ada.lovelace@example.org",
           *               "isVerified": true
           *             },
           *             "profile": {
           *               "displayName": "Ada Lovelace",
           *               "familyName": "Lovelace",
           *               "givenName": "Ada",
           *               "preferredLanguage": "en"
           *             }
           *           },
           *           "loginNames": [
           *             "ada.lovelace@analytical-engines.my-instance.zitadel.cloud"
           *           ],
           *           "preferredLoginName": "ada.lovelace@analytical-engines.my-instance.zitadel.cloud",
           *           "state": "USER_STATE_ACTIVE",
           *           "userId": "289640331823398921",
           *           "username": "ada.lovelace"
           *         },
           *         {
           *           "details": {
           *             "changeDate": "2025-03-29T15:10:44.020Z",
           *             "creationDate": "2025-03-29T15:10:44.020Z",
           *             "resourceOwner": "289639998226383881",
           *             "sequence": "2"
           *           },
           *           "loginNames": [
           *             "report-exporter@analytical-engines.my-instance.zitadel.cloud"
           *           ],
           *           "machine": {
           *             "accessTokenType": "ACCESS_TOKEN_TYPE_BEARER",
           *             "description": "Nightly export job",
           *             "hasSecret": false,
           *             "name": "Report exporter"
           *           },
           *           "preferredLoginName": "report-exporter@analytical-engines.my-instance.zitadel.cloud",
           *           "state": "USER_STATE_ACTIVE",
           *           "userId": "289640802371846409",
           *           "username": "report-exporter"
           *         }
           *       ],
           *       "sortingColumn": "USER_FIELD_NAME_USER_NAME"
           *     }
           */
          'application/json': components['schemas']['ListUsersResponse'];
        };
      };
      /** @description Bad Request */
      400: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
      403: components['responses']['Forbidden'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
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
           *       "details": {
           *         "changeDate": "2025-03-30T09:41:03.907Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "6"
           *       },
           *       "user": {
           *         "details": {
           *           "changeDate": "2025-03-30T09:41:03.907Z",
           *           "creationDate": "2025-03-28T12:00:01.204Z",
           *           "resourceOwner": "289639998226383881",
           *           "sequence": "6"
           *         },
           *         "human": {
           *           "email": {
           *             "email": "ada.lovelace@example.org",
           *             "isVerified": true
           *           },
           *           "passwordChangeRequired": false,
           *           "passwordChanged": "2025-03-28T12:03:55.771Z",
           *           "phone": {
           *             "isVerified": false,
           *             "phone": "+41791234567"
           *           },
           *           "profile": {
           *             "displayName": "Ada Lovelace",
           *             "familyName": "Lovelace",
           *             "gender": "GENDER_FEMALE",
           *             "givenName": "Ada",
           *             "preferredLanguage": "en"
           *           }
           *         },
           *         "loginNames": [
           *           "ada.lovelace@analytical-engines.my-instance.zitadel.cloud"
           *         ],
           *         "preferredLoginName": "ada.lovelace@analytical-engines.my-instance.zitadel.cloud",
           *         "state": "USER_STATE_ACTIVE",
           *         "userId": "289640331823398921",
           *         "username": "ada.lovelace"
           *       }
           *     }
           */
          'application/json': components['schemas']['GetUserResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
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
           *       "details": {
           *         "changeDate": "2025-04-05T18:12:30.245Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "9"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
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
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-03T16:22:47.530Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "7"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  lockUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-04T06:58:13.902Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "8"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  reactivateUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-04T09:14:36.118Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "8"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
  unlockUser: {
    parameters: {
      query?: never;
      header?: never;
      path: {
        userId: string;
      };
      cookie?: never;
    };
    requestBody: {
      content: {
        'application/json': components['schemas']['EmptyBody'];
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
           *       "details": {
           *         "changeDate": "2025-04-04T11:40:02.655Z",
           *         "creationDate": "2025-03-28T12:00:01.204Z",
           *         "resourceOwner": "289639998226383881",
           *         "sequence": "9"
           *       }
           *     }
           */
          'application/json': components['schemas']['DetailsResponse'];
        };
      };
      403: components['responses']['Forbidden'];
      404: components['responses']['NotFound'];
      /** @description Error */
      default: {
        headers: {
          [name: string]: unknown;
        };
        content: {
          'application/json': components['schemas']['RpcStatus'];
        };
      };
    };
  };
}

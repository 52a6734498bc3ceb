/**
 * Per-operation metadata the facade reads: method, path, retry safety, tags, security.
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

/** Every operation of the spec by operationId. */
export const operations = {
  getTaskStatus: {
    method: 'GET',
    path: '/beta/task-status/{id}',
    idempotent: true,
    tags: ['Tasks'],
    security: [['clientCredentials'], ['clientCredentials']],
  },
  createOauthToken: {
    method: 'POST',
    path: '/oauth/token',
    idempotent: true,
    tags: ['Authentication'],
    security: [],
  },
  listAccounts: {
    method: 'GET',
    path: '/v3/accounts',
    idempotent: true,
    tags: ['Accounts'],
    security: [['clientCredentials'], ['clientCredentials']],
  },
  getAccount: {
    method: 'GET',
    path: '/v3/accounts/{id}',
    idempotent: true,
    tags: ['Accounts'],
    security: [['clientCredentials'], ['clientCredentials']],
  },
  deleteAccount: {
    method: 'DELETE',
    path: '/v3/accounts/{id}',
    idempotent: true,
    tags: ['Accounts'],
    security: [['clientCredentials']],
  },
  disableAccount: {
    method: 'POST',
    path: '/v3/accounts/{id}/disable',
    idempotent: true,
    tags: ['Accounts'],
    security: [['clientCredentials']],
  },
  enableAccount: {
    method: 'POST',
    path: '/v3/accounts/{id}/enable',
    idempotent: true,
    tags: ['Accounts'],
    security: [['clientCredentials']],
  },
  unlockAccount: {
    method: 'POST',
    path: '/v3/accounts/{id}/unlock',
    idempotent: true,
    tags: ['Accounts'],
    security: [['clientCredentials']],
  },
} as const;

/** An operationId of this provider. */
export type OperationId = keyof typeof operations;

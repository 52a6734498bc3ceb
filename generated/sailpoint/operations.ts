/**
 * Per-operation metadata the facade reads: method, path, retry safety, tags, security.
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

/** Every operation of the spec by operationId. */
export const operations = {
  getTaskStatus: {
    method: 'GET',
    path: '/beta/task-status/{id}',
    idempotent: true,
    tags: ['Tasks'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
  createOauthToken: {
    method: 'POST',
    path: '/oauth/token',
    idempotent: true,
    tags: ['Authentication'],
    security: [[]],
  },
  listAccounts: {
    method: 'GET',
    path: '/v3/accounts',
    idempotent: true,
    tags: ['Accounts'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
  getAccount: {
    method: 'GET',
    path: '/v3/accounts/{id}',
    idempotent: true,
    tags: ['Accounts'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
  deleteAccount: {
    method: 'DELETE',
    path: '/v3/accounts/{id}',
    idempotent: true,
    tags: ['Accounts'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
  disableAccount: {
    method: 'POST',
    path: '/v3/accounts/{id}/disable',
    idempotent: true,
    tags: ['Accounts'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
  enableAccount: {
    method: 'POST',
    path: '/v3/accounts/{id}/enable',
    idempotent: true,
    tags: ['Accounts'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
  unlockAccount: {
    method: 'POST',
    path: '/v3/accounts/{id}/unlock',
    idempotent: true,
    tags: ['Accounts'],
    security: [['personalAccessToken'], ['clientCredentials']],
  },
} as const;

/** An operationId of this provider. */
export type OperationId = keyof typeof operations;

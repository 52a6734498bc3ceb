/**
 * Per-operation metadata the facade reads: method, path, retry safety, tags, security.
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

/** Every operation of the spec by operationId. */
export const operations = {
  listUserGrants: {
    method: 'POST',
    path: '/management/v1/users/grants/_search',
    idempotent: true,
    tags: ['User grants'],
    security: [['bearerAuth']],
  },
  deactivateUserV1: {
    method: 'POST',
    path: '/management/v1/users/{id}/_deactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
    deprecated: true,
  },
  getUserGrant: {
    method: 'GET',
    path: '/management/v1/users/{userId}/grants/{grantId}',
    idempotent: true,
    tags: ['User grants'],
    security: [['bearerAuth']],
  },
  removeUserGrant: {
    method: 'DELETE',
    path: '/management/v1/users/{userId}/grants/{grantId}',
    idempotent: true,
    tags: ['User grants'],
    security: [['bearerAuth']],
  },
  deactivateUserGrant: {
    method: 'POST',
    path: '/management/v1/users/{userId}/grants/{grantId}/_deactivate',
    idempotent: true,
    tags: ['User grants'],
    security: [['bearerAuth']],
  },
  reactivateUserGrant: {
    method: 'POST',
    path: '/management/v1/users/{userId}/grants/{grantId}/_reactivate',
    idempotent: true,
    tags: ['User grants'],
    security: [['bearerAuth']],
  },
  createAccessToken: {
    method: 'POST',
    path: '/oauth/v2/token',
    idempotent: true,
    tags: ['Authentication'],
    security: [],
  },
  listUsers: {
    method: 'POST',
    path: '/v2/users',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
  getUser: {
    method: 'GET',
    path: '/v2/users/{userId}',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
  deleteUser: {
    method: 'DELETE',
    path: '/v2/users/{userId}',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
  deactivateUser: {
    method: 'POST',
    path: '/v2/users/{userId}/deactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
  lockUser: {
    method: 'POST',
    path: '/v2/users/{userId}/lock',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
  reactivateUser: {
    method: 'POST',
    path: '/v2/users/{userId}/reactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
  unlockUser: {
    method: 'POST',
    path: '/v2/users/{userId}/unlock',
    idempotent: true,
    tags: ['Users'],
    security: [['bearerAuth']],
  },
} as const;

/** An operationId of this provider. */
export type OperationId = keyof typeof operations;

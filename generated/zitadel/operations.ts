/**
 * Per-operation metadata the facade reads: method, path, retry safety, tags, security.
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

/** Every operation of the spec by operationId. */
export const operations = {
  listUserGrants: {
    method: 'POST',
    path: '/management/v1/users/grants/_search',
    idempotent: true,
    tags: ['User grants'],
    security: [['oauth2']],
  },
  deactivateUserV1: {
    method: 'POST',
    path: '/management/v1/users/{id}/_deactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
    deprecated: true,
  },
  getUserGrant: {
    method: 'GET',
    path: '/management/v1/users/{userId}/grants/{grantId}',
    idempotent: true,
    tags: ['User grants'],
    security: [['oauth2']],
  },
  removeUserGrant: {
    method: 'DELETE',
    path: '/management/v1/users/{userId}/grants/{grantId}',
    idempotent: true,
    tags: ['User grants'],
    security: [['oauth2']],
  },
  deactivateUserGrant: {
    method: 'POST',
    path: '/management/v1/users/{userId}/grants/{grantId}/_deactivate',
    idempotent: true,
    tags: ['User grants'],
    security: [['oauth2']],
  },
  reactivateUserGrant: {
    method: 'POST',
    path: '/management/v1/users/{userId}/grants/{grantId}/_reactivate',
    idempotent: true,
    tags: ['User grants'],
    security: [['oauth2']],
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
    security: [['oauth2']],
  },
  getUser: {
    method: 'GET',
    path: '/v2/users/{userId}',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
  },
  deleteUser: {
    method: 'DELETE',
    path: '/v2/users/{userId}',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
  },
  deactivateUser: {
    method: 'POST',
    path: '/v2/users/{userId}/deactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
  },
  lockUser: {
    method: 'POST',
    path: '/v2/users/{userId}/lock',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
  },
  reactivateUser: {
    method: 'POST',
    path: '/v2/users/{userId}/reactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
  },
  unlockUser: {
    method: 'POST',
    path: '/v2/users/{userId}/unlock',
    idempotent: true,
    tags: ['Users'],
    security: [['oauth2']],
  },
} as const;

/** An operationId of this provider. */
export type OperationId = keyof typeof operations;

/**
 * Per-operation metadata the facade reads: method, path, retry safety, tags, security.
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

/** Every operation of the spec by operationId. */
export const operations = {
  createUserActionSignature: {
    method: 'POST',
    path: '/auth/action',
    idempotent: false,
    tags: ['User action signing'],
    security: [['authenticationToken']],
  },
  createUserActionChallenge: {
    method: 'POST',
    path: '/auth/action/init',
    idempotent: true,
    tags: ['User action signing'],
    security: [['authenticationToken']],
  },
  listPersonalAccessTokens: {
    method: 'GET',
    path: '/auth/pats',
    idempotent: true,
    tags: ['Personal access tokens'],
    security: [['authenticationToken']],
  },
  getPersonalAccessToken: {
    method: 'GET',
    path: '/auth/pats/{tokenId}',
    idempotent: true,
    tags: ['Personal access tokens'],
    security: [['authenticationToken']],
  },
  updatePersonalAccessToken: {
    method: 'PUT',
    path: '/auth/pats/{tokenId}',
    idempotent: true,
    tags: ['Personal access tokens'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  deletePersonalAccessToken: {
    method: 'DELETE',
    path: '/auth/pats/{tokenId}',
    idempotent: true,
    tags: ['Personal access tokens'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  activatePersonalAccessToken: {
    method: 'PUT',
    path: '/auth/pats/{tokenId}/activate',
    idempotent: true,
    tags: ['Personal access tokens'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  deactivatePersonalAccessToken: {
    method: 'PUT',
    path: '/auth/pats/{tokenId}/deactivate',
    idempotent: true,
    tags: ['Personal access tokens'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  listServiceAccounts: {
    method: 'GET',
    path: '/auth/service-accounts',
    idempotent: true,
    tags: ['Service accounts'],
    security: [['authenticationToken']],
  },
  createServiceAccount: {
    method: 'POST',
    path: '/auth/service-accounts',
    idempotent: false,
    tags: ['Service accounts'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  getServiceAccount: {
    method: 'GET',
    path: '/auth/service-accounts/{serviceAccountId}',
    idempotent: true,
    tags: ['Service accounts'],
    security: [['authenticationToken']],
  },
  updateServiceAccount: {
    method: 'PUT',
    path: '/auth/service-accounts/{serviceAccountId}',
    idempotent: true,
    tags: ['Service accounts'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  deleteServiceAccount: {
    method: 'DELETE',
    path: '/auth/service-accounts/{serviceAccountId}',
    idempotent: true,
    tags: ['Service accounts'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  activateServiceAccount: {
    method: 'PUT',
    path: '/auth/service-accounts/{serviceAccountId}/activate',
    idempotent: true,
    tags: ['Service accounts'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  deactivateServiceAccount: {
    method: 'PUT',
    path: '/auth/service-accounts/{serviceAccountId}/deactivate',
    idempotent: true,
    tags: ['Service accounts'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  listUsers: {
    method: 'GET',
    path: '/auth/users',
    idempotent: true,
    tags: ['Users'],
    security: [['authenticationToken']],
  },
  getUser: {
    method: 'GET',
    path: '/auth/users/{userId}',
    idempotent: true,
    tags: ['Users'],
    security: [['authenticationToken']],
  },
  deleteUser: {
    method: 'DELETE',
    path: '/auth/users/{userId}',
    idempotent: true,
    tags: ['Users'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  activateUser: {
    method: 'PUT',
    path: '/auth/users/{userId}/activate',
    idempotent: true,
    tags: ['Users'],
    security: [['authenticationToken', 'userActionSignature']],
  },
  deactivateUser: {
    method: 'PUT',
    path: '/auth/users/{userId}/deactivate',
    idempotent: true,
    tags: ['Users'],
    security: [['authenticationToken', 'userActionSignature']],
  },
} as const;

/** An operationId of this provider. */
export type OperationId = keyof typeof operations;

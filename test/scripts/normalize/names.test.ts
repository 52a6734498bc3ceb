import { describe, expect, it } from 'vitest';
import { camelCase, isCamelCase, isPascalIdentifier, pascalCase } from '../../../scripts/lib/normalize/names.js';
import { paramRenames, rebasePath } from '../../../scripts/lib/normalize/rebase.js';

describe('camelCase operationIds', () => {
  it.each([
    ['UserService_DeactivateUser', 'userServiceDeactivateUser'],
    ['get-task-status-v1', 'getTaskStatusV1'],
    ['Deactivate Service Account', 'deactivateServiceAccount'],
    ['listAccounts', 'listAccounts'],
    ['HTTPGetThing', 'httpGetThing'],
    ['put /auth/users/{userId}/activate', 'putAuthUsersUserIdActivate'],
    ['123', 'op123'],
    ['', 'operation'],
  ])('%s → %s', (input, expected) => {
    expect(camelCase(input)).toBe(expected);
    expect(isCamelCase(camelCase(input))).toBe(true);
  });
});

describe('PascalCase schema names', () => {
  it.each([
    ['accounts-export-report-arguments', 'AccountsExportReportArguments'],
    ['Campaign-2', 'Campaign2'],
    ['AggregationResult-csv', 'AggregationResultCsv'],
    ['v1ListUserGrantRequest', 'V1ListUserGrantRequest'],
    ['rpcStatus', 'RpcStatus'],
    ['IDPConfig', 'IDPConfig'],
    ['2fa', 'Schema2fa'],
    ['ÜberName', 'UberName'],
    ['a.b', 'AB'],
  ])('%s → %s', (input, expected) => {
    expect(pascalCase(input)).toBe(expected);
    expect(isPascalIdentifier(pascalCase(input))).toBe(true);
  });
});

describe('rebasing', () => {
  const zitadel = {
    id: 'apidocs',
    url: '',
    format: 'swagger-2.0',
    rebase: [
      { operationIdPrefix: 'AdminService_', prefix: '/admin/v1' },
      { operationIdPrefix: 'ManagementService_', prefix: '/management/v1' },
      { pathPrefix: '/v2/', prefix: '' },
    ],
  };
  it.each([
    ['/idps/{idpId_1}/_deactivate', 'AdminService_DeactivateIDP', '/admin/v1/idps/{idpId_1}/_deactivate'],
    ['/users/{id}/_lock', 'ManagementService_LockUser', '/management/v1/users/{id}/_lock'],
    ['/v2/users/{userId}', 'UserService_GetUserByID', '/v2/users/{userId}'],
    ['/system/x', 'SystemService_X', undefined],
  ])('%s (%s) → %s', (route, id, expected) => expect(rebasePath(zitadel, route, id)).toBe(expected));

  it('prefixes every path of a source with its base path', () => {
    expect(rebasePath({ id: 'v3', url: '', format: '', rebase: [], basePath: '/v3' }, '/accounts', 'listAccounts')).toBe('/v3/accounts');
  });

  it('maps renamed path variables by position', () => {
    expect([...paramRenames('/idps/{idpId_1}/_deactivate', '/admin/v1/idps/{idpId}/_deactivate')!]).toEqual([['idpId_1', 'idpId']]);
    expect(paramRenames('/a/{x}', '/a')).toBeUndefined();
  });
});

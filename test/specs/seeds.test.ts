/**
 * The five endpoints the project was created from must be in the normalized specs exactly as the
 * provider documents them: method, path, parameters, and body and response fields.
 */
import { describe, expect, it } from 'vitest';
import { SpecView } from '../helpers/spec.js';

const dfns = new SpecView('dfns');
const zitadel = new SpecView('zitadel');
const sailpoint = new SpecView('sailpoint');

describe('Dfns: deactivate service account (PUT, optional force body)', () => {
  const route = '/auth/service-accounts/{serviceAccountId}/deactivate';
  it('is a PUT with a 1-64 character path id and both security schemes', () => {
    const op = dfns.operation('PUT', route);
    const id = dfns.parameters('PUT', route).get('path:serviceAccountId')!;
    expect(id.required).toBe(true);
    expect(id.schema).toMatchObject({ type: 'string', minLength: 1, maxLength: 64 });
    expect(op.security).toEqual([{ authenticationToken: [], userActionSignature: [] }]);
  });
  it('takes an optional JSON body { force?: boolean = false }', () => {
    const body = dfns.resolve(dfns.operation('PUT', route).requestBody);
    expect(body.required ?? false).toBe(false);
    const { properties, required } = dfns.shape(body.content['application/json'].schema);
    expect(properties.force).toMatchObject({ type: 'boolean', default: false });
    expect(required).not.toContain('force');
  });
  it('answers 200 with userInfo and accessTokens and their documented fields', () => {
    const { properties, required } = dfns.shape(dfns.responseSchema('PUT', route, '200'));
    expect(required).toEqual(expect.arrayContaining(['userInfo', 'accessTokens']));
    const userInfo = dfns.shape(properties.userInfo);
    expect(Object.keys(userInfo.properties)).toEqual(
      expect.arrayContaining(['username', 'name', 'userId', 'credentialUuid', 'isActive', 'isServiceAccount', 'isRegistered', 'permissionAssignments', 'orgId', 'accountId', 'permissions']),
    );
    const token = dfns.shape(dfns.resolve(properties.accessTokens).items);
    expect(Object.keys(token.properties)).toEqual(
      expect.arrayContaining(['dateCreated', 'credId', 'isActive', 'linkedUserId', 'linkedAppId', 'name', 'orgId', 'permissionAssignments', 'publicKey', 'tokenId', 'accessToken']),
    );
    const assignment = dfns.shape(dfns.resolve(userInfo.properties.permissionAssignments).items);
    expect(Object.keys(assignment.properties)).toEqual(expect.arrayContaining(['permissionName', 'permissionId', 'assignmentId', 'operations']));
  });
});

describe('Dfns: update service account (1.807.0 excerpt)', () => {
  const route = '/auth/service-accounts/{serviceAccountId}';
  it('is a PUT with a closed { name?, externalId? } body', () => {
    const schema = dfns.requestSchema('PUT', route);
    expect(Object.keys(dfns.shape(schema).properties).sort()).toEqual(['externalId', 'name']);
    expect(schema.additionalProperties).toBe(false);
    expect(dfns.operation('PUT', route).security).toEqual([{ authenticationToken: [], userActionSignature: [] }]);
  });
  it('answers with the excerpt required user and token fields', () => {
    const { properties } = dfns.shape(dfns.responseSchema('PUT', route, '200'));
    const userInfo = dfns.shape(properties.userInfo);
    expect(userInfo.required).toEqual(
      expect.arrayContaining(['username', 'name', 'userId', 'kind', 'credentialUuid', 'orgId', 'isActive', 'isServiceAccount', 'isRegistered', 'permissionAssignments']),
    );
    expect(userInfo.properties.userId).toMatchObject({ minLength: 1, maxLength: 64, pattern: '^us-[a-z0-9]{5}-[a-z0-9]{5}-[a-z0-9]{14,16}$' });
    expect(userInfo.properties.kind?.enum).toEqual(['CustomerEmployee', 'EndUser']);
    const token = dfns.shape(dfns.resolve(properties.accessTokens).items);
    expect(token.required).toEqual(
      expect.arrayContaining(['dateCreated', 'credId', 'isActive', 'kind', 'linkedUserId', 'linkedAppId', 'name', 'orgId', 'permissionAssignments', 'publicKey', 'tokenId']),
    );
    expect(token.properties.kind?.enum).toEqual(['Pat', 'ServiceAccount', 'Token', 'Code', 'Recovery', 'Temp', 'Application']);
  });
  it('lists the EU and UAE servers', () => {
    expect(dfns.doc.servers.map((s: { url: string }) => s.url)).toEqual(expect.arrayContaining(['https://api.dfns.io', 'https://api.uae.dfns.io']));
  });
});

describe('ZITADEL: v2 deactivate user', () => {
  const route = '/v2/users/{userId}/deactivate';
  it('is a POST at the root with a userId path parameter and a required object body', () => {
    expect(zitadel.parameters('POST', route).get('path:userId')?.required).toBe(true);
    const body = zitadel.resolve(zitadel.operation('POST', route).requestBody);
    expect(body.required).toBe(true);
    expect(zitadel.resolve(body.content['application/json'].schema).type).toBe('object');
  });
  it('answers 200 { details } and declares 403, 404 and default with the rpc status body', () => {
    const op = zitadel.operation('POST', route);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '403', '404', 'default']);
    const details = zitadel.shape(zitadel.shape(zitadel.responseSchema('POST', route, '200')).properties.details);
    expect(Object.keys(details.properties)).toEqual(expect.arrayContaining(['sequence', 'changeDate', 'resourceOwner', 'creationDate']));
    expect(details.properties.sequence?.type).toBe('string');
    for (const status of ['403', '404', 'default']) {
      const error = zitadel.shape(zitadel.responseSchema('POST', route, status));
      expect(Object.keys(error.properties)).toEqual(expect.arrayContaining(['code', 'message', 'details']));
    }
  });
});

describe('ZITADEL: management v1 deactivate user grant', () => {
  const route = '/management/v1/users/{userId}/grants/{grantId}/_deactivate';
  it('is a POST with userId, grantId and the optional x-zitadel-orgid header', () => {
    const params = zitadel.parameters('POST', route);
    expect(params.get('path:userId')?.required).toBe(true);
    expect(params.get('path:grantId')?.required).toBe(true);
    expect(params.get('header:x-zitadel-orgid')?.required ?? false).toBe(false);
    expect(zitadel.resolve(zitadel.operation('POST', route).requestBody).required).toBe(true);
  });
  it('answers 200 { details } and default with code (int32), message, details', () => {
    const details = zitadel.shape(zitadel.shape(zitadel.responseSchema('POST', route, '200')).properties.details);
    expect(Object.keys(details.properties)).toEqual(expect.arrayContaining(['sequence', 'creationDate', 'changeDate', 'resourceOwner']));
    const error = zitadel.shape(zitadel.responseSchema('POST', route, 'default'));
    expect(error.properties.code).toMatchObject({ type: 'integer', format: 'int32' });
    expect(zitadel.resolve(error.properties.details).type).toBe('array');
  });
});

describe('SailPoint: disable account', () => {
  const route = '/v3/accounts/{id}/disable';
  it('is a POST with the account id and a required { externalVerificationId?, forceProvisioning? } body', () => {
    expect(sailpoint.parameters('POST', route).get('path:id')?.required).toBe(true);
    const body = sailpoint.resolve(sailpoint.operation('POST', route).requestBody);
    expect(body.required).toBe(true);
    const { properties } = sailpoint.shape(body.content['application/json'].schema);
    expect(properties.externalVerificationId?.type).toBe('string');
    expect(properties.forceProvisioning?.type).toBe('boolean');
  });
  it('answers 202 with the task id and declares 400, 401, 403, 404, 429 and 500', () => {
    const op = sailpoint.operation('POST', route);
    expect(Object.keys(op.responses).sort()).toEqual(['202', '400', '401', '403', '404', '429', '500']);
    const accepted = sailpoint.shape(sailpoint.responseSchema('POST', route, '202'));
    expect(accepted.required).toContain('id');
  });
  it('describes the error bodies as the documentation shows them', () => {
    for (const status of ['400', '403', '404', '500']) {
      const dto = sailpoint.shape(sailpoint.responseSchema('POST', route, status));
      expect(Object.keys(dto.properties)).toEqual(expect.arrayContaining(['detailCode', 'trackingId', 'messages', 'causes']));
      const message = sailpoint.shape(sailpoint.resolve(dto.properties.messages).items);
      expect(Object.keys(message.properties)).toEqual(expect.arrayContaining(['locale', 'localeOrigin', 'text']));
      expect(sailpoint.resolve(message.properties.localeOrigin).enum).toEqual(['DEFAULT', 'REQUEST', null]);
    }
    expect(Object.keys(sailpoint.shape(sailpoint.responseSchema('POST', route, '401')).properties)).toEqual(['error']);
    expect(Object.keys(sailpoint.shape(sailpoint.responseSchema('POST', route, '429')).properties)).toEqual(['message']);
    const tooMany = sailpoint.resolve(sailpoint.operation('POST', route).responses['429']);
    expect(Object.keys(tooMany.headers ?? {})).toContain('Retry-After');
  });
});

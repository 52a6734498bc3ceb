import { describe, expect, it } from 'vitest';
import { inspect } from 'node:util';
import {
  ProviderApiError,
  ProviderConfigError,
  ProviderError,
  ProviderNetworkError,
  ProviderTimeoutError,
  isProviderApiError,
  isProviderConfigError,
  isProviderError,
  isProviderNetworkError,
  isProviderTimeoutError,
} from '../../../src/core/index.js';

const secretToken = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJzZWNyZXQifQ.c2VjcmV0LXNpZ25hdHVyZQ';

describe('errors', () => {
  const api = new ProviderApiError({
    provider: 'dfns',
    operationId: 'getUser',
    method: 'GET',
    url: `https://api.dfns.io/auth/users/us-1?access_token=${secretToken}`,
    status: 403,
    code: `forbidden for Bearer ${secretToken}`,
    trackingId: 'req-1',
    retryAfterMs: 1000,
    providerMessage: `token ${secretToken} lacks permission`,
    body: { echoed: secretToken },
  });
  const timeout = new ProviderTimeoutError({ provider: 'zitadel', operationId: 'getUser', method: 'GET', url: 'https://z.test/u', timeoutMs: 5 });
  const network = new ProviderNetworkError({
    provider: 'sailpoint',
    method: 'POST',
    url: 'https://s.test/x',
    cause: Object.assign(new Error(`socket hang up, Authorization: Bearer ${secretToken}`), { code: 'ECONNRESET' }),
  });
  const config = new ProviderConfigError('signer missing', { provider: 'dfns', operationId: 'deactivateUser', method: 'PUT', url: 'https://api.dfns.io/x' });

  it('type guards tell the classes apart', () => {
    for (const err of [api, timeout, network, config]) expect(isProviderError(err)).toBe(true);
    expect([api, timeout, network, config].map(isProviderApiError)).toEqual([true, false, false, false]);
    expect([api, timeout, network, config].map(isProviderTimeoutError)).toEqual([false, true, false, false]);
    expect([api, timeout, network, config].map(isProviderNetworkError)).toEqual([false, false, true, false]);
    expect([api, timeout, network, config].map(isProviderConfigError)).toEqual([false, false, false, true]);
    expect(isProviderError(new Error('x'))).toBe(false);
    expect(isProviderApiError({ status: 500 })).toBe(false);
    expect(api).toBeInstanceOf(ProviderError);
  });

  it('messages carry provider, operation, method and URL', () => {
    expect(api.message).toBe('dfns getUser: GET https://api.dfns.io/auth/users/us-1?access_token=%5BREDACTED%5D failed with HTTP 403: token [REDACTED] lacks permission');
    expect(String(timeout)).toBe('ProviderTimeoutError: zitadel getUser: GET https://z.test/u timed out after 5 ms');
    expect(network.message).toBe('sailpoint: POST https://s.test/x failed before an answer arrived (ECONNRESET)');
    expect(config.message).toBe('dfns deactivateUser: PUT https://api.dfns.io/x: signer missing');
    expect(new ProviderConfigError('bad', { provider: 'dfns' }).message).toBe('dfns: bad');
  });

  it('serializes to a log-safe object', () => {
    expect(JSON.parse(JSON.stringify(api))).toEqual({
      name: 'ProviderApiError',
      message: api.message,
      provider: 'dfns',
      operationId: 'getUser',
      method: 'GET',
      url: 'https://api.dfns.io/auth/users/us-1?access_token=%5BREDACTED%5D',
      status: 403,
      code: 'forbidden for Bearer [REDACTED]',
      trackingId: 'req-1',
      retryAfterMs: 1000,
    });
    expect(JSON.parse(JSON.stringify(network))).toMatchObject({ name: 'ProviderNetworkError', causeCode: 'ECONNRESET' });
    expect(JSON.parse(JSON.stringify(timeout))).toMatchObject({ timeoutMs: 5 });
  });

  it('never shows the secret in message, String, JSON, stack or inspect', () => {
    for (const err of [api, timeout, network, config]) {
      for (const text of [err.message, String(err), JSON.stringify(err), err.stack ?? '', inspect(err, { depth: 0 })]) {
        expect(text).not.toContain(secretToken);
      }
    }
    // The parsed body stays available to code that asks for it.
    expect(api.body).toEqual({ echoed: secretToken });
  });
});

import { describe, expect, it } from 'vitest';
import { assertBaseUrl, assertHeaderValue, encodePathParam, isLoopbackHost, isProviderConfigError, redact, redactUrl } from '../../../src/core/index.js';

describe('assertBaseUrl', () => {
  it.each([
    ['https://api.dfns.io', 'https://api.dfns.io'],
    ['https://api.dfns.io/', 'https://api.dfns.io'],
    ['https://gw.example.com/dfns/', 'https://gw.example.com/dfns'],
    ['http://127.0.0.1:4010', 'http://127.0.0.1:4010'],
    ['http://127.255.0.9', 'http://127.255.0.9'],
    ['http://localhost:3000/', 'http://localhost:3000'],
    ['http://[::1]:8080', 'http://[::1]:8080'],
  ])('accepts %s', (input, normalized) => {
    expect(assertBaseUrl(input)).toBe(normalized);
  });

  it.each([
    'http://api.dfns.io',
    'http://10.0.0.1',
    'http://localhost.evil.com',
    'http://127.0.0.1.nip.io',
    'ws://127.0.0.1',
    'file:///etc/passwd',
    'api.dfns.io',
    'https://user:pass@api.dfns.io',
    'https://api.dfns.io/?x=1',
    'https://api.dfns.io/#x',
  ])('refuses %s', (input) => {
    let caught: unknown;
    try {
      assertBaseUrl(input, 'dfns');
    } catch (err) {
      caught = err;
    }
    expect(isProviderConfigError(caught)).toBe(true);
    // The refusal never echoes credentials.
    expect(String(caught)).not.toContain('pass');
  });

  it('classifies loopback hosts', () => {
    expect(isLoopbackHost('127.0.0.1')).toBe(true);
    expect(isLoopbackHost('[::1]')).toBe(true);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('127.0.0.256')).toBe(false);
  });
});

describe('assertHeaderValue', () => {
  it.each(['a\rb', 'a\nb', 'a\r\nX: y', 'a\0'])('refuses %j without echoing it', (value) => {
    expect(() => assertHeaderValue('Authorization', value)).toThrow(/Authorization/);
    try {
      assertHeaderValue('Authorization', `secret-${value}`);
    } catch (err) {
      expect(String(err)).not.toContain('secret-');
    }
  });
  it('passes ordinary values through', () => {
    expect(assertHeaderValue('X', 'Bearer abc.def')).toBe('Bearer abc.def');
  });
});

describe('encodePathParam', () => {
  it.each([
    ['../x', '..%2Fx'],
    ['a/b', 'a%2Fb'],
    ['?', '%3F'],
    ['#', '%23'],
    ['%2F', '%252F'],
    ["it's (*)!", 'it%27s%20%28%2A%29%21'],
    [42, '42'],
    ['😀', '%F0%9F%98%80'],
  ])('%j -> %s', (input, expected) => {
    expect(encodePathParam(input)).toBe(expected);
  });
  it('accepts bigint ids', () => {
    expect(encodePathParam(10n)).toBe('10');
  });
  it.each(['', '.', '..', '\ud800', 'a\udc00b', {}, null, undefined, Number.NaN])('refuses %j', (input) => {
    expect(() => encodePathParam(input)).toThrow();
  });
});

describe('redact / redactUrl', () => {
  it('masks given secrets and token-shaped text', () => {
    const jwt = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlLXZhbHVl';
    const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIA==\n-----END PRIVATE KEY-----';
    const text = redact(`token ${jwt} key ${pem} auth Bearer abc123 pw hunter22`, ['hunter22']);
    expect(text).toBe('token [REDACTED] key [REDACTED] auth Bearer [REDACTED] pw [REDACTED]');
  });

  it('masks secret-looking query values, user info and fragments in URLs', () => {
    expect(redactUrl('https://u:p@x.test/a%2Fb?client_secret=s3&limit=5&access_token=t&sig=1#frag')).toBe(
      'https://x.test/a%2Fb?client_secret=%5BREDACTED%5D&limit=5&access_token=%5BREDACTED%5D&sig=%5BREDACTED%5D',
    );
    expect(redactUrl('not a url Bearer zzz')).toBe('not a url Bearer [REDACTED]');
  });
});

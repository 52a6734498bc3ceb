/**
 * A secret made of `/ + = `, spaces and non-ASCII characters never shows, in any encoding (raw,
 * percent-encoded, form-encoded, base64 and base64url of the credential pair, UTF-8 read back as
 * latin1), in `message`, `String()`, `JSON.stringify`, `util.inspect(err, { depth: 10 })`,
 * `stack` or `cause`, whatever the server sends back: the request echoed in a JSON or text body,
 * in the reason phrase, in response headers, or in an HTML page behind a 200.
 */
import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createDfnsClient, createSailPointClient, createZitadelClient, isProviderApiError } from '../../../src/index.js';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';
import { expectTypedAndClean, rejection, secretEncodings, TRANSPORTS } from './harness.js';

const CLIENT_ID = 'cid-7f3e21c0';
/** Non-ASCII can only travel in a body (the SailPoint token form); header tokens are ASCII. */
const CLIENT_SECRET = 'Sx/9+kQ= zä€R7/w+==';
const MINTED = 'minted/Ac+9=tok+/x';
const PAT = 'pat/Q2w9+Rz71m=N';
const DFNS_TOKEN = 'dfns/Tk3+Lq9=Zw';

let server: LoopbackServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Everything the server knows about the request, in every encoding of every secret in it. */
function echoOf(req: RecordedRequest, secrets: [string, string?][]): string {
  const parts = [req.body, JSON.stringify(req.headers)];
  for (const [secret, id] of secrets) parts.push(...secretEncodings(secret, id));
  return parts.join(' | ');
}

/** A header-safe form of `text`: its UTF-8 bytes as latin1, control characters dropped. */
const wire = (text: string): string => Buffer.from(text, 'utf8').toString('latin1').replace(/[\0-\x1f\x7f]/g, ' ');

type Place = (res: ServerResponse, status: number, echo: string) => void;
const places: [string, Place][] = [
  ['a JSON error body', (res, status, echo) => json(res, status, { error: echo, error_description: echo, message: echo, detailCode: echo, trackingId: echo, messages: [{ text: echo }], code: echo })],
  ['a JSON error body nested', (res, status, echo) => json(res, status, { error: { message: echo }, rpcStatus: { code: 3, message: echo } })],
  ['a text body', (res, status, echo) => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    res.end(echo);
  }],
  ['the reason phrase', (res, status, echo) => {
    res.writeHead(status, wire(echo).slice(0, 4000), { 'content-length': '0' });
    res.end();
  }],
  ['response headers', (res, status, echo) => {
    res.writeHead(status, { 'x-request-id': wire(echo), 'www-authenticate': `Bearer error="${wire(echo)}"`, 'retry-after': wire(echo), 'content-type': 'application/json' });
    res.end('{}');
  }],
  ['an HTML page behind a 200', (res, _status, echo) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<html><body><pre>${echo}</pre></body></html>`);
  }],
  ['truncated JSON behind a 200', (res, _status, echo) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(`{"access_token":"${echo.slice(0, 3000)}`);
  }],
];

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) });
  res.end(text);
}

/** Error statuses for the places that take one; the 200 places ignore it, so they run once. */
const statuses = [401, 500];
const statusesFor = (place: string): number[] => (place.includes('behind a 200') ? [200] : statuses);

describe.each(TRANSPORTS)('no secret in any error view over %s', (_name, transport) => {
  describe.each(places)('echoed in %s', (placeName, place) => {
    it.each(statusesFor(placeName))('sailpoint token endpoint answering %i', async (status) => {
      server = await startLoopbackServer((req, res) => place(res, status, echoOf(req, [[CLIENT_SECRET, CLIENT_ID]])));
      const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false, fetch: transport() });
      const err = await rejection(isc.accounts.get('a1'));
      expectTypedAndClean(err, secretEncodings(CLIENT_SECRET, CLIENT_ID));
      expect(server.requests[0]?.body).toContain(new URLSearchParams([['client_secret', CLIENT_SECRET]]).toString());
    });

    it.each(statusesFor(placeName))('sailpoint API call answering %i with the minted token echoed', async (status) => {
      server = await startLoopbackServer((req, res) => {
        if (req.url === '/oauth/token') return json(res, 200, { access_token: MINTED, expires_in: 3600 });
        return place(res, status, echoOf(req, [[MINTED], [CLIENT_SECRET, CLIENT_ID]]));
      });
      const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false, fetch: transport() });
      const err = await rejection(isc.accounts.get('a1'));
      expectTypedAndClean(err, [...secretEncodings(CLIENT_SECRET, CLIENT_ID), ...secretEncodings(MINTED)]);
    });

    it.each(statusesFor(placeName))('zitadel bearer call answering %i', async (status) => {
      server = await startLoopbackServer((req, res) => place(res, status, echoOf(req, [[PAT]])));
      const zitadel = createZitadelClient({ baseUrl: server.baseUrl, token: PAT, retry: false, fetch: transport() });
      const errors = [await rejection(zitadel.users.get('u1')), await rejection(zitadel.users.deactivate('u1'))];
      for (const err of errors) expectTypedAndClean(err, secretEncodings(PAT));
    });

    it.each(statusesFor(placeName))('dfns bearer call answering %i', async (status) => {
      server = await startLoopbackServer((req, res) => place(res, status, echoOf(req, [[DFNS_TOKEN]])));
      const dfns = createDfnsClient({ baseUrl: server.baseUrl, token: () => DFNS_TOKEN, retry: false, fetch: transport() });
      const err = await rejection(dfns.users.get('us-1'));
      expectTypedAndClean(err, secretEncodings(DFNS_TOKEN));
    });
  });

  it('an error keeps only a bounded, redacted excerpt of the body', async () => {
    const big = `${CLIENT_SECRET} `.repeat(20_000);
    server = await startLoopbackServer((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(big);
    });
    const isc = createSailPointClient({ baseUrl: server.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, retry: false, fetch: transport() });
    const err = await rejection(isc.accounts.get('a1'));
    expectTypedAndClean(err, secretEncodings(CLIENT_SECRET, CLIENT_ID));
    expect(isProviderApiError(err)).toBe(true);
    expect((err as Error).message.length).toBeLessThan(1_000);
    const body = (err as { body?: unknown }).body;
    const bodyText = typeof body === 'string' ? body : JSON.stringify(body ?? '');
    expect(bodyText.length).toBeLessThanOrEqual(64 * 1024);
    for (const form of secretEncodings(CLIENT_SECRET, CLIENT_ID)) expect(bodyText).not.toContain(form);
  });
});

/**
 * Redirects never carry a secret to another origin, nor from https to plain http, and never
 * resolve a call: for every secret-bearing request of every provider (SailPoint's token form with
 * the client secret, bearer calls, ZITADEL's JWT assertion, a Dfns signed PUT with its
 * X-DFNS-USERACTION header), on the global fetch and on a dispatcher. The 3xx surfaces as a
 * typed error naming the status and the target origin.
 */
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createDfnsClient,
  createSailPointClient,
  createZitadelClient,
  dispatcherFetch,
  isProviderRedirectError,
  ProviderRedirectError,
  type FetchLike,
} from '../../../src/index.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';
import { expectTypedAndClean, nodeDispatcher, rejection, secretEncodings, selfSignedCert, TRANSPORTS } from './harness.js';

const CLIENT_ID = 'cid-7f3e21c0';
const CLIENT_SECRET = 'Sx/9+kQ= zä€R7/w+==';
const PAT = 'pat/Q2w9+Rz71m=N';
const DFNS_TOKEN = 'dfns/Tk3+Lq9=Zw';
const USER_ACTION = 'ua-6f1c/9+e2=';
const MINTED = 'minted/Ac+9=tok';

const { privateKey: rsaKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = rsaKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const { privateKey: edKey } = generateKeyPairSync('ed25519');

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** The other origin: answers everything with a foreign token, and must never be asked. */
async function startSink(): Promise<LoopbackServer> {
  const sink = await startLoopbackServer((_req, res) => sendJson(res, 200, { access_token: 'foreign-token', expires_in: 3600, userAction: 'foreign-ua', items: [] }));
  servers.push(sink);
  return sink;
}

async function start(handler: (req: RecordedRequest, res: import('node:http').ServerResponse) => unknown): Promise<LoopbackServer> {
  const server = await startLoopbackServer(handler);
  servers.push(server);
  return server;
}

const redirect = (res: import('node:http').ServerResponse, status: number, location: string): void => {
  res.writeHead(status, { location, 'content-type': 'application/json' });
  res.end(JSON.stringify({ moved: location }));
};

function expectRefusedRedirect(err: unknown, status: number, target: string, secrets: string[]): void {
  expectTypedAndClean(err, secrets);
  expect(err).toBeInstanceOf(ProviderRedirectError);
  expect(isProviderRedirectError(err)).toBe(true);
  const e = err as ProviderRedirectError;
  expect(e.status).toBe(status);
  expect(e.targetOrigin).toBe(new URL(target).origin);
  expect(e.message).toContain(String(status));
  expect(e.message).toContain(new URL(target).origin);
}

const sailpointSecrets = secretEncodings(CLIENT_SECRET, CLIENT_ID);

describe.each(TRANSPORTS)('redirects over %s', (_name, transport) => {
  describe('sailpoint', () => {
    it('the token form with client_secret is not re-posted to another origin, and no foreign token is used', async () => {
      const sink = await startSink();
      const isc = await start((req, res) => {
        if (req.url === '/oauth/token') return redirect(res, 307, `${sink.baseUrl}/oauth/token`);
        return sendJson(res, 200, { id: 'a1' });
      });
      const client = createSailPointClient({ baseUrl: isc.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: transport() });
      const err = await rejection(client.accounts.get('a1'));
      expectRefusedRedirect(err, 307, sink.baseUrl, sailpointSecrets);
      expect((err as ProviderRedirectError).operationId).toBe('createOauthToken');
      expect(sink.requests).toHaveLength(0);
      expect(isc.requests.map((r) => r.url)).toEqual(['/oauth/token']);
    });

    it('a bearer call is not sent to another origin', async () => {
      const sink = await startSink();
      const isc = await start((req, res) => {
        if (req.url === '/oauth/token') return sendJson(res, 200, { access_token: MINTED, expires_in: 3600 });
        return redirect(res, 302, `${sink.baseUrl}/v3/accounts/a1`);
      });
      const client = createSailPointClient({ baseUrl: isc.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: transport() });
      const err = await rejection(client.accounts.get('a1'));
      expectRefusedRedirect(err, 302, sink.baseUrl, [...sailpointSecrets, ...secretEncodings(MINTED)]);
      expect(sink.requests).toHaveLength(0);
    });

    it('a same-origin redirect of the token request is not followed either', async () => {
      const isc = await start((req, res) => {
        if (req.url === '/oauth/token') return redirect(res, 308, '/oauth/token2');
        return sendJson(res, 200, { access_token: 'elsewhere', expires_in: 3600 });
      });
      const client = createSailPointClient({ baseUrl: isc.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: transport() });
      const err = await rejection(client.accounts.get('a1'));
      expectRefusedRedirect(err, 308, isc.baseUrl, sailpointSecrets);
      expect(isc.requests.map((r) => r.url)).toEqual(['/oauth/token']);
    });
  });

  describe('zitadel', () => {
    it('the JWT profile assertion is not re-posted to another origin', async () => {
      const sink = await startSink();
      const assertions: string[] = [];
      const zitadel = await start((req, res) => {
        if (req.url === '/oauth/v2/token') {
          assertions.push(new URLSearchParams(req.body).get('assertion') ?? '');
          return redirect(res, 307, `${sink.baseUrl}/oauth/v2/token`);
        }
        return sendJson(res, 200, { user: { userId: 'u1' } });
      });
      const client = createZitadelClient({ baseUrl: zitadel.baseUrl, serviceAccountKey: { keyId: 'k1', key: PEM, userId: 'm1' }, fetch: transport() });
      const err = await rejection(client.users.get('u1'));
      expect(assertions).toHaveLength(1);
      expectRefusedRedirect(err, 307, sink.baseUrl, [assertions[0]!, ...PEM.split('\n').filter((l) => l.length > 20)]);
      expect(sink.requests).toHaveLength(0);
      expect(zitadel.requests).toHaveLength(1);
    });

    it.each([
      ['a bearer read', 301, (c: ReturnType<typeof createZitadelClient>) => c.users.get('u1')],
      ['a bearer state change', 308, (c: ReturnType<typeof createZitadelClient>) => c.users.deactivate('u1')],
    ])('%s is not sent to another origin', async (_what, status, call) => {
      const sink = await startSink();
      const zitadel = await start((req, res) => redirect(res, status, `${sink.baseUrl}${req.url}`));
      const client = createZitadelClient({ baseUrl: zitadel.baseUrl, token: PAT, fetch: transport() });
      const err = await rejection(call(client));
      expectRefusedRedirect(err, status, sink.baseUrl, secretEncodings(PAT));
      expect(sink.requests).toHaveLength(0);
    });
  });

  describe('dfns', () => {
    /** A Dfns stand-in that signs everything and redirects the request `redirectPath` matches. */
    async function dfns(redirectPath: RegExp, target: string, status = 307) {
      return start((req, res) => {
        if (redirectPath.test(`${req.method} ${req.url}`)) return redirect(res, status, target);
        if (req.url === '/auth/action/init') {
          return sendJson(res, 200, { challenge: 'ch-1', challengeIdentifier: 'ci-1', allowCredentials: { key: [{ type: 'public-key', id: 'cred-1' }], webauthn: [] } });
        }
        if (req.url === '/auth/action') return sendJson(res, 200, { userAction: USER_ACTION });
        return sendJson(res, 200, { userId: 'us-1', isActive: true });
      });
    }
    const dfnsSecrets = [...secretEncodings(DFNS_TOKEN), ...secretEncodings(USER_ACTION)];

    it('a signed PUT with X-DFNS-USERACTION is not re-sent to another origin and does not resolve { changed: true }', async () => {
      const sink = await startSink();
      const moved = await dfns(/^PUT /, `${sink.baseUrl}/auth/users/us-1/activate`);
      const client = createDfnsClient({ baseUrl: moved.baseUrl, token: DFNS_TOKEN, signer: { credId: 'cred-1', privateKey: edKey }, fetch: transport() });
      const err = await rejection(client.users.activate('us-1'));
      expectRefusedRedirect(err, 307, sink.baseUrl, dfnsSecrets);
      expect(sink.requests).toHaveLength(0);
      expect(moved.requests.filter((r) => r.method === 'PUT')).toHaveLength(1);
      expect(moved.requests.find((r) => r.method === 'PUT')?.headers['x-dfns-useraction']).toBe(USER_ACTION);
    });

    it('the signing round-trip is not redirected to another origin', async () => {
      const sink = await startSink();
      const api = await dfns(/^POST \/auth\/action$/, `${sink.baseUrl}/auth/action`);
      const client = createDfnsClient({ baseUrl: api.baseUrl, token: DFNS_TOKEN, signer: { credId: 'cred-1', privateKey: edKey }, fetch: transport() });
      const err = await rejection(client.users.deactivate('us-1'));
      expectRefusedRedirect(err, 307, sink.baseUrl, dfnsSecrets);
      expect((err as ProviderRedirectError).operationId).toBe('createUserActionSignature');
      expect(sink.requests).toHaveLength(0);
      expect(api.requests.filter((r) => r.method === 'PUT')).toHaveLength(0);
    });

    it('a bearer read is not sent to another origin', async () => {
      const sink = await startSink();
      const api = await dfns(/^GET /, `${sink.baseUrl}/auth/users/us-1`, 302);
      const client = createDfnsClient({ baseUrl: api.baseUrl, token: DFNS_TOKEN, fetch: transport() });
      const err = await rejection(client.users.get('us-1'));
      expectRefusedRedirect(err, 302, sink.baseUrl, dfnsSecrets);
      expect(sink.requests).toHaveLength(0);
    });
  });
});

describe('redirects from https to plain http', () => {
  let tls: { key: string; cert: string };
  beforeAll(() => {
    tls = selfSignedCert();
  });

  /** An https server on loopback answering every request with a redirect to `target`. */
  async function startTlsRedirector(target: (path: string) => string): Promise<{ baseUrl: string; paths: string[] }> {
    const paths: string[] = [];
    const server: HttpsServer = createHttpsServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      req.resume();
      paths.push(`${req.method} ${req.url}`);
      res.writeHead(307, { location: target(req.url ?? '/') });
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({
      close: () =>
        new Promise<void>((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        }),
    });
    return { baseUrl: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, paths };
  }

  const tlsFetch = (): FetchLike => dispatcherFetch(nodeDispatcher({ ca: tls.cert }));

  it('sailpoint: the token form never travels to http', async () => {
    const sink = await startSink();
    const isc = await startTlsRedirector((path) => `${sink.baseUrl}${path}`);
    const client = createSailPointClient({ baseUrl: isc.baseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, fetch: tlsFetch() });
    const err = await rejection(client.accounts.get('a1'));
    expectRefusedRedirect(err, 307, sink.baseUrl, sailpointSecrets);
    expect(isc.paths).toEqual(['POST /oauth/token']);
    expect(sink.requests).toHaveLength(0);
  });

  it('zitadel: a bearer call never travels to http, even on the same host and port', async () => {
    const sink = await startSink();
    let port = '';
    const zitadel = await startTlsRedirector((path) => `http://127.0.0.1:${port}${path}`);
    port = new URL(zitadel.baseUrl).port;
    const client = createZitadelClient({ baseUrl: zitadel.baseUrl, token: PAT, fetch: tlsFetch() });
    const err = await rejection(client.users.get('u1'));
    expectRefusedRedirect(err, 307, `http://127.0.0.1:${port}`, secretEncodings(PAT));
    expect(zitadel.paths).toEqual(['GET /v2/users/u1']);
    expect(sink.requests).toHaveLength(0);
  });

  it('dfns: a bearer call never travels to http', async () => {
    const sink = await startSink();
    const api = await startTlsRedirector((path) => `${sink.baseUrl}${path}`);
    const client = createDfnsClient({ baseUrl: api.baseUrl, token: DFNS_TOKEN, fetch: tlsFetch() });
    const err = await rejection(client.users.get('us-1'));
    expectRefusedRedirect(err, 307, sink.baseUrl, secretEncodings(DFNS_TOKEN));
    expect(sink.requests).toHaveLength(0);
  });
});

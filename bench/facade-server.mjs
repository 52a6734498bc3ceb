/**
 * The loopback API the facade bench calls: a keep-alive `node:http` server on 127.0.0.1 that
 * answers the operations of the three providers with fixed, pre-serialized bodies. It runs in a
 * worker thread of the bench process (its own event loop, so serving does not steal time from the
 * clients being measured) and posts its port to the parent once it listens.
 *
 * Every request body is read to the end before the answer is sent, as a real server would.
 * Plain JavaScript, so the worker needs no TypeScript loader.
 */
import { createServer } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ credId: string }} */
const { credId } = workerData;

/** @param {unknown} value */
const json = (value) => Buffer.from(JSON.stringify(value));

const ANSWERS = {
  zitadelDeactivate: json({ details: { sequence: '7', changeDate: '2025-04-03T16:22:47.530Z', resourceOwner: '289639998226383881' } }),
  dfnsInit: json({
    supportedCredentialKinds: [{ kind: 'Key', factor: 'either', requiresSecondFactor: false }],
    challenge: 'Y2gtYmVuY2gtY2hhbGxlbmdl',
    challengeIdentifier: 'eyJhbGciOiJFZERTQSJ9.eyJjaGFsbGVuZ2UiOiJjaC1iZW5jaCJ9.c2ln',
    externalAuthenticationUrl: '',
    allowCredentials: { key: [{ type: 'public-key', id: credId }], webauthn: [] },
    userVerification: 'required',
  }),
  dfnsAction: json({ userAction: 'eyJhbGciOiJFZERTQSJ9.eyJhY3Rpb24iOiJQVVQifQ.dXNlci1hY3Rpb24' }),
  dfnsDeactivate: json({
    userInfo: { userId: 'us-bench', username: 'Bench service account', kind: 'Application', isActive: false, isServiceAccount: true, orgId: 'or-bench' },
    accessTokens: [],
  }),
  sailpointToken: json({ access_token: 'bench-access-token', token_type: 'bearer', expires_in: 86_400 }),
  sailpointDisable: json({ id: '2c91808474683da6017468693c260195' }),
  notFound: json({ error: 'not found' }),
};

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {Buffer} body
 */
function send(res, status, body) {
  // No Date header: one thing less per answer, so the server stays ahead of the fastest client.
  res.sendDate = false;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': body.byteLength });
  res.end(body);
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @returns {[number, Buffer]}
 */
function route(req) {
  const url = req.url ?? '';
  const method = req.method ?? 'GET';
  if (method === 'POST' && url.startsWith('/v2/users/') && url.endsWith('/deactivate')) return [200, ANSWERS.zitadelDeactivate];
  if (method === 'POST' && url === '/auth/action/init') return [200, ANSWERS.dfnsInit];
  if (method === 'POST' && url === '/auth/action') return [200, ANSWERS.dfnsAction];
  if (method === 'PUT' && url.startsWith('/auth/service-accounts/') && url.endsWith('/deactivate')) return [200, ANSWERS.dfnsDeactivate];
  if (method === 'POST' && url === '/oauth/token') return [200, ANSWERS.sailpointToken];
  if (method === 'POST' && url.startsWith('/v3/accounts/') && url.endsWith('/disable')) return [202, ANSWERS.sailpointDisable];
  return [404, ANSWERS.notFound];
}

const server = createServer({ keepAlive: true, keepAliveTimeout: 60_000 }, (req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    const [status, body] = route(req);
    send(res, status, body);
  });
});
server.keepAliveTimeout = 60_000;
server.headersTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  parentPort?.postMessage({ port: typeof address === 'object' && address ? address.port : 0 });
});
parentPort?.on('message', (message) => {
  if (message === 'close') {
    server.closeAllConnections();
    server.close(() => process.exit(0));
  }
});

/**
 * A loopback stand-in for the Dfns API that enforces User Action Signing the way the real service
 * does: it verifies the Key assertion's signature with the registered public key, and accepts a
 * state-changing request only with an unused user action token bound to exactly that method,
 * path and body.
 */
import { randomBytes, verify, type KeyObject } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { operations } from '../../../generated/dfns/operations.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../../helpers/loopback-server.js';

/** What the server saw for one signed request. */
export interface SignedExchange {
  /** The init payload the client declared. */
  init: { userActionHttpMethod: string; userActionHttpPath: string; userActionPayload: string; userActionServerKind?: string };
  clientData: string;
  /** base64url signature as sent. */
  signature: string;
  challengeIdentifier: string;
  userAction: string;
  /** The real request that used the token. */
  request?: RecordedRequest;
}

export interface DfnsFakeOptions {
  token: string;
  /** credId → public key. */
  keys: Record<string, KeyObject>;
  /** credIds the init answer lists as allowed (default: every registered key). */
  allowed?: string[];
  /** Business answer for non-signing endpoints (after the user action check passed). */
  handle: (req: RecordedRequest, res: ServerResponse, ctx: { path: string; query: URLSearchParams; operationId: string | undefined }) => void | Promise<void>;
  /** Optional hook before the built-in /auth/action* handling (to inject failures). */
  before?: (req: RecordedRequest, res: ServerResponse) => boolean | Promise<boolean>;
}

export interface DfnsFake extends LoopbackServer {
  exchanges: SignedExchange[];
  /** Problems found while checking requests (empty when everything verified). */
  violations: string[];
}

const templates = Object.entries(operations).map(([operationId, op]) => ({
  operationId,
  op,
  pattern: new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

function findOperation(method: string, path: string) {
  return templates.find((t) => t.op.method === method && t.pattern.test(path));
}

function fail(res: ServerResponse, status: number, message: string, violations: string[]): void {
  violations.push(message);
  sendJson(res, status, { error: { message } });
}

export async function startDfnsFake(options: DfnsFakeOptions): Promise<DfnsFake> {
  const exchanges: SignedExchange[] = [];
  const violations: string[] = [];
  const challenges = new Map<string, { challenge: string; init: SignedExchange['init'] }>();
  const userActions = new Map<string, SignedExchange>();

  const server = await startLoopbackServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    if (req.headers.authorization !== `Bearer ${options.token}`) return fail(res, 401, 'not authenticated', violations);
    if (options.before && (await options.before(req, res))) return;

    if (req.method === 'POST' && url.pathname === '/auth/action/init') {
      const init = JSON.parse(req.body) as SignedExchange['init'];
      const challenge = randomBytes(16).toString('base64url');
      const challengeIdentifier = `ci-${randomBytes(12).toString('hex')}`;
      challenges.set(challengeIdentifier, { challenge, init });
      return sendJson(res, 200, {
        challenge,
        challengeIdentifier,
        allowCredentials: { key: (options.allowed ?? Object.keys(options.keys)).map((id) => ({ type: 'public-key', id })), webauthn: [] },
        supportedCredentialKinds: [{ kind: 'Key', factor: 'first', requiresSecondFactor: false }],
        userVerification: 'required',
        attestation: 'direct',
        externalAuthenticationUrl: '',
      });
    }

    if (req.method === 'POST' && url.pathname === '/auth/action') {
      const body = JSON.parse(req.body) as {
        challengeIdentifier: string;
        firstFactor: { kind: string; credentialAssertion: { credId: string; clientData: string; signature: string } };
      };
      const pending = challenges.get(body.challengeIdentifier);
      challenges.delete(body.challengeIdentifier); // a challenge is answered once
      if (!pending) return fail(res, 400, 'unknown or used challenge', violations);
      const { kind, credentialAssertion: a } = body.firstFactor;
      const key = options.keys[a.credId];
      if (kind !== 'Key' || !key) return fail(res, 403, 'credential not registered', violations);
      const clientDataBytes = Buffer.from(a.clientData, 'base64url');
      const clientData = JSON.parse(clientDataBytes.toString('utf8')) as { type: string; challenge: string };
      if (clientData.type !== 'key.get' || clientData.challenge !== pending.challenge) return fail(res, 403, 'client data does not match', violations);
      const algorithm = key.asymmetricKeyType === 'ed25519' ? null : 'sha256';
      const ok = verify(algorithm, clientDataBytes, key.asymmetricKeyType === 'ec' ? { key, dsaEncoding: 'der' } : key, Buffer.from(a.signature, 'base64url'));
      if (!ok) return fail(res, 403, 'invalid signature', violations);
      const userAction = `ua-${randomBytes(16).toString('hex')}`;
      const exchange: SignedExchange = { init: pending.init, clientData: clientDataBytes.toString('utf8'), signature: a.signature, challengeIdentifier: body.challengeIdentifier, userAction };
      exchanges.push(exchange);
      userActions.set(userAction, exchange);
      return sendJson(res, 200, { userAction });
    }

    const found = findOperation(req.method, url.pathname);
    if (found && found.op.security.some((s) => (s as readonly string[]).includes('userActionSignature'))) {
      const header = req.headers['x-dfns-useraction'];
      const exchange = typeof header === 'string' ? userActions.get(header) : undefined;
      if (!exchange) return fail(res, 403, 'missing or used user action signature', violations);
      userActions.delete(header as string); // one use only
      exchange.request = req;
      if (exchange.init.userActionHttpMethod !== req.method) return fail(res, 403, 'signed method differs', violations);
      if (exchange.init.userActionHttpPath !== url.pathname) return fail(res, 403, 'signed path differs', violations);
      if (exchange.init.userActionPayload !== req.body) return fail(res, 403, 'signed payload differs from the body', violations);
    }
    return options.handle(req, res, { path: url.pathname, query: url.searchParams, operationId: found?.operationId });
  });
  return Object.assign(server, { exchanges, violations });
}

/** A plausible Dfns user record. */
export function fakeUser(userId: string, isActive = true) {
  return {
    username: `${userId}@example.org`,
    name: userId,
    userId,
    kind: 'CustomerEmployee' as const,
    credentialUuid: 'cr-1',
    orgId: 'or-1',
    isActive,
    isServiceAccount: false,
    isRegistered: true,
    isSSORequired: false,
    permissionAssignments: [],
  };
}

/** A plausible Dfns service account. */
export function fakeServiceAccount(userId: string, isActive = true) {
  const { isSSORequired: _drop, ...userInfo } = { ...fakeUser(userId, isActive), isServiceAccount: true };
  return { userInfo, accessTokens: [fakeToken('to-1', isActive)] };
}

/** A plausible Dfns personal access token. */
export function fakeToken(tokenId: string, isActive = true) {
  return {
    dateCreated: '2025-01-20T14:02:11.305Z',
    credId: 'cr-1',
    isActive,
    kind: 'Pat' as const,
    linkedUserId: 'us-1',
    linkedAppId: 'ap-1',
    name: tokenId,
    orgId: 'or-1',
    permissionAssignments: [],
    publicKey: '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----\n',
    tokenId,
  };
}

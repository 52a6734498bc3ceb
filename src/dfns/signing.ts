/**
 * Dfns User Action Signing as openapi-fetch middleware.
 *
 * Every operation whose spec security lists `userActionSignature` needs an `X-DFNS-USERACTION`
 * header holding a one-time token bound to the exact method, path and body of that request.
 * For each such request (and again for each retry of it, since the token is single-use) the
 * middleware:
 *
 * 1. takes the body text the client serialized for this call (`call.body`), once, and uses it
 *    both as `userActionPayload` and as the body it finally sends: the bytes signed are the
 *    bytes sent;
 * 2. `POST /auth/action/init` with the method, the path as sent (no query string) and that payload;
 * 3. checks the signer's `credId` is among `allowCredentials.key[].id`;
 * 4. signs `clientData = JSON.stringify({ type: 'key.get', challenge })` with node:crypto;
 * 5. `POST /auth/action` with the Key assertion (clientData and signature base64url-encoded);
 * 6. sends the original request with the returned token in `X-DFNS-USERACTION`.
 */
import { createPrivateKey, sign, KeyObject } from 'node:crypto';
import { ProviderConfigError, assertHeaderValue, requiresScheme, type CallMiddleware, type TypedClient } from '../core/index.js';
import type { operations } from '../../generated/dfns/operations.js';
import type { paths } from '../../generated/dfns/schema.js';

/** The security scheme name the Dfns spec uses for the user action header. */
export const USER_ACTION_SCHEME = 'userActionSignature';

/** Header carrying the user action token. */
export const USER_ACTION_HEADER = 'X-DFNS-USERACTION';

/**
 * The credential that signs user actions: a service account's or personal access token's key.
 *
 * @example { credId: 'Y2ktMzVlY...', privateKey: fs.readFileSync('dfns-key.pem', 'utf8') }
 */
export interface DfnsSigner {
  /** Id of the credential (`credId`) registered with Dfns for this key. */
  credId: string;
  /** PKCS#8, SEC1 or PKCS#1 PEM text, or a private `KeyObject`: Ed25519, ECDSA P-256 or RSA. */
  privateKey: string | KeyObject;
}

/** A signer with its key parsed and its signature algorithm chosen, ready to sign. */
export interface PreparedSigner {
  readonly credId: string;
  /** Sign bytes: Ed25519 as is; ECDSA P-256 with SHA-256, DER-encoded; RSA PKCS#1 v1.5 with SHA-256. */
  sign(data: Uint8Array): Buffer;
}

const PROVIDER = 'dfns';

/**
 * Parse the signer's key once and pick the algorithm Dfns verifies for its type.
 *
 * @throws ProviderConfigError for an unreadable, public, encrypted or unsupported key. The
 * message never includes key material (node's own parse errors are dropped for that reason).
 */
export function prepareSigner(signer: DfnsSigner): PreparedSigner {
  if (!signer || typeof signer.credId !== 'string' || signer.credId === '') {
    throw new ProviderConfigError('signer.credId must be a non-empty string', { provider: PROVIDER });
  }
  let key: KeyObject;
  if (signer.privateKey instanceof KeyObject) {
    key = signer.privateKey;
  } else if (typeof signer.privateKey === 'string') {
    try {
      key = createPrivateKey(signer.privateKey);
    } catch {
      throw new ProviderConfigError('signer.privateKey is not a readable unencrypted private key in PEM form', { provider: PROVIDER });
    }
  } else {
    throw new ProviderConfigError('signer.privateKey must be a PEM string or a KeyObject', { provider: PROVIDER });
  }
  if (key.type !== 'private') throw new ProviderConfigError('signer.privateKey must be a private key', { provider: PROVIDER });

  let algorithm: 'sha256' | null;
  let dsaEncoding: 'der' | undefined;
  switch (key.asymmetricKeyType) {
    case 'ed25519':
      algorithm = null; // EdDSA hashes internally; node requires `null` here.
      break;
    case 'ec':
      if (key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
        throw new ProviderConfigError('signer.privateKey: only the P-256 curve is supported for ECDSA', { provider: PROVIDER });
      }
      algorithm = 'sha256';
      // Dfns expects the ASN.1 DER signature (node's default), not the raw r||s form WebCrypto gives.
      dsaEncoding = 'der';
      break;
    case 'rsa':
      algorithm = 'sha256'; // PKCS#1 v1.5 padding is node's default for RSA keys.
      break;
    default:
      throw new ProviderConfigError(`signer.privateKey: unsupported key type ${key.asymmetricKeyType ?? 'unknown'} (use Ed25519, ECDSA P-256 or RSA)`, {
        provider: PROVIDER,
      });
  }
  const credId = signer.credId;
  return Object.freeze({
    credId,
    sign: (data: Uint8Array) => sign(algorithm, data, dsaEncoding ? { key, dsaEncoding } : key),
  });
}

/** Options of {@link userActionSigning}. */
export interface UserActionSigningOptions {
  /** The client the middleware belongs to; init and action calls go through it (auth, retries, timeout). */
  client: () => TypedClient<paths, typeof operations>;
  /** The prepared signer, or `undefined` when the caller gave none. */
  signer: PreparedSigner | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Middleware that adds `X-DFNS-USERACTION` to every request whose operation requires it.
 * Without a signer such a request fails with a {@link ProviderConfigError} before anything is sent.
 */
export function userActionSigning(options: UserActionSigningOptions): CallMiddleware {
  /** The base URL's path prefix, worked out on the first signed request (the base URL is fixed). */
  let basePrefix: string | undefined;
  return {
    async onRequest({ request, call: context }) {
      const op = context.operation;
      if (!requiresScheme(op, USER_ACTION_SCHEME)) return undefined;
      const client = options.client();
      const signer = options.signer;
      const where = { provider: PROVIDER, operationId: op?.operationId, method: request.method, url: request.url };
      if (!signer) throw new ProviderConfigError('this operation needs a user action signature: pass `signer` to createDfnsClient', where);

      // The body text, fixed once: signed as the payload and sent as is. The call context holds
      // the JSON the client serialized for this call; only bodies it did not serialize are read
      // back from the Request (which consumes it, so that Request is rebuilt below with the same bytes).
      let payload = context.body;
      let bytes: Uint8Array<ArrayBuffer> | undefined;
      if (payload === undefined && request.body === null) payload = '';
      if (payload === undefined) {
        bytes = new Uint8Array(await request.arrayBuffer());
        try {
          payload = utf8.decode(bytes);
        } catch {
          throw new ProviderConfigError('request body is not valid UTF-8 and cannot be signed', where);
        }
      }
      const { raw, call } = client;
      const init = await call(
        'createUserActionChallenge',
        raw.POST('/auth/action/init', {
          body: {
            userActionHttpMethod: request.method,
            userActionHttpPath: pathAsSent(request.url, (basePrefix ??= pathPrefix(client.baseUrl))),
            userActionPayload: payload,
            userActionServerKind: 'Api',
          },
          signal: request.signal,
        }),
      );
      if (!init.allowCredentials?.key?.some((allowed) => allowed.id === signer.credId)) {
        throw new ProviderConfigError("the signer's credId is not among the credentials Dfns allows to sign this action", where);
      }
      const clientData = Buffer.from(JSON.stringify({ type: 'key.get', challenge: init.challenge }), 'utf8');
      const signature = signer.sign(clientData);
      const action = await call(
        'createUserActionSignature',
        raw.POST('/auth/action', {
          body: {
            challengeIdentifier: init.challengeIdentifier,
            firstFactor: {
              kind: 'Key',
              credentialAssertion: {
                credId: signer.credId,
                clientData: clientData.toString('base64url'),
                signature: signature.toString('base64url'),
              },
            },
          },
          signal: request.signal,
        }),
      );
      const userAction = assertHeaderValue(USER_ACTION_HEADER, action.userAction, PROVIDER);
      if (bytes === undefined) {
        // Body untouched: add the header to the Request openapi-fetch built from `payload`.
        request.headers.set(USER_ACTION_HEADER, userAction);
        return undefined;
      }
      const headers = new Headers(request.headers);
      headers.set(USER_ACTION_HEADER, userAction);
      return new Request(request.url, {
        method: request.method,
        headers,
        body: bytes.byteLength > 0 ? bytes : null,
        signal: request.signal,
        redirect: request.redirect,
      });
    },
  };
}

/** The path part of a base URL, without trailing slashes (`''` for a bare origin). */
function pathPrefix(baseUrl: string): string {
  return new URL(baseUrl).pathname.replace(/\/+$/, '');
}

/**
 * The path Dfns sees: the URL's pathname (still percent-encoded, no query string) relative to
 * the base URL's path `prefix`, so a base URL with a path prefix (a gateway) signs the path the
 * API receives.
 */
function pathAsSent(url: string, prefix: string): string {
  const pathname = new URL(url).pathname;
  return prefix && pathname.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) : pathname;
}

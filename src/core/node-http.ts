/**
 * One request over `node:http`/`node:https` through a keep-alive `Agent`, its answer body
 * collected in memory within a byte limit: the first stage of the clients' default pool
 * (pool.ts).
 *
 * Node's HTTP client parses with its built-in native parser. undici (and so `globalThis.fetch`)
 * parses with llhttp compiled to WebAssembly, which V8 goes on optimizing in the background after
 * the first answers, and a process's exit waits for that work: about a tenth of a second after
 * the last call of a short script on this kind of machine, more on a loaded one. With `node:http`
 * a script exits as soon as its work is done, at about the same calls per second.
 *
 * | answer | outcome |
 * |---|---|
 * | `Content-Length` above the limit | the request is destroyed on the headers (the connection closes, nothing is read): `AnswerTooLarge` |
 * | a body growing past the limit | destroyed at the chunk that crosses it: `AnswerTooLarge` |
 * | the connection failing after the headers | `AnswerReadFailed` (the client makes it a `ProviderNetworkError`) |
 * | failing before the headers (refused, reset, bad header value) | Node's error, with its `code` |
 * | the request's signal aborting | destroyed with the signal's reason |
 * | a 1xx | skipped: Node hands over the final answer |
 * | a 204, 205, 304 or a `HEAD` answer | no body (`bytes` is `null`) |
 */
import { request as httpRequest, type Agent, type ClientRequest, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { urlToHttpOptions } from 'node:url';
import { answerHandler, type CollectedAnswer, type CollectOptions } from './collect.js';

/** The keep-alive agents of one pool, one per scheme. */
export interface NodeAgents {
  http: Agent;
  https: Agent;
}

/** What an origin resolves to for `http.request`: parsed once per origin. */
interface Target {
  secure: boolean;
  protocol: string;
  hostname: string;
  port: number | string | undefined;
}

/** Parsed origins, per process; a client talks to one or two, so the bound is generous. */
const targets = new Map<string, Target>();
const MAX_TARGETS = 64;

function target(origin: string): Target {
  let found = targets.get(origin);
  if (!found) {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`unsupported protocol ${JSON.stringify(url.protocol)}`);
    // urlToHttpOptions strips an IPv6 host's brackets, as `http.request(url)` does.
    const { hostname, port } = urlToHttpOptions(url);
    found = { secure: url.protocol === 'https:', protocol: url.protocol, hostname: hostname ?? url.hostname, port: port === '' || port === null ? undefined : port };
    if (targets.size >= MAX_TARGETS) targets.delete(targets.keys().next().value!);
    targets.set(origin, found);
  }
  return found;
}

/**
 * Send `options` through `agents` and collect the answer within `limit` bytes: the request's
 * events drive the same handler as undici's `dispatch()` (collect.ts), so both stages of the
 * pool collect, bound and settle an answer one way. Aborting (the signal, a body past the
 * limit) reports the reason to the handler and destroys the request (the connection closes).
 */
export function nodeExchange(agents: NodeAgents, options: CollectOptions, limit: number): Promise<CollectedAnswer> {
  return new Promise((resolve, reject) => {
    const handler = answerHandler(options, limit, resolve, reject);
    let req: ClientRequest | undefined;
    const fail = (err: Error): void => handler.onResponseError(controller, err);
    const controller = {
      abort(reason: Error): void {
        fail(reason);
        req?.destroy(reason);
      },
    };
    handler.onRequestStart(controller);
    if (options.signal.aborted) return;
    try {
      const { secure, protocol, hostname, port } = target(options.origin);
      const requestOptions: RequestOptions = { protocol, hostname, port, path: options.path, method: options.method, headers: options.headers, agent: secure ? agents.https : agents.http };
      req = (secure ? httpsRequest : httpRequest)(requestOptions, (res) => {
        res.on('error', fail);
        res.on('data', (chunk: Buffer) => handler.onResponseData(controller, chunk));
        res.on('end', () => handler.onResponseEnd());
        handler.onResponseStart(controller, res.statusCode ?? 0, res.headers as Record<string, string | string[] | undefined>);
      });
    } catch (err) {
      // A header value Node refuses (a line break, a non-Latin-1 character), a bad origin.
      return fail(err as Error);
    }
    req.on('error', fail);
    // A connection that closes before the answer ends without an 'error' on `res` (never seen
    // on Node 20, but cheap to rule out): nothing may be left waiting.
    req.on('close', () => {
      if (!handler.settled) fail(Object.assign(new Error('connection closed before the answer ended'), { code: 'ECONNRESET' }));
    });
    req.end(options.body ?? undefined);
  });
}

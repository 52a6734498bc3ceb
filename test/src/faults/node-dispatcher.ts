/**
 * A dispatcher for the clients' `dispatcherFetch` over `node:http`/`node:https`: real sockets,
 * one connection per request, no dependency on undici. (Kept apart from the test harness so the
 * fault-mix child process can use it without the test runner.)
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { RequestDispatcher } from '../../../src/index.js';

/**
 * A {@link RequestDispatcher} over `node:http`/`node:https`, one connection per request: the
 * dispatcher path of the clients, with a real socket, without depending on undici.
 */
export function nodeDispatcher(options: { ca?: string } = {}): RequestDispatcher {
  return {
    request({ origin, path, method, headers, body, signal }) {
      return new Promise((resolve, reject) => {
        const url = new URL(path, origin);
        const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
        const req = send(url, { method, headers, signal, agent: false, ...(options.ca ? { ca: options.ca } : {}) }, (res: IncomingMessage) => {
          const readable = Object.assign(res, {
            async arrayBuffer(): Promise<ArrayBuffer> {
              const chunks: Buffer[] = [];
              for await (const chunk of res) chunks.push(chunk as Buffer);
              const all = Buffer.concat(chunks);
              return all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength) as ArrayBuffer;
            },
            async dump(): Promise<void> {
              res.resume();
              await new Promise<void>((done) => {
                res.on('end', done);
                res.on('close', done);
                res.on('error', () => done());
              });
            },
          });
          resolve({ statusCode: res.statusCode ?? 0, headers: res.headers as Record<string, string | string[] | undefined>, body: readable });
        });
        req.on('error', reject);
        req.end(body ?? undefined);
      });
    },
  };
}


/**
 * One call and nothing else, as a user's script would make it: the client is never closed.
 * Prints the time its last call resolved (ms since the epoch, sub-millisecond) and then simply
 * ends; bench/facade-exit.ts measures how long the process takes to exit after that.
 *
 *   node facade-exit-script.mjs <package dir> <subject> <baseUrl> <credId>
 *
 * Subjects: zitadel, dfns, sailpoint (our clients on their default transport), fetch (raw
 * `globalThis.fetch`, the reference), http (`node:http` with a keep-alive agent), none (no
 * call at all: what starting to exit costs). Plain JavaScript: no loader to start.
 */
import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, subject, baseUrl, credId] = process.argv.slice(2);
const load = (entry) => import(pathToFileURL(path.join(pkg, 'src', entry, 'index.js')).href);
const now = () => performance.timeOrigin + performance.now();

let call;
if (subject === 'zitadel') {
  const { createZitadelClient } = await load('zitadel');
  const client = createZitadelClient({ baseUrl, token: 'exit-pat' });
  call = () => client.users.deactivate('289640331823300001');
} else if (subject === 'dfns') {
  const { createDfnsClient } = await load('dfns');
  const client = createDfnsClient({ baseUrl, token: 'exit-token', signer: { credId, privateKey: generateKeyPairSync('ed25519').privateKey } });
  call = () => client.serviceAccounts.deactivate('us-exit');
} else if (subject === 'sailpoint') {
  const { createSailPointClient } = await load('sailpoint');
  const client = createSailPointClient({ baseUrl, clientId: 'exit-client', clientSecret: 'exit-secret' });
  call = () => client.accounts.disable('2c9180847460000001');
} else if (subject === 'fetch') {
  call = async () => (await fetch(`${baseUrl}/v2/users/289640331823300001/deactivate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
} else if (subject === 'http') {
  const http = await import('node:http');
  const agent = new http.Agent({ keepAlive: true });
  call = () =>
    new Promise((resolve, reject) => {
      const req = http.request(`${baseUrl}/v2/users/289640331823300001/deactivate`, { method: 'POST', agent, headers: { 'content-type': 'application/json' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('{}');
    });
} else if (subject === 'none') {
  call = async () => undefined;
} else {
  throw new Error(`unknown subject ${subject}`);
}
await call();
process.stdout.write(`${now()}\n`);

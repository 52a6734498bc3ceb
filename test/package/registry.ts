/**
 * A real private npm registry for the package round trip: Verdaccio on 127.0.0.1 with an
 * OS-chosen port, a throwaway storage folder, anonymous publish, and no uplinks, so it never
 * reaches beyond loopback. It runs in a child process (its own logger, globals and event loop);
 * the child prints its address once listening and is ended by its pid.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** A running registry. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/` (trailing slash, as npm config expects). */
  url: string;
  /** `//127.0.0.1:<port>/`: the npm config key prefix for this registry's credentials. */
  authKey: string;
  /** Stops the server and waits for the process to exit. */
  close: () => Promise<void>;
}

/**
 * Packages of our scope are served and published locally; everything else is refused (no
 * uplinks): a consumer gets other packages from its public registry through npm's scope config.
 */
function configYaml(storage: string): string {
  return [
    `storage: ${JSON.stringify(storage)}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(path.join(storage, '..', 'htpasswd'))}`,
    '    max_users: -1',
    'uplinks: {}',
    'packages:',
    "  '@idlc/*':",
    '    access: $all',
    '    publish: $all',
    '    unpublish: $all',
    "  '**':",
    '    access: $all',
    '    publish: $all',
    'web:',
    '  enable: false',
    'server:',
    '  keepAliveTimeout: 0',
    'logs: { type: stdout, format: json, level: warn }',
    'publish:',
    '  allow_offline: true',
    '',
  ].join('\n');
}

/** Loaded in the child with `node -e`: start from the config file, listen on port 0, report. */
const BOOT = `
const { runServer } = require('verdaccio');
runServer(process.argv[1]).then((server) => {
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write('VERDACCIO_LISTENING ' + JSON.stringify(server.address()) + '\\n');
  });
}, (err) => { console.error(err); process.exit(1); });
`;

/** Start Verdaccio with its files under `dir`; `cwd` must see the `verdaccio` package. */
export async function startRegistry(dir: string, cwd: string): Promise<LocalRegistry> {
  const storage = path.join(dir, 'storage');
  mkdirSync(storage, { recursive: true });
  const configFile = path.join(dir, 'config.yaml');
  writeFileSync(configFile, configYaml(storage));
  const child: ChildProcess = spawn(process.execPath, ['-e', BOOT, configFile], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`verdaccio did not start within 30s:\n${output}`)), 30_000);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      child.kill();
      reject(err);
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /VERDACCIO_LISTENING (.+)\n/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve((JSON.parse(match[1]!) as { port: number }).port);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => fail(new Error(`verdaccio exited with ${code}:\n${output}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/`,
    authKey: `//127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

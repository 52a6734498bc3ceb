/**
 * The code cache of ../build/compile-cache.cjs for the Node processes a command starts (the
 * contract run's vitest, its workers and Prism): they get its preload through `NODE_OPTIONS`,
 * which Node passes on to the processes they start in turn.
 */
import { fileURLToPath } from 'node:url';

/** The preload that installs the cache (`node --require <it>`). */
export const COMPILE_CACHE_PRELOAD = fileURLToPath(new URL('../build/compile-cache-preload.cjs', import.meta.url));

/** `env` with the preload added to its `NODE_OPTIONS` (the path quoted, as `NODE_OPTIONS` reads it). */
export function withCompileCache(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const quoted = `"${COMPILE_CACHE_PRELOAD.replace(/(["\\])/g, '\\$1')}"`;
  return { ...env, NODE_OPTIONS: [env.NODE_OPTIONS, `--require ${quoted}`].filter(Boolean).join(' ') };
}

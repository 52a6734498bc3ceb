/**
 * undici's `Agent` as its own module exports it (`module.exports = Agent`), imported by pool.ts
 * instead of undici's entry point: loading `undici` itself runs its `lib/global.js`, which
 * installs a new undici `Agent` as the process's global dispatcher when none is set yet, so the
 * caller's `globalThis.fetch` would silently start going through undici 7 instead of Node's own
 * copy. The class from this module has `dispatch()` and `close()`; the `request()` helpers are
 * added to its prototype only by that entry point, so they are not declared here.
 */
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent as UndiciAgent, Dispatcher } from 'undici';

  /** A keep-alive connection pool per origin. */
  export default class Agent {
    constructor(options?: UndiciAgent.Options);
    dispatch(options: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean;
    close(): Promise<void>;
  }
}

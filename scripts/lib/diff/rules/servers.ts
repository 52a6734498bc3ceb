/**
 * Servers. The facade takes its base URL from configuration, so a server change breaks nothing
 * at compile time, but a removed URL or variable value may be the one a deployment uses.
 */
import { when } from './rule.js';

/** A server URL is no longer listed. */
export const serverRemoved = when('server-removed', (d) => ({ url: d.url }));

/** A new server URL. */
export const serverAdded = when('server-added', (d) => ({ url: d.url }));

/** A server variable's default or allowed values changed. */
export const serverVariableChanged = when('server-variable-changed', (d) => ({ url: d.url, variable: d.variable, what: d.what }));

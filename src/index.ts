/**
 * Typed clients for the Dfns, ZITADEL and SailPoint identity lifecycle APIs, and the shared
 * errors, guards and helpers they are built on.
 */
export * from './core/index.js';
export * from './dfns/index.js';
export * from './zitadel/index.js';
export * from './sailpoint/index.js';

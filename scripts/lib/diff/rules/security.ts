/**
 * Security requirements per operation and the security schemes they name. Requirements are
 * alternatives of scheme sets; see DocumentComparator.compareSecurity for how alternatives pair up.
 */
import { when } from './rule.js';

/** A public operation now needs credentials. */
export const operationSecurityAdded = when('security-added', (d) => ({ requirement: d.requirement }));

/** The operation no longer needs credentials. */
export const operationSecurityRemoved = when('security-removed', (d) => ({ requirement: d.requirement }));

/** A new way to authenticate is accepted. */
export const operationSecurityAlternativeAdded = when('security-alternative-added', (d) => ({ requirement: d.requirement }));

/** A way to authenticate is no longer accepted: clients using it get 401/403. */
export const operationSecurityAlternativeRemoved = when('security-alternative-removed', (d) => ({ requirement: d.requirement }));

/** Tokens now need more scopes. */
export const operationSecurityScopeAdded = when('security-scope-added', (d) => ({ scheme: d.scheme, scopes: d.scopes.join(', ') }));

/** Tokens need fewer scopes. */
export const operationSecurityScopeRemoved = when('security-scope-removed', (d) => ({ scheme: d.scheme, scopes: d.scopes.join(', ') }));

/** A security scheme's type, location, name or OAuth URLs changed. */
export const securitySchemeChanged = when('security-scheme-changed', (d) => ({ scheme: d.scheme, field: d.field, from: d.from ?? '(none)', to: d.to ?? '(none)' }));

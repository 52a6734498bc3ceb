/**
 * Deltas: what the comparator found, before any rule judged it. Each carries the absolute JSON
 * pointer it is about and, when it belongs to one, the operation. Rules subscribe to a delta
 * kind (`schema:<kind>` for schema findings) and turn matching deltas into reported changes.
 */
import type { SchemaDelta } from './compare-schema.js';
import type { HeaderView, ParameterView } from './document-view.js';
import type { OperationRef } from './types.js';

/** Where a schema sits in an operation, which decides how its changes are judged. */
export type SchemaSite =
  | { where: 'parameter'; param: ParameterView }
  | { where: 'request-body'; mediaType: string }
  | { where: 'response-body'; status: string; mediaType: string }
  | { where: 'response-header'; status: string; header: HeaderView };

/** Every delta kind except schema findings. */
export type Delta = { pointer: string; operation?: OperationRef } & (
  | { kind: 'operation-removed' | 'operation-added'; deprecated: boolean }
  | { kind: 'operation-id'; from?: string; to?: string }
  | { kind: 'operation-deprecated'; to: boolean }
  | { kind: 'operation-summary' | 'operation-description'; from?: string; to?: string }
  | { kind: 'operation-tags'; added: string[]; removed: string[] }
  | { kind: 'operation-idempotent'; from?: boolean; to?: boolean }
  | { kind: 'path-variable-renamed'; from: string; to: string }
  | { kind: 'parameter-added' | 'parameter-removed'; param: ParameterView }
  | { kind: 'parameter-moved'; param: ParameterView; from: string }
  | { kind: 'parameter-required'; param: ParameterView; to: boolean }
  | { kind: 'parameter-style'; param: ParameterView; from: string; to: string }
  | { kind: 'parameter-description'; param: ParameterView; from?: string; to?: string }
  | { kind: 'parameter-deprecated'; param: ParameterView; to: boolean }
  | { kind: 'body-added' | 'body-removed'; required: boolean }
  | { kind: 'body-required'; to: boolean }
  | { kind: 'body-description'; from?: string; to?: string }
  | { kind: 'media-type-added' | 'media-type-removed'; site: 'request' | 'response'; status?: string; mediaType: string }
  | { kind: 'response-added' | 'response-removed'; status: string; success: boolean }
  | { kind: 'response-description'; status: string; from?: string; to?: string }
  | { kind: 'header-added' | 'header-removed'; status: string; header: HeaderView }
  | { kind: 'header-required'; status: string; header: HeaderView; to: boolean }
  | { kind: 'schema'; site: SchemaSite; d: SchemaDelta }
  | { kind: 'security-added' | 'security-removed'; requirement: string }
  | { kind: 'security-alternative-added' | 'security-alternative-removed'; requirement: string }
  | { kind: 'security-scope-added' | 'security-scope-removed'; scheme: string; scopes: string[] }
  | { kind: 'security-scheme-changed'; scheme: string; field: string; from?: string; to?: string }
  | { kind: 'server-added' | 'server-removed'; url: string }
  | { kind: 'server-variable-changed'; url: string; variable: string; what: string }
  | { kind: 'info-changed'; field: string; from?: string; to?: string }
);

/** The kinds rules subscribe to: plain delta kinds and `schema:<schema delta kind>`. */
export type DeltaKey = Exclude<Delta['kind'], 'schema'> | `schema:${SchemaDelta['kind']}`;

/** Members of union `U` whose `kind` (itself possibly a union) admits `K`. */
type WithKind<U, K> = U extends { kind: infer UK } ? (K extends UK ? U : never) : never;

/** The delta type a rule subscribed to `K` receives. */
export type DeltaFor<K extends DeltaKey> = K extends `schema:${infer S}`
  ? Extract<Delta, { kind: 'schema' }> & { d: WithKind<SchemaDelta, S> }
  : WithKind<Delta, K>;

/** Dispatch key of a delta. */
export function deltaKey(delta: Delta): DeltaKey {
  return delta.kind === 'schema' ? `schema:${delta.d.kind}` : delta.kind;
}

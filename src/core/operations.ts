/**
 * The generated operations table (`generated/<provider>/operations.ts`) and lookups in it. The
 * generator writes the table with {@link OperationMeta} as its row type, so the runtime and the
 * generator agree on one definition.
 */

/** Metadata of one operation, as written to `generated/<provider>/operations.ts`. */
export interface OperationMeta {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** Path template as in the spec, e.g. `/auth/users/{userId}`. */
  readonly path: string;
  /** Safe to retry after 502/503/504, a reset connection or a timeout (`x-idempotent`). */
  readonly idempotent: boolean;
  readonly tags: readonly string[];
  /**
   * Security requirements: each entry is one alternative and lists the schemes that must all be
   * satisfied. An empty alternative (upstream's `{}`) means "no credentials needed".
   */
  readonly security: readonly (readonly string[])[];
  readonly deprecated?: boolean;
}

/** The generated `operations` table: operationId → {@link OperationMeta}. */
export type OperationsTable = { readonly [operationId: string]: OperationMeta };

/** One operation found by method and path template, with its id. */
export interface ResolvedOperation extends OperationMeta {
  readonly operationId: string;
}

/** Index an operations table by `METHOD path`. */
export function indexOperations(operations: OperationsTable): Map<string, ResolvedOperation> {
  const index = new Map<string, ResolvedOperation>();
  for (const [operationId, meta] of Object.entries(operations)) {
    index.set(`${meta.method.toUpperCase()} ${meta.path}`, { ...meta, operationId });
  }
  return index;
}

/** Whether an operation's security requires the named scheme in any of its alternatives. */
export function requiresScheme(operation: OperationMeta | undefined, scheme: string): boolean {
  return operation?.security.some((alternative) => alternative.includes(scheme)) ?? false;
}

/**
 * `$ref` resolution inside one document. The loader bundles external files into the document, so
 * only local references (`#/...`) remain; anything else resolves to undefined and is compared by
 * its name.
 */
import { getAt, isObject, parsePointer } from '../openapi/pointer.js';

/** Resolves local `$ref`s of one parsed document, following chains, with a cache. */
export class DocIndex {
  private readonly cache = new Map<string, unknown>();

  constructor(readonly doc: Record<string, any>) {}

  /**
   * The node a `$ref` string points at, following `$ref`-only chains (`A → B → C`). A cycle of
   * plain references resolves to undefined rather than looping.
   */
  resolve(ref: string): unknown {
    if (this.cache.has(ref)) return this.cache.get(ref);
    const seen = new Set<string>();
    let current = ref;
    let node: unknown;
    for (;;) {
      if (seen.has(current)) {
        node = undefined;
        break;
      }
      seen.add(current);
      if (!current.startsWith('#')) {
        node = undefined;
        break;
      }
      const segments = parsePointer(current);
      node = segments === undefined ? undefined : getAt(this.doc, segments);
      // Follow only pure references; a $ref with siblings is a schema in its own right.
      if (isObject(node) && typeof node.$ref === 'string' && Object.keys(node).length === 1) {
        current = node.$ref;
        continue;
      }
      break;
    }
    this.cache.set(ref, node);
    return node;
  }

  /**
   * Dereference a non-schema object (parameter, response, request body, header): follow `$ref`s
   * until a real object appears. Sibling keys of the reference (3.1 allows `description` and
   * `summary`) override the target's.
   */
  deref<T extends Record<string, any>>(node: unknown): T | undefined {
    let current: unknown = node;
    const overrides: Record<string, unknown>[] = [];
    // Bounded: a chain longer than this is a cycle in all but name.
    for (let hops = 0; hops < 32; hops++) {
      if (!isObject(current)) return undefined;
      if (typeof current.$ref !== 'string') break;
      const { $ref, ...rest } = current;
      if (Object.keys(rest).length > 0) overrides.unshift(rest);
      current = this.resolve($ref as string);
    }
    if (!isObject(current) || typeof current.$ref === 'string') return undefined;
    if (overrides.length === 0) return current as T;
    // Nearer references win, so they are applied last.
    return Object.assign({}, current, ...overrides) as T;
  }
}

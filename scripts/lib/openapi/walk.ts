/**
 * The one walker over OpenAPI documents. Every stage that recurses through a document (the
 * bundler, the canonicalizer, the upgrader's schema fixes, the normalizer's `$ref` bookkeeping)
 * goes through these two functions, so they all agree on what a node is (its {@link Kind}) and on
 * what is data: `opaque` nodes (example values, extensions, enum members) are never interpreted.
 *
 * - {@link eachNode} visits in place, top down, for readers (finding references).
 * - {@link mapNodes} rebuilds, for writers (copying, reordering, fixing schemas).
 */
import { childKind, type Kind } from './kinds.js';

/** The kind of item `index` of an array node of kind `kind` (only some arrays type their items). */
export function itemKind(kind: Kind, index: number, item: unknown): Kind {
  return kind === 'parameters' || kind === 'schemaList' ? childKind(kind, String(index), item) : kind;
}

/**
 * What {@link eachNode} calls for every object or array node outside opaque data. `path` is the
 * live list of keys from the start node (copy it to keep it). Returning `false` skips the
 * node's children.
 */
export type Enter = (node: object, kind: Kind, path: readonly string[]) => boolean | void;

/**
 * Visit every object and array under `node` (itself included), parents before children, keys in
 * document order, skipping opaque subtrees. Does not follow `$ref`s, so reference cycles are
 * harmless.
 */
export function eachNode(node: unknown, kind: Kind, enter: Enter): void {
  const path: string[] = [];
  const visit = (value: unknown, valueKind: Kind): void => {
    if (valueKind === 'opaque' || value === null || typeof value !== 'object') return;
    if (enter(value, valueKind, path) === false) return;
    if (Array.isArray(value)) {
      for (let index = 0; index < value.length; index++) {
        const item: unknown = value[index];
        if (item === null || typeof item !== 'object') continue;
        path.push(String(index));
        visit(item, itemKind(valueKind, index, item));
        path.pop();
      }
      return;
    }
    for (const key of Object.keys(value)) {
      const child = (value as Record<string, unknown>)[key];
      if (child === null || typeof child !== 'object') continue;
      path.push(key);
      visit(child, childKind(valueKind, key, child));
      path.pop();
    }
  };
  visit(node, kind);
}

/**
 * Rebuild the children of an object or array: each child becomes `map(child, itsKind, key)`.
 * Arrays keep their order; objects take `keys` (default: their own, in order); `undefined`
 * values (given or returned) are dropped, as JSON would. Anything else comes back as it is.
 */
export type Descend = (node: unknown, keys?: readonly string[]) => unknown;

/**
 * What {@link mapNodes} calls for every node (scalars and opaque data included): the value it
 * returns takes the node's place. `key` is the node's key in the nearest enclosing object (array
 * items share their array's key); `descend(node)` gives the node with its children mapped.
 */
export type MapNode = (node: unknown, kind: Kind, key: string, descend: Descend) => unknown;

/** A new tree: `map` applied to every node from `node` down (see {@link MapNode}). */
export function mapNodes(node: unknown, kind: Kind, map: MapNode): unknown {
  const visit = (value: unknown, valueKind: Kind, key: string): unknown => {
    const descend: Descend = (target, keys) => {
      if (target === null || typeof target !== 'object') return target;
      if (Array.isArray(target)) {
        const out: unknown[] = [];
        for (let index = 0; index < target.length; index++) {
          const item: unknown = target[index];
          out.push(visit(item, itemKind(valueKind, index, item), key));
        }
        return out;
      }
      const source = target as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const name of keys ?? Object.keys(source)) {
        const child = source[name];
        if (child === undefined) continue;
        const mapped = visit(child, childKind(valueKind, name, child), name);
        if (mapped !== undefined) out[name] = mapped;
      }
      return out;
    };
    return map(value, valueKind, key, descend);
  };
  return visit(node, kind, '');
}

/** A deep copy of plain JSON data (no kinds involved: for example values and `$ref` siblings). */
export function copyJson(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) out[key] = copyJson(item);
  return out;
}

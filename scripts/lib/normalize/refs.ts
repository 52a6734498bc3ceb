/**
 * `$ref` bookkeeping on an OpenAPI 3.1 document: visiting every reference (outside example data
 * and extensions), renaming components, and computing which components are reachable.
 */
import type { Kind } from '../openapi/kinds.js';
import { escapeToken, isObject, parsePointer } from '../openapi/pointer.js';
import { eachNode } from '../openapi/walk.js';

/** A component address: `section/name` (`schemas/Account`). */
export type ComponentKey = `${string}/${string}`;

/** The component a local `$ref` points into (`#/components/schemas/A/properties/x` → schemas/A). */
export function componentOf(ref: string): { section: string; name: string; rest: string[] } | undefined {
  if (!ref.startsWith('#/components/')) return undefined;
  const segments = parsePointer(ref);
  if (!segments || segments.length < 3) return undefined;
  return { section: segments[1]!, name: segments[2]!, rest: segments.slice(3) };
}

/** Build `#/components/<section>/<name>[/rest]`. */
export function componentRef(section: string, name: string, rest: readonly string[] = []): string {
  return `#/components/${escapeToken(section)}/${escapeToken(name)}${rest.map((s) => `/${escapeToken(s)}`).join('')}`;
}

/**
 * Call `visit` for every object holding a string `$ref` under `node` (of kind `kind`), skipping
 * example values and extensions. Recursion does not follow references, so cycles are harmless.
 */
export function forEachRef(node: unknown, kind: Kind, visit: (holder: Record<string, any>, kind: Kind) => void): void {
  eachNode(node, kind, (holder, holderKind) => {
    if (typeof (holder as Record<string, unknown>).$ref === 'string') visit(holder as Record<string, any>, holderKind);
  });
}

/** Kind of the objects in each `components` section. */
export const SECTION_KIND: Record<string, Kind> = {
  schemas: 'schema',
  parameters: 'parameter',
  responses: 'response',
  requestBodies: 'requestBody',
  headers: 'header',
  examples: 'example',
  links: 'link',
  callbacks: 'callback',
  securitySchemes: 'securityScheme',
  pathItems: 'pathItem',
};

/**
 * Components reachable from `paths` and `webhooks` (and from the given extra roots), following
 * references transitively; security schemes count as reachable when a security requirement
 * names them. Visited-set based, so reference cycles terminate.
 */
export function reachableComponents(doc: Record<string, any>): Set<ComponentKey> {
  const reached = new Set<ComponentKey>();
  const queue: ComponentKey[] = [];
  const mark = (holder: Record<string, any>): void => {
    const target = componentOf(holder.$ref as string);
    if (!target) return;
    const key: ComponentKey = `${target.section}/${target.name}`;
    if (!reached.has(key)) {
      reached.add(key);
      queue.push(key);
    }
  };
  const markSecurity = (requirements: unknown): void => {
    if (!Array.isArray(requirements)) return;
    for (const requirement of requirements) {
      if (!isObject(requirement)) continue;
      for (const name of Object.keys(requirement)) {
        const key: ComponentKey = `securitySchemes/${name}`;
        if (!reached.has(key)) {
          reached.add(key);
          queue.push(key);
        }
      }
    }
  };
  forEachRef(doc.paths, 'paths', mark);
  forEachRef(doc.webhooks, 'paths', mark);
  markSecurity(doc.security);
  const visitOperations = (items: unknown): void => {
    if (!isObject(items)) return;
    for (const item of Object.values(items)) {
      if (!isObject(item)) continue;
      for (const op of Object.values(item)) if (isObject(op)) markSecurity(op.security);
    }
  };
  visitOperations(doc.paths);
  visitOperations(doc.webhooks);
  while (queue.length > 0) {
    const key = queue.shift()!;
    const slash = key.indexOf('/');
    const section = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const value = doc.components?.[section]?.[name];
    if (value === undefined) continue;
    const kind = SECTION_KIND[section] ?? 'other';
    forEachRef(value, kind, mark);
    // Operations inside reusable path items and callbacks carry security requirements too.
    if (section === 'pathItems') visitOperations({ item: value });
    if (section === 'callbacks') visitOperations(value);
  }
  return reached;
}

/**
 * Rename components: `renames` maps `section/oldName` to a new name. Moves the entries (keeping
 * their order) and rewrites every reference in the document. Pure: returns a new document.
 */
export function renameComponents(doc: Record<string, any>, renames: Map<ComponentKey, string>): Record<string, any> {
  if (renames.size === 0) return doc;
  const out = structuredClone(doc);
  const rewrite = (holder: Record<string, any>): void => {
    const target = componentOf(holder.$ref as string);
    if (!target) return;
    const renamed = renames.get(`${target.section}/${target.name}`);
    if (renamed !== undefined) holder.$ref = componentRef(target.section, renamed, target.rest);
  };
  forEachRef(out, 'root', rewrite);
  for (const [section, entries] of Object.entries(out.components ?? {})) {
    if (!isObject(entries)) continue;
    const moved: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(entries)) {
      moved[renames.get(`${section}/${name}`) ?? name] = value;
    }
    out.components[section] = moved;
  }
  // Security requirements name schemes by key, not by $ref.
  if (renames.size > 0) {
    const fix = (requirements: unknown): unknown =>
      Array.isArray(requirements)
        ? requirements.map((req) =>
            isObject(req) ? Object.fromEntries(Object.entries(req).map(([k, v]) => [renames.get(`securitySchemes/${k}`) ?? k, v])) : req,
          )
        : requirements;
    if (out.security) out.security = fix(out.security);
    for (const items of [out.paths, out.webhooks]) {
      if (!isObject(items)) continue;
      for (const item of Object.values(items)) {
        if (!isObject(item)) continue;
        for (const op of Object.values(item)) if (isObject(op) && op.security) op.security = fix(op.security);
      }
    }
  }
  return out;
}

/** Remove every component nothing reaches (see {@link reachableComponents}); returns what went. */
export function pruneComponents(doc: Record<string, any>): ComponentKey[] {
  const reached = reachableComponents(doc);
  const removed: ComponentKey[] = [];
  for (const [section, entries] of Object.entries(doc.components ?? {})) {
    if (!isObject(entries)) continue;
    for (const name of Object.keys(entries)) {
      if (!reached.has(`${section}/${name}`)) {
        delete entries[name];
        removed.push(`${section}/${name}`);
      }
    }
    if (Object.keys(entries).length === 0) delete doc.components[section];
  }
  if (doc.components && Object.keys(doc.components).length === 0) delete doc.components;
  return removed;
}

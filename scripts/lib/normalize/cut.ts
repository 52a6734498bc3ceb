/**
 * The cut: from one or more upstream documents (already OpenAPI 3.1) to a document holding only
 * the operations a provider keeps, at our paths, with our operationIds, tags and retry flags,
 * and the components those operations reach.
 *
 * Components of several sources share one namespace. Same name and same content: one copy.
 * Same name, different content: the later source's copy is renamed `<Name><SourceId>`, except
 * OAuth2 security schemes with the same flows (URLs may differ; the first source's win), whose scopes are merged (SailPoint's v3 and
 * beta documents declare the same `userAuth` scheme with different scope lists).
 */
import { isDeepStrictEqual } from 'node:util';
import { PipelineError } from '../errors.js';
import type { LoadedSpec } from '../openapi/load.js';
import { UNRESOLVED_PREFIX } from '../openapi/bundle.js';
import { getAt, isObject, parsePointer } from '../openapi/pointer.js';
import { HAND_WRITTEN_SOURCE, type NormalizeConfig, type NormalizeOperation, type NormalizeSource } from './config.js';
import { words, pascalCase, uniqueIdentifier } from './names.js';
import { paramRenames, pathShape, rebasePath } from './rebase.js';
import { forEachRef, reachableComponents, renameComponents, type ComponentKey } from './refs.js';
import { listOperations } from './operation-ids.js';

interface Found {
  route: string;
  method: string;
  op: Record<string, any>;
  item: Record<string, any>;
}

function findOperation(doc: Record<string, any>, op: NormalizeOperation, config: NormalizeConfig, sourceFile: string): Found {
  const at = `#/operations/${op.id}/select`;
  if (op.select.kind === 'route') {
    const item = doc.paths?.[op.select.path];
    const found = isObject(item) ? item[op.select.method] : undefined;
    if (!isObject(item) || !isObject(found)) {
      throw new PipelineError(`selector "${op.selectText}" matches no operation in source "${op.source}" (${sourceFile})`, config.file, at);
    }
    return { route: op.select.path, method: op.select.method, op: found, item };
  }
  const { operationId } = op.select;
  const hits = listOperations(doc.paths).filter((o) => o.op.operationId === operationId);
  if (hits.length === 0) throw new PipelineError(`no operation in source "${op.source}" (${sourceFile}) has operationId "${operationId}"`, config.file, at);
  if (hits.length > 1) {
    const where = hits.map((h) => `${h.method.toUpperCase()} ${h.route}`).join(', ');
    throw new PipelineError(`operationId "${operationId}" is used by ${hits.length} operations in source "${op.source}" (${where}); select by "METHOD /path"`, config.file, at);
  }
  const hit = hits[0]!;
  return { route: hit.route, method: hit.method, op: hit.op, item: doc.paths[hit.route] };
}

/** Resolve a local `$ref` in `doc` (one level). */
function deref(doc: Record<string, any>, node: unknown): unknown {
  if (isObject(node) && typeof node.$ref === 'string' && node.$ref.startsWith('#')) {
    const segments = parsePointer(node.$ref);
    return segments ? getAt(doc, segments) : undefined;
  }
  return node;
}

/**
 * Replace references that point outside `components` (bundlers emit `#/paths/...` refs to reuse
 * a parameter of another path) with a copy of their target, since that path may be cut away.
 */
function inlineForeignRefs(node: unknown, doc: Record<string, any>, file: string): void {
  let guard = 0;
  const visit = (holder: Record<string, any>): void => {
    const ref = holder.$ref as string;
    if (ref.startsWith('#/components/') || ref.startsWith(UNRESOLVED_PREFIX)) return;
    if (!ref.startsWith('#')) throw new PipelineError(`unexpected external $ref "${ref}" after bundling`, file);
    if (++guard > 10_000) throw new PipelineError(`$ref "${ref}" expands without end`, file);
    const target = deref(doc, holder);
    if (target === undefined) throw new PipelineError(`$ref "${ref}" points at nothing`, file, ref);
    delete holder.$ref;
    const copy = structuredClone(target);
    if (isObject(copy)) for (const [key, value] of Object.entries(copy)) if (!(key in holder)) holder[key] = value;
    forEachRef(holder, 'other', visit);
  };
  forEachRef(node, 'operation', visit);
}

function paramKey(doc: Record<string, any>, param: unknown): string | undefined {
  const resolved = deref(doc, param);
  return isObject(resolved) && typeof resolved.name === 'string' ? `${String(resolved.in)}:${resolved.name}` : undefined;
}

/** Copy one upstream operation into our shape (see the module comment of this file). */
function shapeOperation(found: Found, ours: NormalizeOperation, doc: Record<string, any>, renames: Map<string, string>, file: string): Record<string, any> {
  const op = structuredClone(found.op);
  // Path-item parameters move onto the operation: operations from different upstream path items
  // can share one of our paths, so the path item level cannot hold them.
  const own = Array.isArray(op.parameters) ? (op.parameters as unknown[]) : [];
  const ownKeys = new Set(own.map((p) => paramKey(doc, p)));
  const shared = (Array.isArray(found.item.parameters) ? (found.item.parameters as unknown[]) : []).filter((p) => !ownKeys.has(paramKey(doc, p)));
  let params = [...structuredClone(shared), ...own];
  if (renames.size > 0) {
    params = params.map((param) => {
      const resolved = deref(doc, param);
      if (!isObject(resolved) || resolved.in !== 'path' || typeof resolved.name !== 'string') return param;
      const renamed = renames.get(resolved.name);
      if (renamed === undefined) return param;
      return { ...structuredClone(resolved), name: renamed };
    });
  }
  if (params.length > 0) op.parameters = params;
  else delete op.parameters;
  inlineForeignRefs(op, doc, file);
  op.operationId = ours.id;
  op.tags = [ours.tag];
  op['x-idempotent'] = ours.idempotent;
  if (op.security === undefined && Array.isArray(doc.security)) op.security = structuredClone(doc.security);
  if (typeof op.summary !== 'string' || op.summary.trim() === '') {
    const text = words(ours.id).join(' ').toLowerCase();
    op.summary = text.charAt(0).toUpperCase() + text.slice(1);
  }
  return op;
}

function stripPath(url: string): string {
  // Keep scheme, host and server variables; drop the path the rebase moved into each path.
  const match = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i.exec(url);
  return match ? match[1]! : url;
}

function serversFor(sources: NormalizeSource[], loaded: ReadonlyMap<string, LoadedSpec>, used: Set<string>): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  for (const source of sources) {
    if (!used.has(source.id)) continue;
    const doc = loaded.get(source.id)!.doc;
    const rebased = source.rebase.length > 0 || source.basePath !== undefined;
    for (const server of Array.isArray(doc.servers) ? doc.servers : []) {
      if (!isObject(server) || typeof server.url !== 'string') continue;
      const url = rebased ? stripPath(server.url) : server.url;
      if (seen.has(url)) continue;
      seen.add(url);
      out.push({ ...structuredClone(server), url });
    }
  }
  return out;
}

function mergeableOAuth(a: unknown, b: unknown): boolean {
  if (!isObject(a) || !isObject(b) || a.type !== 'oauth2' || b.type !== 'oauth2' || !isObject(a.flows) || !isObject(b.flows)) return false;
  const flows = new Set([...Object.keys(a.flows), ...Object.keys(b.flows)]);
  for (const flow of flows) {
    const fa = a.flows[flow];
    const fb = b.flows[flow];
    // The same flows are the same scheme: a provider's documents may spell the example host of
    // its token URL differently (SailPoint's v3 said `tenant`, beta `example-tenant`), and
    // keeping two copies would flip the security of operations whose document did not change.
    // The first source's URLs are kept.
    if (!isObject(fa) || !isObject(fb)) return false;
  }
  return true;
}

function mergeOAuth(into: Record<string, any>, from: Record<string, any>): void {
  for (const [flow, value] of Object.entries(from.flows as Record<string, any>)) {
    const scopes = { ...(into.flows[flow].scopes ?? {}) };
    for (const [scope, text] of Object.entries(value.scopes ?? {})) if (!(scope in scopes)) scopes[scope] = text;
    into.flows[flow].scopes = scopes;
  }
}

/** Cut the loaded sources down to the keep-list of `config`. Pure; inputs are not changed. */
export function cutToKeepList(loaded: ReadonlyMap<string, LoadedSpec>, config: NormalizeConfig): Record<string, any> {
  const perSource = new Map<string, Record<string, Record<string, any>>>();
  const claimed = new Map<string, string>();
  const routes = new Map<string, string>();
  for (const ours of config.operations) {
    if (ours.source === HAND_WRITTEN_SOURCE) {
      // Not in any source: the overlay adds it (checked after the overlay). Its route is still
      // reserved, so no selected operation lands on it.
      const method = ours.select.kind === 'route' ? ours.select.method : '';
      const routeKey = `${method} ${ours.path}`;
      const clash = routes.get(routeKey);
      if (clash) throw new PipelineError(`${method.toUpperCase()} ${ours.path} is already used by "${clash}"`, config.file, `#/operations/${ours.id}/path`);
      routes.set(routeKey, ours.id);
      continue;
    }
    const spec = loaded.get(ours.source);
    if (!spec) throw new PipelineError(`no document was given for source "${ours.source}"`, config.file, `#/operations/${ours.id}/source`);
    const source = config.sources.find((s) => s.id === ours.source)!;
    const found = findOperation(spec.doc, ours, config, spec.file);
    const upstreamKey = `${ours.source} ${found.method} ${found.route}`;
    const twice = claimed.get(upstreamKey);
    if (twice) throw new PipelineError(`selects the same upstream operation as "${twice}"`, config.file, `#/operations/${ours.id}/select`);
    claimed.set(upstreamKey, ours.id);
    const rebasing = source.rebase.length > 0 || source.basePath !== undefined;
    const expected = rebasePath(source, found.route, typeof found.op.operationId === 'string' ? found.op.operationId : undefined);
    if (rebasing && expected === undefined) {
      throw new PipelineError(`no rebase rule of source "${source.id}" matches ${found.method.toUpperCase()} ${found.route}`, config.file, `#/operations/${ours.id}/select`);
    }
    if (pathShape(expected ?? found.route) !== pathShape(ours.path)) {
      throw new PipelineError(`path "${ours.path}" does not match the upstream path, which rebases to "${expected}"`, config.file, `#/operations/${ours.id}/path`);
    }
    const renames = paramRenames(found.route, ours.path)!;
    const routeKey = `${found.method} ${ours.path}`;
    const clash = routes.get(routeKey);
    if (clash) throw new PipelineError(`${found.method.toUpperCase()} ${ours.path} is already used by "${clash}"`, config.file, `#/operations/${ours.id}/path`);
    routes.set(routeKey, ours.id);
    const paths = perSource.get(ours.source) ?? {};
    perSource.set(ours.source, paths);
    paths[ours.path] ??= {};
    paths[ours.path]![found.method] = shapeOperation(found, ours, spec.doc, renames, spec.file);
  }

  const components: Record<string, Record<string, unknown>> = {};
  const paths: Record<string, Record<string, any>> = {};
  for (const source of config.sources) {
    const sourcePaths = perSource.get(source.id);
    if (!sourcePaths) continue;
    const spec = loaded.get(source.id)!;
    const upstream = spec.doc.components ?? {};
    let part: Record<string, any> = { paths: sourcePaths, components: upstream };
    const reached = reachableComponents(part);
    const picked: Record<string, Record<string, unknown>> = {};
    const renames = new Map<ComponentKey, string>();
    const shared = new Set<ComponentKey>();
    // Walk the source's own component order so the output order does not depend on traversal.
    for (const section of Object.keys(upstream)) {
      if (!isObject(upstream[section])) continue;
      for (const name of Object.keys(upstream[section])) {
        const key: ComponentKey = `${section}/${name}`;
        if (!reached.has(key)) continue;
        const value = upstream[section][name];
        picked[section] ??= {};
        picked[section][name] = value;
        const existing = components[section]?.[name];
        if (existing === undefined) continue;
        if (isDeepStrictEqual(existing, value)) {
          shared.add(key);
        } else if (section === 'securitySchemes' && mergeableOAuth(existing, value)) {
          mergeOAuth(existing as Record<string, any>, value as Record<string, any>);
          shared.add(key);
        } else {
          const taken = new Set([...Object.keys(components[section] ?? {}), ...Object.keys(upstream[section])]);
          renames.set(key, uniqueIdentifier(`${name}${pascalCase(source.id)}`, taken));
        }
      }
    }
    part = renameComponents({ paths: sourcePaths, components: picked }, renames);
    const renamedFrom = new Map<string, ComponentKey>();
    for (const [key, to] of renames) renamedFrom.set(`${key.slice(0, key.indexOf('/'))}/${to}`, key);
    for (const [section, entries] of Object.entries(part.components as Record<string, Record<string, unknown>>)) {
      for (const [name, value] of Object.entries(entries)) {
        const original = renamedFrom.get(`${section}/${name}`) ?? (`${section}/${name}` as ComponentKey);
        if (shared.has(original)) continue;
        components[section] ??= {};
        components[section][name] = value;
      }
    }
    for (const [route, item] of Object.entries(part.paths as Record<string, Record<string, any>>)) {
      paths[route] = { ...(paths[route] ?? {}), ...item };
    }
  }

  // A kept operation must not need a file the upstream snapshot does not ship.
  const missing: string[] = [];
  forEachRef({ paths, components }, 'root', (holder) => {
    if (typeof holder.$ref === 'string' && holder.$ref.startsWith(UNRESOLVED_PREFIX)) missing.push(holder.$ref);
  });
  if (missing.length > 0) {
    for (const spec of loaded.values()) {
      const hit = spec.unresolved.find((u) => u.ref === missing[0]);
      if (hit) throw new PipelineError(`a kept operation needs a file that is missing: ${hit.reason}`, hit.file, hit.pointer);
    }
    throw new PipelineError(`a kept operation needs an unresolved reference (${missing[0]})`, config.file);
  }

  const primary = loaded.get(config.sources.find((s) => perSource.has(s.id))?.id ?? '')?.doc ?? {};
  const usedTags: string[] = [];
  for (const ours of config.operations) if (!usedTags.includes(ours.tag)) usedTags.push(ours.tag);
  const info: Record<string, unknown> = { title: config.title, version: String(primary.info?.version ?? '0.0.0') };
  if (typeof primary.info?.description === 'string') info.description = primary.info.description;
  if (isObject(primary.info?.license)) info.license = structuredClone(primary.info.license);
  const doc: Record<string, any> = {
    openapi: '3.1.0',
    info,
    servers: config.servers ? structuredClone(config.servers) : serversFor(config.sources, loaded, new Set(perSource.keys())),
    tags: usedTags.map((name) => (config.tags[name] !== undefined ? { name, description: config.tags[name] } : { name })),
    paths,
  };
  if (Object.keys(components).length > 0) doc.components = components;
  return doc;
}

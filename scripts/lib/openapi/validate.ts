/**
 * Import checks of what the OpenAPI JSON Schema cannot express, run on every document an import
 * reads, so a document that would generate a broken client is refused before anything is
 * written. Each check is a row of {@link CHECKS}; the first problem found is thrown as a
 * PipelineError naming the file, the JSON pointer and the reason (the CLI prints it as one line
 * and exits 2).
 *
 * - A 2.0 or 3.0 document without `paths`; a 3.1 document with none of `paths`, `webhooks`,
 *   `components` (3.1 made `paths` optional but requires one of the three).
 * - Path template variables and `in: path` parameters that do not match, both ways, with
 *   path-level parameters counted for every operation of the path (an operation-level parameter
 *   of the same name and location overrides a path-level one).
 * - Server URLs whose scheme is neither `http` nor `https` (`javascript:`, `file:`, `ws:`).
 *   Relative URLs (`/v1`, `//host/v1`) and URLs starting with a variable (`{scheme}://…`)
 *   stay allowed.
 */
import { PipelineError } from '../errors.js';
import { HTTP_METHODS } from './kinds.js';
import type { SourceFormat } from './load.js';
import { getAt, isObject, parsePointer, toPointer } from './pointer.js';

/** One problem: where it is and what is wrong. */
interface Problem {
  pointer: string;
  reason: string;
}

type Check = (doc: Record<string, any>, format: SourceFormat) => Problem | undefined;

/** `#/components/parameters/X` → the parameter; anything else is returned as it is. */
function deref(doc: Record<string, any>, node: unknown): unknown {
  let current = node;
  // Bounded: a chain of references longer than this is a cycle (the loader refuses those).
  for (let hops = 0; hops < 32 && isObject(current) && typeof current.$ref === 'string' && current.$ref.startsWith('#'); hops++) {
    const segments = parsePointer(current.$ref);
    if (!segments) return current;
    current = getAt(doc, segments);
  }
  return current;
}

function hasTopLevel(doc: Record<string, any>, format: SourceFormat): Problem | undefined {
  if (format === 'openapi-3.1') {
    if (doc.paths === undefined && doc.webhooks === undefined && doc.components === undefined) {
      return { pointer: '#', reason: 'an OpenAPI 3.1 document needs at least one of "paths", "webhooks" or "components"' };
    }
    return undefined;
  }
  if (doc.paths === undefined) return { pointer: '#/paths', reason: `${format === 'swagger-2.0' ? 'a Swagger 2.0' : 'an OpenAPI 3.0'} document needs "paths"` };
  return undefined;
}

/** Template variable names of a path, in order (`/stores/{storeId}` → `storeId`). */
function templateVariables(route: string): string[] {
  return [...route.matchAll(/\{([^}/]*)\}/g)].map((m) => m[1]!);
}

/** The `in: path` parameters of a list, by name, with the index each sits at. */
function pathParams(doc: Record<string, any>, list: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(list)) return out;
  list.forEach((raw, i) => {
    const p = deref(doc, raw);
    if (isObject(p) && p.in === 'path' && typeof p.name === 'string' && !out.has(p.name)) out.set(p.name, i);
  });
  return out;
}

function pathTemplatesMatch(doc: Record<string, any>): Problem | undefined {
  if (!isObject(doc.paths)) return undefined;
  for (const route of Object.keys(doc.paths)) {
    const item = deref(doc, doc.paths[route]);
    if (!isObject(item)) continue;
    const vars = new Set(templateVariables(route));
    const shared = pathParams(doc, item.parameters);
    for (const [name, i] of shared) {
      if (!vars.has(name)) return { pointer: toPointer(['paths', route, 'parameters', i]), reason: `in: path parameter "${name}" is not a variable of the path template ${route}` };
    }
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      const own = pathParams(doc, op.parameters);
      for (const [name, i] of own) {
        if (!vars.has(name)) return { pointer: toPointer(['paths', route, method, 'parameters', i]), reason: `in: path parameter "${name}" is not a variable of the path template ${route}` };
      }
      for (const name of vars) {
        if (!own.has(name) && !shared.has(name)) return { pointer: toPointer(['paths', route, method]), reason: `path template variable {${name}} of ${route} has no in: path parameter` };
      }
    }
  }
  return undefined;
}

/** The URL scheme (`javascript`, `https`), or undefined for a relative URL or a leading variable. */
function schemeOf(url: string): string | undefined {
  return /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
}

function serverSchemes(doc: Record<string, any>): Problem | undefined {
  const lists: [unknown, (string | number)[]][] = [[doc.servers, ['servers']]];
  for (const [route, rawItem] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    const item = deref(doc, rawItem);
    if (!isObject(item)) continue;
    lists.push([item.servers, ['paths', route, 'servers']]);
    for (const method of HTTP_METHODS) if (isObject(item[method])) lists.push([item[method].servers, ['paths', route, method, 'servers']]);
  }
  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue;
    for (let i = 0; i < list.length; i++) {
      const url = isObject(list[i]) ? list[i].url : undefined;
      if (typeof url !== 'string') continue;
      const scheme = schemeOf(url);
      if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
        return { pointer: toPointer([...at, i, 'url']), reason: `server URL scheme "${scheme}:" is neither http nor https` };
      }
    }
  }
  return undefined;
}

/** The checks, in the order they run. */
const CHECKS: readonly Check[] = [hasTopLevel, (doc) => pathTemplatesMatch(doc), (doc) => serverSchemes(doc)];

/**
 * Refuse a loaded document that JSON Schema validation would pass but that generates a broken
 * client (see the module comment).
 * @param doc the document as loaded (OpenAPI 3.1, internal `$ref`s kept)
 * @param format the format the file was written in
 * @param file the file as the user named it
 * @throws PipelineError naming `file`, the pointer and the reason
 */
export function validateImport(doc: Record<string, any>, format: SourceFormat, file: string): void {
  for (const check of CHECKS) {
    const problem = check(doc, format);
    if (problem) throw new PipelineError(problem.reason, file, problem.pointer);
  }
}

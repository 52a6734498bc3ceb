/**
 * operationIds for a whole document (no keep-list): every operation gets a valid, unique
 * camelCase id. Upstream ids are respelled (`UserService_DeactivateUser` →
 * `userServiceDeactivateUser`); operations without one get an id from their summary, else from
 * method and path. Duplicates (ZITADEL's v2 and v2beta services share 65 ids) keep the plain id
 * for the first operation in path order and qualify the others with their first path segment
 * (`userServiceDeactivateUserV2beta`), each rename reported as a warning.
 */
import { compareText } from '../openapi/canonical.js';
import { HTTP_METHODS } from '../openapi/kinds.js';
import { isObject, toPointer } from '../openapi/pointer.js';
import { camelCase, pascalCase, uniqueIdentifier } from './names.js';
import type { NormalizeWarning } from './warnings.js';

/** Every operation of `paths` (or `webhooks`) in canonical order: sorted paths, method order. */
export function listOperations(items: unknown): { route: string; method: string; op: Record<string, any> }[] {
  if (!isObject(items)) return [];
  const out: { route: string; method: string; op: Record<string, any> }[] = [];
  for (const route of Object.keys(items).sort(compareText)) {
    const item = items[route];
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) if (isObject(item[method])) out.push({ route, method, op: item[method] });
  }
  return out;
}

function baseId(route: string, method: string, op: Record<string, any>): string {
  if (typeof op.operationId === 'string' && /[A-Za-z0-9]/.test(op.operationId)) return camelCase(op.operationId);
  if (typeof op.summary === 'string' && /[A-Za-z]/.test(op.summary)) return camelCase(op.summary);
  return camelCase(`${method} ${route}`);
}

/** Assign ids in place (see the module comment); returns the rename warnings. */
export function assignOperationIds(doc: Record<string, any>, file: string): NormalizeWarning[] {
  const warnings: NormalizeWarning[] = [];
  const taken = new Set<string>();
  const all = [
    ...listOperations(doc.paths).map((o) => ({ ...o, where: 'paths' })),
    ...listOperations(doc.webhooks).map((o) => ({ ...o, where: 'webhooks' })),
  ];
  // Count base ids first so a clash is known before the first holder is named.
  const counts = new Map<string, number>();
  for (const { route, method, op } of all) {
    const base = baseId(route, method, op);
    counts.set(base, (counts.get(base) ?? 0) + 1);
  }
  // Which operation holds each assigned id, so a rename names the one that kept it.
  const holders = new Map<string, string>();
  for (const { route, method, op, where } of all) {
    const base = baseId(route, method, op);
    const qualifier = pascalCase(route.split('/').find((s) => s !== '' && !s.startsWith('{')) ?? method);
    const id = uniqueIdentifier(base, taken, qualifier);
    const self = `${where === 'webhooks' ? 'webhook ' : ''}${method.toUpperCase()} ${route}`;
    if (id !== base) {
      const others = (counts.get(base) ?? 1) - 1;
      const upstream = typeof op.operationId === 'string' ? `operationId "${op.operationId}" gives "${base}"` : `the derived operationId "${base}"`;
      const holder = holders.get(base);
      const clash = holder ? `as it does for ${holder}, which keeps it` : others > 0 ? `which ${others} other operation${others === 1 ? '' : 's'} also get${others === 1 ? 's' : ''}` : 'which is taken';
      warnings.push({ kind: 'operation-id', level: 'WARN', message: `${self}: ${upstream}, ${clash}; renamed to "${id}"`, file, pointer: toPointer([where, route, method, 'operationId']) });
    }
    holders.set(id, self);
    op.operationId = id;
  }
  return warnings;
}

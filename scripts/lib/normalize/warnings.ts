/**
 * Warnings the normalizer raises without failing: things a reviewer should look at in the
 * upstream document. The CLI prints each as one line on stderr with its location.
 */
import { isObject, toPointer } from '../openapi/pointer.js';
import { isHttpMethod } from '../openapi/kinds.js';

/**
 * What a warning is about, so a review can group and rank them:
 *
 * | kind | raised when |
 * | --- | --- |
 * | `overlay-unmatched` | an overlay action selects nothing (upstream may have fixed the quirk, or moved the thing); `action` says which |
 * | `upstream-construct` | upstream holds something worth a look (a credential parameter, a plain-http server) |
 * | `repaired` | a malformed upstream piece was dropped so generation can go on |
 * | `operation-id` | an upstream operationId was missing, invalid or duplicated and was replaced |
 */
export type NormalizeWarningKind = 'overlay-unmatched' | 'upstream-construct' | 'repaired' | 'operation-id';

/** One warning with the file and JSON pointer it is about. */
export interface NormalizeWarning {
  kind: NormalizeWarningKind;
  /** Review level; every normalize warning is a WARN (a strict run turns misses into errors). */
  level: 'WARN';
  message: string;
  file: string;
  pointer: string;
  /** For `overlay-unmatched`: the action (0-based index), its target and its description. */
  action?: { index: number; target: string; description?: string };
}

/**
 * Upstream constructs that deserve a look: an `Authorization` header declared as a parameter
 * (credentials belong in a security scheme, and a generated client would put the token in a
 * typed, loggable argument), and server URLs that are `javascript:` or plain `http:`.
 */
export function inspectDocument(doc: Record<string, any>, file: string): NormalizeWarning[] {
  const out: NormalizeWarning[] = [];
  const servers = (list: unknown, at: (string | number)[]): void => {
    if (!Array.isArray(list)) return;
    list.forEach((server, i) => {
      const url = isObject(server) ? server.url : undefined;
      if (typeof url !== 'string') return;
      const scheme = /^\s*([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
      if (scheme === 'javascript') out.push({ kind: 'upstream-construct', level: 'WARN', message: `server URL uses the javascript: scheme (${url.slice(0, 60)})`, file, pointer: toPointer([...at, i, 'url']) });
      else if (scheme === 'http') out.push({ kind: 'upstream-construct', level: 'WARN', message: `server URL is plain http (${url})`, file, pointer: toPointer([...at, i, 'url']) });
    });
  };
  const params = (list: unknown, at: (string | number)[]): void => {
    if (!Array.isArray(list)) return;
    list.forEach((param, i) => {
      if (isObject(param) && param.in === 'header' && typeof param.name === 'string' && param.name.toLowerCase() === 'authorization') {
        out.push({ kind: 'upstream-construct', level: 'WARN', message: 'an Authorization header is declared as a parameter; credentials belong in a security scheme', file, pointer: toPointer([...at, i]) });
      }
    });
  };
  servers(doc.servers, ['servers']);
  for (const [route, item] of Object.entries(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    servers(item.servers, ['paths', route, 'servers']);
    params(item.parameters, ['paths', route, 'parameters']);
    for (const [method, op] of Object.entries(item)) {
      if (!isHttpMethod(method) || !isObject(op)) continue;
      servers(op.servers, ['paths', route, method, 'servers']);
      params(op.parameters, ['paths', route, method, 'parameters']);
    }
  }
  for (const [name, param] of Object.entries(isObject(doc.components?.parameters) ? doc.components.parameters : {})) {
    if (isObject(param) && param.in === 'header' && typeof param.name === 'string' && param.name.toLowerCase() === 'authorization') {
      out.push({ kind: 'upstream-construct', level: 'WARN', message: 'an Authorization header is declared as a parameter; credentials belong in a security scheme', file, pointer: toPointer(['components', 'parameters', name]) });
    }
  }
  return out;
}

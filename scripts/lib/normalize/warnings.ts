/**
 * Warnings the normalizer raises without failing: things a reviewer should look at in the
 * upstream document. The CLI prints each as one line on stderr with its location.
 */
import { isObject, toPointer } from '../openapi/pointer.js';
import { isHttpMethod } from '../openapi/kinds.js';

/** One warning with the file and JSON pointer it is about. */
export interface NormalizeWarning {
  message: string;
  file: string;
  pointer: string;
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
      if (scheme === 'javascript') out.push({ message: `server URL uses the javascript: scheme (${url.slice(0, 60)})`, file, pointer: toPointer([...at, i, 'url']) });
      else if (scheme === 'http') out.push({ message: `server URL is plain http (${url})`, file, pointer: toPointer([...at, i, 'url']) });
    });
  };
  const params = (list: unknown, at: (string | number)[]): void => {
    if (!Array.isArray(list)) return;
    list.forEach((param, i) => {
      if (isObject(param) && param.in === 'header' && typeof param.name === 'string' && param.name.toLowerCase() === 'authorization') {
        out.push({ message: 'an Authorization header is declared as a parameter; credentials belong in a security scheme', file, pointer: toPointer([...at, i]) });
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
      out.push({ message: 'an Authorization header is declared as a parameter; credentials belong in a security scheme', file, pointer: toPointer(['components', 'parameters', name]) });
    }
  }
  return out;
}

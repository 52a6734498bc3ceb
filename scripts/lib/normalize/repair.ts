/**
 * Repairs for malformed pieces that would crash code generation. Published documents carry
 * some (SailPoint's beta document has webhook `responses` holding `required: true`, a request
 * body field in the wrong place); openapi-typescript throws on them. Each repair removes the
 * malformed entry and says so in a warning, so the import goes on and a reviewer sees it.
 */
import { isHttpMethod } from '../openapi/kinds.js';
import { isObject, toPointer } from '../openapi/pointer.js';
import type { NormalizeWarning } from './warnings.js';

/** Drop non-object responses and parameters of every operation, in place. */
export function dropMalformed(doc: Record<string, any>, file: string): NormalizeWarning[] {
  const warnings: NormalizeWarning[] = [];
  for (const where of ['paths', 'webhooks'] as const) {
    const items = doc[where];
    if (!isObject(items)) continue;
    for (const [route, item] of Object.entries(items)) {
      if (!isObject(item)) continue;
      for (const [method, op] of Object.entries(item)) {
        if (!isHttpMethod(method) || !isObject(op)) continue;
        if (isObject(op.responses)) {
          for (const [status, response] of Object.entries(op.responses)) {
            if (isObject(response) || status.startsWith('x-')) continue;
            delete op.responses[status];
            warnings.push({ kind: 'repaired', level: 'WARN', message: `responses entry "${status}" is not a Response Object; dropped`, file, pointer: toPointer([where, route, method, 'responses', status]) });
          }
        }
        if (Array.isArray(op.parameters)) {
          const kept = op.parameters.filter((p: unknown) => isObject(p));
          if (kept.length !== op.parameters.length) {
            warnings.push({ kind: 'repaired', level: 'WARN', message: `${op.parameters.length - kept.length} parameter(s) are not Parameter Objects; dropped`, file, pointer: toPointer([where, route, method, 'parameters']) });
            op.parameters = kept;
          }
        }
      }
    }
  }
  return warnings;
}

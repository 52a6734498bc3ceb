/**
 * Keep only the media types the clients speak. A provider config may list them
 * (`mediaTypes: [application/json]`); every request body and response of the kept operations
 * (and of the components they use) then drops the others. ZITADEL's older documents offer gRPC
 * and gRPC-web beside JSON and its newer ones JSON alone: without this, the upstream dropping
 * media types our JSON client never sends would be reported as a breaking change, and a mock
 * built from the older document would answer in gRPC.
 */
import { isObject } from '../openapi/pointer.js';
import { HTTP_METHODS } from '../openapi/kinds.js';

function filterContent(holder: unknown, keep: ReadonlySet<string>): void {
  if (!isObject(holder) || !isObject(holder.content)) return;
  const kept = Object.fromEntries(Object.entries(holder.content).filter(([type]) => keep.has(type.split(';')[0]!.trim().toLowerCase())));
  // A body or response offered only in other media types stays as upstream wrote it, so the
  // loss is visible in review instead of silently turning into "no content".
  if (Object.keys(kept).length > 0) holder.content = kept;
}

/** Drop media types not in `mediaTypes` from `doc` (in place); no list keeps everything. */
export function keepMediaTypes(doc: Record<string, any>, mediaTypes: readonly string[] | undefined): void {
  if (!mediaTypes || mediaTypes.length === 0) return;
  const keep = new Set(mediaTypes.map((t) => t.toLowerCase()));
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!isObject(op)) continue;
      filterContent(op.requestBody, keep);
      for (const response of Object.values(isObject(op.responses) ? op.responses : {})) filterContent(response, keep);
    }
  }
  const components = isObject(doc.components) ? doc.components : {};
  for (const section of ['requestBodies', 'responses'] as const) {
    for (const entry of Object.values(isObject(components[section]) ? components[section] : {})) filterContent(entry, keep);
  }
}

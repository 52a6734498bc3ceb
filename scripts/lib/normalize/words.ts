/**
 * Our own words in the normalized spec, all from provider.yaml (upstream's are dropped first, see
 * `prose.ts`):
 *
 * | provider.yaml | lands in |
 * | --- | --- |
 * | `description` | `info.description` |
 * | `operations.<id>.summary` (required), `.description` | the operation |
 * | `schemaDescriptions.<Name>` | `components.schemas.<Name>.description` |
 *
 * Applied after the overlay, so an operation the overlay adds gets its words here too, and a
 * schema named here must exist in the final document.
 */
import { PipelineError } from '../errors.js';
import { escapeToken, isObject } from '../openapi/pointer.js';
import { isHttpMethod } from '../openapi/kinds.js';
import type { NormalizeConfig } from './config.js';
import { words } from './names.js';

/** `deactivateUserGrant` → `Deactivate user grant`: the summary of an operation given none. */
function summaryFromId(id: string): string {
  const text = words(id).join(' ').toLowerCase();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Put the config's words into `doc`, in place. */
export function applyWords(doc: Record<string, any>, config: NormalizeConfig): void {
  if (config.description !== undefined) doc.info = { ...doc.info, description: config.description };
  const byId = new Map<string, Record<string, any>>();
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) if (isHttpMethod(method) && isObject(op) && typeof op.operationId === 'string') byId.set(op.operationId, op);
  }
  for (const ours of config.operations) {
    const op = byId.get(ours.id);
    if (!op) continue; // the cut and the hand-written check already name missing operations
    if (ours.summary !== undefined) op.summary = ours.summary;
    else if (typeof op.summary !== 'string' || op.summary.trim() === '') op.summary = summaryFromId(ours.id);
    if (ours.description !== undefined) op.description = ours.description;
  }
  for (const [name, text] of Object.entries(config.schemaDescriptions)) {
    const schema = doc.components?.schemas?.[name];
    if (!isObject(schema)) throw new PipelineError(`schemaDescriptions names "${name}", which is not a schema of the result`, config.file, `#/schemaDescriptions/${escapeToken(name)}`);
    schema.description = text;
  }
}

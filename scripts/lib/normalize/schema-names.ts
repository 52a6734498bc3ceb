/**
 * Schema names as PascalCase TypeScript identifiers (`accounts-export-report-arguments` →
 * `AccountsExportReportArguments`, `Campaign-2` → `Campaign2`, `rpcStatus` → `RpcStatus`).
 * openapi-typescript quotes odd keys, so odd names still compile, but consumers write these
 * names in their own code (`components['schemas']['Account']`, facade re-exports), and the
 * project's convention is PascalCase.
 */
import { isPascalIdentifier, pascalCase, uniqueIdentifier } from './names.js';
import { renameComponents, type ComponentKey } from './refs.js';

/**
 * Rename every schema whose name is not a PascalCase identifier. Names that already are keep
 * theirs (and win any clash); the others take the respelled name, or a numbered one on a clash.
 * Pure: returns the new document and the renames made.
 */
export function sanitizeSchemaNames(doc: Record<string, any>): { doc: Record<string, any>; renames: Map<ComponentKey, string> } {
  const names = Object.keys(doc.components?.schemas ?? {});
  const taken = new Set(names.filter(isPascalIdentifier));
  const renames = new Map<ComponentKey, string>();
  for (const name of names) {
    if (isPascalIdentifier(name)) continue;
    renames.set(`schemas/${name}`, uniqueIdentifier(pascalCase(name), taken));
  }
  return { doc: renameComponents(doc, renames), renames };
}

/**
 * Response headers. openapi-fetch does not type headers (they are read from `response.headers`),
 * so nothing here breaks compilation; what changes is whether code that reads a header still
 * finds what it expects.
 */
import type { SchemaDeltaKind } from '../compare-schema.js';
import type { DeltaKey } from '../deltas.js';
import { type RuleCheck, when } from './rule.js';

/** An optional header is no longer sent. */
export const responseHeaderRemoved = when('header-removed', (d) => (d.header.required ? undefined : { name: d.header.name, status: d.status }));

/** A header the base promised on every response is no longer sent. */
export const responseRequiredHeaderRemoved = when('header-removed', (d) => (d.header.required ? { name: d.header.name, status: d.status } : undefined));

/** A new header. */
export const responseHeaderAdded = when('header-added', (d) => ({ name: d.header.name, status: d.status }));

/** A header may now be missing. */
export const responseHeaderBecameOptional = when('header-required', (d) => (d.to ? undefined : { name: d.header.name, status: d.status }));

/** A header is now always sent. */
export const responseHeaderBecameRequired = when('header-required', (d) => (d.to ? { name: d.header.name, status: d.status } : undefined));

/** Schema findings other than docs; description and deprecation go to the docs and property rules. */
const SCHEMA_KINDS: SchemaDeltaKind[] = [
  'type', 'nullable', 'format', 'enum-value-added', 'enum-value-removed', 'enum-restricted', 'enum-unrestricted',
  'property-added', 'property-removed', 'required-added', 'required-removed', 'additional-properties', 'bound', 'default',
  'variant-added', 'variant-removed', 'discriminator',
];

/** The header's value schema changed in any way but its description. */
export const responseHeaderSchemaChanged: RuleCheck[] = SCHEMA_KINDS.map((kind) =>
  when(`schema:${kind}` as DeltaKey, (d) => {
    const delta = d as unknown as { site: { where: string; status?: string; header?: { name: string } }; d: { kind: string; name: string } };
    if (delta.site.where !== 'response-header') return undefined;
    return { name: delta.site.header!.name, status: delta.site.status!, what: delta.d.kind + (delta.d.name ? ` at ${delta.d.name}` : '') };
  }),
);

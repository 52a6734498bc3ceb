/**
 * Responses: status codes, media types, and every schema finding about what the client
 * receives. The test a rule applies: does code written against the base response type still
 * compile and behave against the revision?
 */
import { show, showTypes, target, when, type MessageArgs } from './rule.js';

const inBody = (where: string): boolean => where === 'response-body';

/** A success status is gone: code reading that response's `data` loses its type. */
export const responseSuccessStatusRemoved = when('response-removed', (d) => (d.success ? { status: d.status } : undefined));

/** A new success status: `data` becomes a union, status checks may miss it. */
export const responseSuccessStatusAdded = when('response-added', (d) => (d.success ? { status: d.status } : undefined));

/** A new error status is declared. */
export const responseErrorStatusAdded = when('response-added', (d) => (d.success ? undefined : { status: d.status }));

/** A declared error status is gone: code narrowing `error` to it may stop compiling. */
export const responseErrorStatusRemoved = when('response-removed', (d) => (d.success ? undefined : { status: d.status }));

/** A response media type is gone. */
export const responseMediaTypeRemoved = when('media-type-removed', (d) => (d.site === 'response' ? { status: d.status ?? '', mediaType: d.mediaType } : undefined));

/** A new response media type. */
export const responseMediaTypeAdded = when('media-type-added', (d) => (d.site === 'response' ? { status: d.status ?? '', mediaType: d.mediaType } : undefined));

/** A property is gone: code reading it stops compiling. */
export const responsePropertyRemoved = when('schema:property-removed', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name) } : undefined));

/** A new property. */
export const responsePropertyAdded = when('schema:property-added', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name) } : undefined));

/** A property may now be missing: reads need an undefined check. */
export const responsePropertyBecameOptional = when('schema:required-removed', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name) } : undefined));

/** A property is now always present. */
export const responsePropertyBecameRequired = when('schema:required-added', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name) } : undefined));

/** The type may now hold values it could not hold before. */
export const responsePropertyTypeChanged = when('schema:type', (d) =>
  inBody(d.site.where) && d.d.relation !== 'narrowed' ? { target: target(d.site, d.d.name), from: showTypes(d.d.from), to: showTypes(d.d.to) } : undefined,
);

/** The type holds a subset of what it held. */
export const responsePropertyTypeNarrowed = when('schema:type', (d) =>
  inBody(d.site.where) && d.d.relation === 'narrowed' ? { target: target(d.site, d.d.name), from: showTypes(d.d.from), to: showTypes(d.d.to) } : undefined,
);

/** The format changed. */
export const responsePropertyFormatChanged = when('schema:format', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined));

/** A new enum value may arrive: exhaustive switches and narrow unions miss it. */
export const responsePropertyEnumValueAdded = when('schema:enum-value-added', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name), value: show(d.d.value) } : undefined));

/** An enum value will no longer arrive. */
export const responsePropertyEnumValueRemoved = when('schema:enum-value-removed', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name), value: show(d.d.value) } : undefined));

/** An enum became a free-form value. */
export const responsePropertyEnumUnrestricted = when('schema:enum-unrestricted', (d) =>
  inBody(d.site.where) ? { target: target(d.site, d.d.name), values: d.d.values.map(show).join(', ') } : undefined,
);

/** A free-form value became an enum. */
export const responsePropertyEnumRestricted = when('schema:enum-restricted', (d) =>
  inBody(d.site.where) ? { target: target(d.site, d.d.name), values: d.d.values.map(show).join(', ') } : undefined,
);

/** null may now arrive: reads need a null check under strictNullChecks. */
export const responsePropertyBecameNullable = when('schema:nullable', (d) => (inBody(d.site.where) && d.d.to ? { target: target(d.site, d.d.name) } : undefined));

/** null will no longer arrive. */
export const responsePropertyBecameNotNullable = when('schema:nullable', (d) => (inBody(d.site.where) && !d.d.to ? { target: target(d.site, d.d.name) } : undefined));

/** A union gained a member the client does not handle yet. */
export const responsePropertyVariantAdded = when('schema:variant-added', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name), variant: d.d.label } : undefined));

/** A union lost a member. */
export const responsePropertyVariantRemoved = when('schema:variant-removed', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name), variant: d.d.label } : undefined));

/**
 * Received values are held to stricter length, range or count constraints, or to a different
 * pattern: what arrives is a subset of what could arrive.
 */
export const responsePropertyConstraintChanged = [
  when('schema:bound', (d) =>
    inBody(d.site.where) && (d.d.tighter || d.d.bound === 'pattern') ? { target: target(d.site, d.d.name), bound: d.d.bound, from: show(d.d.from), to: show(d.d.to) } : undefined,
  ),
  when('schema:additional-properties', (d) =>
    inBody(d.site.where) ? { target: target(d.site, d.d.name), bound: 'additionalProperties', from: d.d.relation === 'restricted' ? 'allowed' : 'false', to: d.d.relation === 'restricted' ? 'false' : 'allowed' } : undefined,
  ),
];

/**
 * A length, range or count constraint of received values was relaxed or dropped: values the old
 * contract ruled out (and client-side validation or storage sized for it) may now arrive.
 */
export const responsePropertyConstraintRelaxed = when('schema:bound', (d) =>
  inBody(d.site.where) && !d.d.tighter && d.d.bound !== 'pattern' ? { target: target(d.site, d.d.name), bound: d.d.bound, from: show(d.d.from), to: show(d.d.to) } : undefined,
);

/** The documented default changed. */
export const responsePropertyDefaultChanged = when('schema:default', (d) => (inBody(d.site.where) ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined));

/** A response property's (or header's) deprecation mark changed. */
export const responsePropertyDeprecated = when('schema:deprecated', (d) =>
  d.site.where === 'response-body' || d.site.where === 'response-header' ? { target: target(d.site, d.d.name), state: d.d.to ? 'now deprecated' : 'no longer deprecated' } : undefined,
);

const tagText = (d: { propertyFrom?: string; propertyTo?: string; added: string[]; removed: string[] }): MessageArgs => ({
  property: d.propertyFrom === d.propertyTo ? (d.propertyTo ?? '(none)') : `${d.propertyFrom ?? '(none)'} → ${d.propertyTo ?? '(none)'}`,
  added: d.added.length > 0 ? d.added.join(', ') : '(none)',
  removed: d.removed.length > 0 ? d.removed.join(', ') : '(none)',
});

/** The tag property changed or new tag values may arrive: code switching on the tag misses them. */
export const responsePropertyDiscriminatorChanged = when('schema:discriminator', (d) =>
  inBody(d.site.where) && (d.d.propertyFrom !== d.d.propertyTo || d.d.added.length > 0) ? { target: target(d.site, d.d.name), ...tagText(d.d) } : undefined,
);

/** Tag values will no longer arrive. */
export const responsePropertyDiscriminatorNarrowed = when('schema:discriminator', (d) =>
  inBody(d.site.where) && d.d.propertyFrom === d.d.propertyTo && d.d.added.length === 0 ? { target: target(d.site, d.d.name), ...tagText(d.d) } : undefined,
);

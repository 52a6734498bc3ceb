/**
 * Request bodies: presence, required-ness, media types, and every schema finding about what the
 * client sends (body properties, and properties of object-valued parameters). The test a rule
 * applies: would a request that was valid, and type-checked, against the base still be?
 */
import { atRequestProperty, onRequest, show, showTypes, target, when, type MessageArgs } from './rule.js';

/** A required body appeared where there was none. */
export const newRequiredRequestBody = when('body-added', (d) => (d.required ? {} : undefined));

/** An optional body appeared. */
export const newOptionalRequestBody = when('body-added', (d) => (d.required ? undefined : {}));

/** The body went away: calls passing `body` no longer type-check. */
export const requestBodyRemoved = when('body-removed', () => ({}));

/** An optional body became required. */
export const requestBodyBecameRequired = when('body-required', (d) => (d.to ? {} : undefined));

/** A required body became optional. */
export const requestBodyBecameOptional = when('body-required', (d) => (d.to ? undefined : {}));

/** A request media type is no longer accepted. */
export const requestBodyMediaTypeRemoved = when('media-type-removed', (d) => (d.site === 'request' ? { mediaType: d.mediaType } : undefined));

/** A new request media type is accepted. */
export const requestBodyMediaTypeAdded = when('media-type-added', (d) => (d.site === 'request' ? { mediaType: d.mediaType } : undefined));

/** A new required property: existing calls do not send it. */
export const newRequiredRequestProperty = when('schema:property-added', (d) =>
  atRequestProperty(d.site, d.d) && d.d.required ? { target: target(d.site, d.d.name) } : undefined,
);

/** A new optional property. */
export const newOptionalRequestProperty = when('schema:property-added', (d) =>
  atRequestProperty(d.site, d.d) && !d.d.required ? { target: target(d.site, d.d.name) } : undefined,
);

/** A property was removed: object literals that set it fail the excess-property check. */
export const requestPropertyRemoved = when('schema:property-removed', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name) } : undefined));

/** An optional property became required. */
export const requestPropertyBecameRequired = when('schema:required-added', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name) } : undefined));

/** A required property became optional. */
export const requestPropertyBecameOptional = when('schema:required-removed', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name) } : undefined));

/** The type no longer accepts what it accepted. */
export const requestPropertyTypeChanged = when('schema:type', (d) =>
  atRequestProperty(d.site, d.d) && d.d.relation !== 'widened' ? { target: target(d.site, d.d.name), from: showTypes(d.d.from), to: showTypes(d.d.to) } : undefined,
);

/** The type accepts more than before. */
export const requestPropertyTypeWidened = when('schema:type', (d) =>
  atRequestProperty(d.site, d.d) && d.d.relation === 'widened' ? { target: target(d.site, d.d.name), from: showTypes(d.d.from), to: showTypes(d.d.to) } : undefined,
);

/** The format changed. */
export const requestPropertyFormatChanged = when('schema:format', (d) =>
  atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined,
);

/** An enum value the client may send is no longer accepted. */
export const requestPropertyEnumValueRemoved = when('schema:enum-value-removed', (d) =>
  atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name), value: show(d.d.value) } : undefined,
);

/** A new enum value is accepted. */
export const requestPropertyEnumValueAdded = when('schema:enum-value-added', (d) =>
  atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name), value: show(d.d.value) } : undefined,
);

/** A free-form value became an enum. */
export const requestPropertyEnumRestricted = when('schema:enum-restricted', (d) =>
  atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name), values: d.d.values.map(show).join(', ') } : undefined,
);

const tightened = (bound: string) =>
  when('schema:bound', (d) =>
    atRequestProperty(d.site, d.d) && d.d.tighter && d.d.bound === bound ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined,
  );

/** maxLength decreased or was added. */
export const requestPropertyMaxLengthDecreased = tightened('maxLength');
/** minLength increased or was added. */
export const requestPropertyMinLengthIncreased = tightened('minLength');
/** maximum decreased or was added. */
export const requestPropertyMaxDecreased = tightened('maximum');
/** minimum increased or was added. */
export const requestPropertyMinIncreased = tightened('minimum');
/** pattern added or changed. */
export const requestPropertyPatternChanged = tightened('pattern');
/** maxItems decreased or was added. */
export const requestPropertyMaxItemsDecreased = tightened('maxItems');
/** minItems increased or was added. */
export const requestPropertyMinItemsIncreased = tightened('minItems');

const SPECIFIC = new Set(['maxLength', 'minLength', 'maximum', 'minimum', 'pattern', 'maxItems', 'minItems']);

/** Any other constraint got stricter (property counts, multipleOf, uniqueItems). */
export const requestPropertyConstraintTightened = when('schema:bound', (d) =>
  atRequestProperty(d.site, d.d) && d.d.tighter && !SPECIFIC.has(d.d.bound) ? { target: target(d.site, d.d.name), bound: d.d.bound, from: show(d.d.from), to: show(d.d.to) } : undefined,
);

/** A constraint was relaxed (or an enum dropped). */
export const requestPropertyConstraintRelaxed = [
  when('schema:bound', (d) => (atRequestProperty(d.site, d.d) && !d.d.tighter ? { target: target(d.site, d.d.name), bound: d.d.bound, from: show(d.d.from), to: show(d.d.to) } : undefined)),
  when('schema:enum-unrestricted', (d) => (atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name), bound: 'enum', from: d.d.values.map(show).join(', '), to: '(any)' } : undefined)),
];

/** null is now accepted (request parameters included). */
export const requestPropertyBecameNullable = when('schema:nullable', (d) => (onRequest(d.site) && d.d.to ? { target: target(d.site, d.d.name) } : undefined));

/** null is no longer accepted: code that passes null stops compiling. */
export const requestPropertyBecameNotNullable = when('schema:nullable', (d) => (onRequest(d.site) && !d.d.to ? { target: target(d.site, d.d.name) } : undefined));

/** A union gained a member: more shapes are accepted. */
export const requestPropertyVariantAdded = when('schema:variant-added', (d) => (onRequest(d.site) ? { target: target(d.site, d.d.name), variant: d.d.label } : undefined));

/** A union lost a member: requests of that shape are refused. */
export const requestPropertyVariantRemoved = when('schema:variant-removed', (d) => (onRequest(d.site) ? { target: target(d.site, d.d.name), variant: d.d.label } : undefined));

/** The object no longer accepts unlisted properties. */
export const requestPropertyAdditionalPropertiesRestricted = when('schema:additional-properties', (d) =>
  onRequest(d.site) && d.d.relation === 'restricted' ? { target: target(d.site, d.d.name) } : undefined,
);

/** The object now accepts unlisted properties. */
export const requestPropertyAdditionalPropertiesAllowed = when('schema:additional-properties', (d) =>
  onRequest(d.site) && d.d.relation === 'allowed' ? { target: target(d.site, d.d.name) } : undefined,
);

/** The value assumed when the property is omitted changed. */
export const requestPropertyDefaultChanged = when('schema:default', (d) =>
  atRequestProperty(d.site, d.d) ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined,
);

/** A request property's deprecation mark changed. */
export const requestPropertyDeprecated = when('schema:deprecated', (d) =>
  onRequest(d.site) ? { target: target(d.site, d.d.name), state: d.d.to ? 'now deprecated' : 'no longer deprecated' } : undefined,
);

const tagText = (d: { propertyFrom?: string; propertyTo?: string; added: string[]; removed: string[] }): MessageArgs => ({
  property: d.propertyFrom === d.propertyTo ? (d.propertyTo ?? '(none)') : `${d.propertyFrom ?? '(none)'} → ${d.propertyTo ?? '(none)'}`,
  added: d.added.length > 0 ? d.added.join(', ') : '(none)',
  removed: d.removed.length > 0 ? d.removed.join(', ') : '(none)',
});

/** The union's tag property changed or tag values were dropped: requests tagged the old way are refused. */
export const requestPropertyDiscriminatorChanged = when('schema:discriminator', (d) =>
  onRequest(d.site) && (d.d.propertyFrom !== d.d.propertyTo || d.d.removed.length > 0) ? { target: target(d.site, d.d.name), ...tagText(d.d) } : undefined,
);

/** The union accepts new tag values only. */
export const requestPropertyDiscriminatorExtended = when('schema:discriminator', (d) =>
  onRequest(d.site) && d.d.propertyFrom === d.d.propertyTo && d.d.removed.length === 0 ? { target: target(d.site, d.d.name), ...tagText(d.d) } : undefined,
);

/**
 * Request parameters (path, query, header, cookie): presence, required-ness, location,
 * serialization, and the constraints of their own schema (object-valued parameters' properties
 * are judged by the request-property rules).
 */
import { atParameterLevel, show, showTypes, target, when } from './rule.js';

const paramName = (p: { in: string; name: string }): string => `${p.in} parameter '${p.name}'`;

/** A new required parameter: existing calls do not send it. */
export const newRequiredRequestParameter = when('parameter-added', (d) => (d.param.required ? { target: paramName(d.param) } : undefined));

/** A new optional parameter. */
export const newOptionalRequestParameter = when('parameter-added', (d) => (d.param.required ? undefined : { target: paramName(d.param) }));

/** A parameter was removed: calls that set it no longer type-check. */
export const requestParameterRemoved = when('parameter-removed', (d) => ({ target: paramName(d.param) }));

/** A parameter moved (query to header, ...). */
export const requestParameterLocationChanged = when('parameter-moved', (d) => ({ name: d.param.name, from: d.from, to: d.param.in }));

/** An optional parameter became required. */
export const requestParameterBecameRequired = when('parameter-required', (d) => (d.to ? { target: paramName(d.param) } : undefined));

/** A required parameter became optional. */
export const requestParameterBecameOptional = when('parameter-required', (d) => (d.to ? undefined : { target: paramName(d.param) }));

/** Serialization style or explode changed: the same value goes on the wire differently. */
export const requestParameterStyleChanged = when('parameter-style', (d) => ({ target: paramName(d.param), from: d.from, to: d.to }));

/** The parameter's deprecation mark changed. */
export const requestParameterDeprecated = when('parameter-deprecated', (d) => ({ target: paramName(d.param), state: d.to ? 'now deprecated' : 'no longer deprecated' }));

/** The parameter's type no longer accepts what it accepted. */
export const requestParameterTypeChanged = when('schema:type', (d) =>
  atParameterLevel(d.site, d.d) && d.d.relation !== 'widened' ? { target: target(d.site, d.d.name), from: showTypes(d.d.from), to: showTypes(d.d.to) } : undefined,
);

/** The parameter's type accepts more than before. */
export const requestParameterTypeWidened = when('schema:type', (d) =>
  atParameterLevel(d.site, d.d) && d.d.relation === 'widened' ? { target: target(d.site, d.d.name), from: showTypes(d.d.from), to: showTypes(d.d.to) } : undefined,
);

/** The parameter's format changed. */
export const requestParameterFormatChanged = when('schema:format', (d) =>
  atParameterLevel(d.site, d.d) ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined,
);

/** An enum value the client may send is no longer accepted. */
export const requestParameterEnumValueRemoved = when('schema:enum-value-removed', (d) =>
  atParameterLevel(d.site, d.d) ? { target: target(d.site, d.d.name), value: show(d.d.value) } : undefined,
);

/** A new enum value is accepted. */
export const requestParameterEnumValueAdded = when('schema:enum-value-added', (d) =>
  atParameterLevel(d.site, d.d) ? { target: target(d.site, d.d.name), value: show(d.d.value) } : undefined,
);

/** A free-form parameter became an enum. */
export const requestParameterEnumRestricted = when('schema:enum-restricted', (d) =>
  atParameterLevel(d.site, d.d) ? { target: target(d.site, d.d.name), values: d.d.values.map(show).join(', ') } : undefined,
);

const tightened = (bound: string) =>
  when('schema:bound', (d) =>
    atParameterLevel(d.site, d.d) && d.d.tighter && d.d.bound === bound ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined,
  );

/** maxLength decreased or was added. */
export const requestParameterMaxLengthDecreased = tightened('maxLength');
/** minLength increased or was added. */
export const requestParameterMinLengthIncreased = tightened('minLength');
/** maximum decreased or was added. */
export const requestParameterMaxDecreased = tightened('maximum');
/** minimum increased or was added. */
export const requestParameterMinIncreased = tightened('minimum');
/** pattern added or changed. */
export const requestParameterPatternChanged = tightened('pattern');

const SPECIFIC = new Set(['maxLength', 'minLength', 'maximum', 'minimum', 'pattern']);

/** Any other constraint got stricter (item counts, multipleOf, uniqueItems). */
export const requestParameterConstraintTightened = when('schema:bound', (d) =>
  atParameterLevel(d.site, d.d) && d.d.tighter && !SPECIFIC.has(d.d.bound) ? { target: target(d.site, d.d.name), bound: d.d.bound, from: show(d.d.from), to: show(d.d.to) } : undefined,
);

/** A constraint was relaxed (or an enum dropped): the parameter accepts more. */
export const requestParameterConstraintRelaxed = [
  when('schema:bound', (d) => (atParameterLevel(d.site, d.d) && !d.d.tighter ? { target: target(d.site, d.d.name), bound: d.d.bound, from: show(d.d.from), to: show(d.d.to) } : undefined)),
  when('schema:enum-unrestricted', (d) => (atParameterLevel(d.site, d.d) ? { target: target(d.site, d.d.name), bound: 'enum', from: d.d.values.map(show).join(', '), to: '(any)' } : undefined)),
];

/** The value the server assumes when the parameter is omitted changed. */
export const requestParameterDefaultChanged = when('schema:default', (d) =>
  atParameterLevel(d.site, d.d) ? { target: target(d.site, d.d.name), from: show(d.d.from), to: show(d.d.to) } : undefined,
);

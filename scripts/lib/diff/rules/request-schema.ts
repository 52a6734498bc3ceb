/**
 * The request-schema rule family: what a client may send, judged by the same findings whether
 * the schema is a parameter's own value or a property of a request body (or of an object-valued
 * parameter). Each row of {@link ROWS} is one finding with one message; it yields one rule per
 * site it lists, each with its own id (`request-parameter-<name>`, `request-property-<name>`),
 * level and oasdiff counterparts. oasdiff builds its bound rules the same way
 * (checker/bound_rules.go): the site test is the only thing that differs between the copies.
 *
 * Levels follow oasdiff's rule table (a tighter contract is breaking whatever a lenient server
 * does): a bound tightened from a value is ERR, a bound set where there was none is WARN, a
 * pattern added is ERR and a changed one WARN, a parameter's default changed is ERR and a body
 * property's INFO.
 *
 * One concept, the family's table, which is why the file runs past 300 lines.
 */
import type { BoundName, SchemaDelta, SchemaDeltaKind } from '../compare-schema.js';
import type { DeltaFor, DeltaKey, SchemaSite } from '../deltas.js';
import type { Area, Kind, Level, OasdiffRule, RuleMeta } from '../types.js';
import { atParameterLevel, atRequestProperty, onRequest, show, showTypes, target, when, type MessageArgs, type RuleCheck } from './rule.js';

/**
 * Where a finding sits: a parameter's own value (its schema root or array items), a request
 * property (of a body or of an object-valued parameter), or anywhere in a request (rules that
 * judge both alike and carry the `request-property-` id).
 */
export type RequestSite = 'parameter' | 'property' | 'request';

const SITES: Readonly<Record<RequestSite, { prefix: string; area: Area; test: (site: SchemaSite, d: SchemaDelta) => boolean }>> = {
  parameter: { prefix: 'request-parameter', area: 'parameters', test: atParameterLevel },
  property: { prefix: 'request-property', area: 'request-body', test: atRequestProperty },
  request: { prefix: 'request-property', area: 'request-body', test: (site) => onRequest(site) },
};

/** One site's verdict: the level, oasdiff's rules for the same change, and why we differ. */
interface Verdict {
  level: Level;
  oasdiff: readonly OasdiffRule[];
  differs?: string;
}

/** The schema delta a row's check receives. */
type Finding<K extends SchemaDeltaKind> = DeltaFor<`schema:${K}`>;

/** One finding of the family: id suffix, kind, message and the sites it has a rule for. */
interface Row {
  name: string;
  kind: Kind;
  on: SchemaDeltaKind;
  message: string;
  check: (delta: Finding<SchemaDeltaKind>) => MessageArgs | undefined;
  sites: Partial<Record<RequestSite, Verdict>>;
}

/** Declare a row; the check's delta type follows from `on`. */
function row<K extends SchemaDeltaKind>(spec: Omit<Row, 'on' | 'check'> & { on: K; check: (delta: Finding<K>) => MessageArgs | undefined }): Row {
  return spec as unknown as Row;
}

const o = (id: string, level: Level): OasdiffRule => ({ id, level });
const verdict = (level: Level, oasdiff: readonly OasdiffRule[], differs?: string): Verdict => (differs ? { level, oasdiff, differs } : { level, oasdiff });

const fromTo = (delta: { site: SchemaSite; d: SchemaDelta & { from?: unknown; to?: unknown } }): MessageArgs => ({
  target: target(delta.site, delta.d.name),
  from: show(delta.d.from),
  to: show(delta.d.to),
});

type BoundFinding = Finding<'bound'>;
/** A bound that got stricter from an existing value (`from` set) or was set where there was none. */
const tightenedFrom = (bound: BoundName) => (x: BoundFinding) => (x.d.bound === bound && x.d.tighter && x.d.from !== undefined ? fromTo(x) : undefined);
const setFresh = (bound: BoundName) => (x: BoundFinding) => (x.d.bound === bound && x.d.tighter && x.d.from === undefined ? fromTo(x) : undefined);

/** Bounds with a row of their own; the rest go to the catch-all `constraint-tightened`. */
const OWN_ROWS = new Set<BoundName>(['maxLength', 'minLength', 'maximum', 'minimum', 'maxItems', 'minItems', 'pattern']);

const tagText = (d: { propertyFrom?: string; propertyTo?: string; added: string[]; removed: string[] }): MessageArgs => ({
  property: d.propertyFrom === d.propertyTo ? (d.propertyTo ?? '(none)') : `${d.propertyFrom ?? '(none)'} → ${d.propertyTo ?? '(none)'}`,
  added: d.added.length > 0 ? d.added.join(', ') : '(none)',
  removed: d.removed.length > 0 ? d.removed.join(', ') : '(none)',
});

/** The family. Row order is the registry's order. */
const ROWS: readonly Row[] = [
  row({
    name: 'type-changed', kind: 'change', on: 'type', message: '{target} type changed from {from} to {to}',
    check: (x) => (x.d.relation !== 'widened' ? { target: target(x.site, x.d.name), from: showTypes(x.d.from), to: showTypes(x.d.to) } : undefined),
    sites: { parameter: verdict('ERR', [o('request-parameter-type-changed', 'ERR')]), property: verdict('ERR', [o('request-property-type-changed', 'ERR')]) },
  }),
  row({
    name: 'type-widened', kind: 'widen', on: 'type', message: '{target} type widened from {from} to {to}',
    check: (x) => (x.d.relation === 'widened' ? { target: target(x.site, x.d.name), from: showTypes(x.d.from), to: showTypes(x.d.to) } : undefined),
    sites: { parameter: verdict('INFO', [o('request-parameter-type-generalized', 'INFO')]), property: verdict('INFO', [o('request-property-type-generalized', 'INFO')]) },
  }),
  row({
    // oasdiff judges a format set or changed under its type-changed rules.
    name: 'format-changed', kind: 'change', on: 'format', message: '{target} format changed from {from} to {to}',
    check: fromTo,
    sites: { parameter: verdict('ERR', [o('request-parameter-type-changed', 'ERR')]), property: verdict('ERR', [o('request-property-type-changed', 'ERR')]) },
  }),
  row({
    name: 'enum-value-removed', kind: 'narrow', on: 'enum-value-removed', message: '{target} no longer accepts enum value {value}',
    check: (x) => ({ target: target(x.site, x.d.name), value: show(x.d.value) }),
    sites: { parameter: verdict('ERR', [o('request-parameter-enum-value-removed', 'ERR')]), property: verdict('ERR', [o('request-property-enum-value-removed', 'ERR')]) },
  }),
  row({
    name: 'enum-value-added', kind: 'widen', on: 'enum-value-added', message: '{target} accepts new enum value {value}',
    check: (x) => ({ target: target(x.site, x.d.name), value: show(x.d.value) }),
    sites: { parameter: verdict('INFO', [o('request-parameter-enum-value-added', 'INFO')]), property: verdict('INFO', [o('request-property-enum-value-added', 'INFO')]) },
  }),
  row({
    name: 'enum-restricted', kind: 'narrow', on: 'enum-restricted', message: '{target} is now limited to the values {values}',
    check: (x) => ({ target: target(x.site, x.d.name), values: x.d.values.map(show).join(', ') }),
    sites: { parameter: verdict('ERR', [o('request-parameter-became-enum', 'ERR')]), property: verdict('ERR', [o('request-property-became-enum', 'ERR')]) },
  }),
  row({
    name: 'max-length-decreased', kind: 'narrow', on: 'bound', message: '{target} maxLength decreased from {from} to {to}',
    check: tightenedFrom('maxLength'),
    sites: { parameter: verdict('ERR', [o('request-parameter-max-length-decreased', 'ERR')]), property: verdict('ERR', [o('request-property-max-length-decreased', 'ERR')]) },
  }),
  row({
    name: 'max-length-set', kind: 'narrow', on: 'bound', message: '{target} maxLength set to {to}',
    check: setFresh('maxLength'),
    sites: { parameter: verdict('WARN', [o('request-parameter-max-length-set', 'WARN')]), property: verdict('WARN', [o('request-property-max-length-set', 'WARN')]) },
  }),
  row({
    // No minimum length is a minimum of 0, so a new minLength is an increase (oasdiff has no
    // separate "set" rule for it either).
    name: 'min-length-increased', kind: 'narrow', on: 'bound', message: '{target} minLength increased from {from} to {to}',
    check: (x) => (x.d.bound === 'minLength' && x.d.tighter ? fromTo(x) : undefined),
    sites: { parameter: verdict('ERR', [o('request-parameter-min-length-increased', 'ERR')]), property: verdict('ERR', [o('request-property-min-length-increased', 'ERR')]) },
  }),
  row({
    name: 'max-decreased', kind: 'narrow', on: 'bound', message: '{target} maximum decreased from {from} to {to}',
    check: tightenedFrom('maximum'),
    sites: { parameter: verdict('ERR', [o('request-parameter-max-decreased', 'ERR')]), property: verdict('ERR', [o('request-property-max-decreased', 'ERR')]) },
  }),
  row({
    name: 'max-set', kind: 'narrow', on: 'bound', message: '{target} maximum set to {to}',
    check: setFresh('maximum'),
    sites: { parameter: verdict('WARN', [o('request-parameter-max-set', 'WARN')]), property: verdict('WARN', [o('request-property-max-set', 'WARN')]) },
  }),
  row({
    name: 'min-increased', kind: 'narrow', on: 'bound', message: '{target} minimum increased from {from} to {to}',
    check: tightenedFrom('minimum'),
    sites: { parameter: verdict('ERR', [o('request-parameter-min-increased', 'ERR')]), property: verdict('ERR', [o('request-property-min-increased', 'ERR')]) },
  }),
  row({
    name: 'min-set', kind: 'narrow', on: 'bound', message: '{target} minimum set to {to}',
    check: setFresh('minimum'),
    sites: { parameter: verdict('WARN', [o('request-parameter-min-set', 'WARN')]), property: verdict('WARN', [o('request-property-min-set', 'WARN')]) },
  }),
  row({
    name: 'max-items-decreased', kind: 'narrow', on: 'bound', message: '{target} maxItems decreased from {from} to {to}',
    check: tightenedFrom('maxItems'),
    sites: { parameter: verdict('ERR', [o('request-parameter-max-items-decreased', 'ERR')]), property: verdict('ERR', [o('request-property-max-items-decreased', 'ERR')]) },
  }),
  row({
    name: 'max-items-set', kind: 'narrow', on: 'bound', message: '{target} maxItems set to {to}',
    check: setFresh('maxItems'),
    // oasdiff has this rule for bodies and properties only; parameters take the same verdict.
    sites: { parameter: verdict('WARN', []), property: verdict('WARN', [o('request-property-max-items-set', 'WARN')]) },
  }),
  row({
    name: 'min-items-increased', kind: 'narrow', on: 'bound', message: '{target} minItems increased from {from} to {to}',
    check: tightenedFrom('minItems'),
    sites: { parameter: verdict('ERR', [o('request-parameter-min-items-increased', 'ERR')]), property: verdict('ERR', [o('request-property-min-items-increased', 'ERR')]) },
  }),
  row({
    name: 'min-items-set', kind: 'narrow', on: 'bound', message: '{target} minItems set to {to}',
    check: setFresh('minItems'),
    sites: { parameter: verdict('WARN', [o('request-parameter-min-items-set', 'WARN')]), property: verdict('WARN', [o('request-property-min-items-set', 'WARN')]) },
  }),
  row({
    name: 'pattern-added', kind: 'narrow', on: 'bound', message: '{target} must now match the pattern {to}',
    check: (x) => (x.d.bound === 'pattern' && x.d.from === undefined && x.d.to !== undefined ? fromTo(x) : undefined),
    sites: { parameter: verdict('ERR', [o('request-parameter-pattern-added', 'ERR')]), property: verdict('ERR', [o('request-property-pattern-added', 'ERR')]) },
  }),
  row({
    // Whether one pattern admits all the other does is not decidable here, so a change warns.
    name: 'pattern-changed', kind: 'narrow', on: 'bound', message: '{target} pattern changed from {from} to {to}',
    check: (x) => (x.d.bound === 'pattern' && x.d.from !== undefined && x.d.to !== undefined ? fromTo(x) : undefined),
    sites: { parameter: verdict('WARN', [o('request-parameter-pattern-changed', 'WARN')]), property: verdict('WARN', [o('request-property-pattern-changed', 'WARN')]) },
  }),
  row({
    name: 'constraint-tightened', kind: 'narrow', on: 'bound', message: '{target} {bound} tightened from {from} to {to}',
    check: (x) => (x.d.tighter && !OWN_ROWS.has(x.d.bound) ? { ...fromTo(x), bound: x.d.bound } : undefined),
    sites: {
      parameter: verdict('ERR', []),
      property: verdict(
        'ERR',
        [o('request-property-max-properties-decreased', 'ERR'), o('request-property-min-properties-increased', 'ERR'), o('request-property-unique-items-set', 'ERR'), o('request-property-multiple-of-changed', 'ERR'), o('request-property-multiple-of-set', 'WARN'), o('request-property-max-properties-set', 'WARN')],
        'one rule for property counts, multipleOf and uniqueItems, set or changed: rated as oasdiff rates a change (ERR), so setting multipleOf or maxProperties where there was none is stricter here than its WARN',
      ),
    },
  }),
  row({
    name: 'constraint-relaxed', kind: 'widen', on: 'bound', message: '{target} {bound} relaxed from {from} to {to}',
    check: (x) => (x.d.tighter ? undefined : { ...fromTo(x), bound: x.d.bound }),
    sites: {
      parameter: verdict('INFO', [o('request-parameter-max-length-increased', 'INFO'), o('request-parameter-min-length-decreased', 'INFO'), o('request-parameter-max-increased', 'INFO'), o('request-parameter-min-decreased', 'INFO'), o('request-parameter-pattern-removed', 'INFO')]),
      property: verdict('INFO', [o('request-property-max-length-increased', 'INFO'), o('request-property-min-length-decreased', 'INFO'), o('request-property-max-increased', 'INFO'), o('request-property-min-decreased', 'INFO'), o('request-property-pattern-removed', 'INFO')]),
    },
  }),
  row({
    name: 'constraint-relaxed', kind: 'widen', on: 'enum-unrestricted', message: '{target} {bound} relaxed from {from} to {to}',
    check: (x) => ({ target: target(x.site, x.d.name), bound: 'enum', from: x.d.values.map(show).join(', '), to: '(any)' }),
    sites: { parameter: verdict('INFO', []), property: verdict('INFO', []) },
  }),
  row({
    name: 'default-changed', kind: 'change', on: 'default', message: '{target} default changed from {from} to {to}',
    check: fromTo,
    sites: {
      // A parameter's default is what the server assumes when a call leaves it out: existing
      // calls change meaning. A body property's default is documentation of the same kind, but
      // oasdiff (and we) rate it INFO.
      parameter: verdict('ERR', [o('request-parameter-default-value-changed', 'ERR'), o('request-parameter-default-value-added', 'ERR'), o('request-parameter-default-value-removed', 'ERR')]),
      property: verdict('INFO', [o('request-property-default-value-changed', 'INFO'), o('request-property-default-value-added', 'INFO'), o('request-property-default-value-removed', 'INFO')]),
    },
  }),
  row({
    name: 'became-nullable', kind: 'widen', on: 'nullable', message: '{target} now accepts null',
    check: (x) => (x.d.to ? { target: target(x.site, x.d.name) } : undefined),
    sites: { request: verdict('INFO', [o('request-property-became-nullable', 'INFO'), o('request-parameter-became-nullable', 'INFO')]) },
  }),
  row({
    name: 'became-not-nullable', kind: 'narrow', on: 'nullable', message: '{target} no longer accepts null',
    check: (x) => (x.d.to ? undefined : { target: target(x.site, x.d.name) }),
    sites: { request: verdict('ERR', [o('request-property-became-not-nullable', 'ERR'), o('request-parameter-became-not-nullable', 'ERR')]) },
  }),
  row({
    name: 'variant-added', kind: 'widen', on: 'variant-added', message: '{target} accepts a new variant {variant}',
    check: (x) => ({ target: target(x.site, x.d.name), variant: x.d.label }),
    sites: { request: verdict('INFO', [o('request-property-one-of-added', 'INFO'), o('request-property-any-of-added', 'INFO')]) },
  }),
  row({
    name: 'variant-removed', kind: 'narrow', on: 'variant-removed', message: '{target} no longer accepts variant {variant}',
    check: (x) => ({ target: target(x.site, x.d.name), variant: x.d.label }),
    sites: { request: verdict('ERR', [o('request-property-one-of-removed', 'ERR'), o('request-property-any-of-removed', 'ERR')]) },
  }),
  row({
    name: 'additional-properties-restricted', kind: 'narrow', on: 'additional-properties', message: '{target} no longer accepts unlisted properties',
    check: (x) => (x.d.relation === 'restricted' ? { target: target(x.site, x.d.name) } : undefined),
    sites: { request: verdict('ERR', []) },
  }),
  row({
    name: 'additional-properties-allowed', kind: 'widen', on: 'additional-properties', message: '{target} now accepts unlisted properties',
    check: (x) => (x.d.relation === 'allowed' ? { target: target(x.site, x.d.name) } : undefined),
    sites: { request: verdict('INFO', []) },
  }),
  row({
    name: 'discriminator-changed', kind: 'change', on: 'discriminator', message: '{target} union tag changed (property {property}; tags added: {added}; removed: {removed})',
    check: (x) => (x.d.propertyFrom !== x.d.propertyTo || x.d.removed.length > 0 ? { target: target(x.site, x.d.name), ...tagText(x.d) } : undefined),
    sites: {
      request: verdict(
        'ERR',
        [o('request-property-discriminator-property-name-changed', 'INFO'), o('request-property-discriminator-mapping-deleted', 'INFO')],
        'the generated union is keyed by the tag: a request object tagged the old way no longer type-checks',
      ),
    },
  }),
  row({
    name: 'discriminator-extended', kind: 'widen', on: 'discriminator', message: '{target} union accepts new tags ({added})',
    check: (x) => (x.d.propertyFrom === x.d.propertyTo && x.d.removed.length === 0 ? { target: target(x.site, x.d.name), ...tagText(x.d) } : undefined),
    sites: { request: verdict('INFO', [o('request-property-discriminator-mapping-added', 'INFO')]) },
  }),
  row({
    name: 'deprecated', kind: 'deprecate', on: 'deprecated', message: '{target} is {state}',
    check: (x) => ({ target: target(x.site, x.d.name), state: x.d.to ? 'now deprecated' : 'no longer deprecated' }),
    sites: { request: verdict('INFO', [o('request-property-deprecated', 'INFO'), o('request-property-reactivated', 'INFO')]) },
  }),
];

/** A family rule: registry metadata plus its site-tested check. */
export interface FamilyRule extends RuleMeta {
  check: RuleCheck[];
}

/** Rule id of a row at a site. */
function ruleId(row: Row, site: RequestSite): string {
  return `${SITES[site].prefix}-${row.name}`;
}

function build(): { rules: FamilyRule[]; messages: Record<string, string> } {
  const rules = new Map<string, FamilyRule>();
  const messages: Record<string, string> = {};
  for (const r of ROWS) {
    for (const site of Object.keys(r.sites) as RequestSite[]) {
      const v = r.sites[site]!;
      const id = ruleId(r, site);
      const test = SITES[site].test;
      const check = when(`schema:${r.on}` as DeltaKey, (delta) => {
        const x = delta as unknown as Finding<SchemaDeltaKind>;
        return test(x.site, x.d) ? r.check(x) : undefined;
      });
      // A row may continue an id over a second delta kind (constraint-relaxed also covers an
      // enum that was dropped); the first row of an id decides its level and message.
      const known = rules.get(id);
      if (known) {
        known.check.push(check);
        continue;
      }
      messages[id] = r.message;
      rules.set(id, {
        id,
        level: v.level,
        direction: 'request',
        area: SITES[site].area,
        kind: r.kind,
        oasdiff: v.oasdiff,
        ...(v.differs ? { differs: v.differs } : {}),
        check: [check],
      });
    }
  }
  return { rules: [...rules.values()], messages };
}

const BUILT = build();

/** The family's rules, parameters first within each row. */
export const REQUEST_SCHEMA_RULES: readonly FamilyRule[] = BUILT.rules;

/** The family's messages, one per id. */
export const REQUEST_SCHEMA_MESSAGES: Readonly<Record<string, string>> = BUILT.messages;

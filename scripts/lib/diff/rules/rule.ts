/**
 * The shape of a rule's logic and the small helpers rule files share. A rule is one pure
 * function: given a delta of the kind it subscribes to, it returns the values its message needs,
 * or undefined when the delta is not its business. Levels and wording live elsewhere
 * (registry.ts, messages.ts), so a rule never decides how loud it is.
 */
import type { SchemaDelta } from '../compare-schema.js';
import type { DeltaFor, DeltaKey, SchemaSite } from '../deltas.js';
import type { RuleMeta } from '../types.js';

/** Values substituted into a message template (`{name}` placeholders). */
export type MessageArgs = Record<string, string>;

/** A rule's logic: the delta kind it listens to and a pure check. */
export interface RuleCheck<K extends DeltaKey = DeltaKey> {
  on: K;
  check: (delta: DeltaFor<K>) => MessageArgs | undefined;
}

/** A registry entry: metadata plus the rule's logic. */
export interface RuleDefinition extends RuleMeta {
  check: RuleCheck | readonly RuleCheck[];
  /** Set for rules no delta triggers: the compile check emits them itself. */
  emittedBy?: 'compile-check';
}

/** Declare a rule's logic with its delta kind; the types follow from the kind. */
export function when<K extends DeltaKey>(on: K, check: (delta: DeltaFor<K>) => MessageArgs | undefined): RuleCheck {
  return { on, check } as unknown as RuleCheck;
}

/** Display a JSON value in a message. */
export function show(value: unknown): string {
  if (value === undefined) return '(none)';
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/** Display a type list (`string|integer`, `any`). */
export function showTypes(types: readonly string[] | undefined): string {
  if (types === undefined) return 'any';
  return types.length === 0 ? 'nothing' : types.join('|');
}

function join(base: string, name: string): string {
  if (name === '') return base;
  return name.startsWith('[]') ? `${base}${name}` : `${base}.${name}`;
}

/**
 * True when a schema finding is about a parameter's own value (its schema root or array items),
 * as opposed to a property of an object-valued parameter.
 */
export function atParameterLevel(site: SchemaSite, d: SchemaDelta): boolean {
  return site.where === 'parameter' && /^(\[\])*$/.test(d.name);
}

/** Request-side finding about a body, a body property or a property of an object parameter. */
export function atRequestProperty(site: SchemaSite, d: SchemaDelta): boolean {
  return site.where === 'request-body' || (site.where === 'parameter' && !atParameterLevel(site, d));
}

/** Any request-side site (parameters and bodies). */
export function onRequest(site: SchemaSite): boolean {
  return site.where === 'parameter' || site.where === 'request-body';
}

/** How a message names the place a schema finding is about. */
export function target(site: SchemaSite, name: string): string {
  switch (site.where) {
    case 'parameter':
      return `${site.param.in} parameter '${join(site.param.name, name)}'`;
    case 'request-body':
      return name === '' ? 'request body' : `request property '${name}'`;
    case 'response-body':
      return name === '' ? `response body (status ${site.status})` : `response property '${name}' (status ${site.status})`;
    case 'response-header':
      return `response header '${join(site.header.name, name)}' (status ${site.status})`;
  }
}

/**
 * A canonical view of a Schema Object (https://spec.openapis.org/oas/v3.1.0#schema-object) for
 * comparison. Spellings that mean the same thing to a client collapse into one form here, so the
 * comparator never sees them as changes:
 *
 * - `$ref` vs the same schema inline (refs are followed; a `$ref` cycle stops at the repeat);
 * - OAS 3.0 `nullable: true` (on the schema or around an `allOf`), Swagger `x-nullable`, 3.1
 *   `type: [X, 'null']`, `null` in `enum`, and `anyOf`/`oneOf: [X, {type: 'null'}]`;
 * - 3.0 boolean `exclusiveMinimum`/`exclusiveMaximum` vs 3.1 numeric ones;
 * - `format: binary|byte` vs 3.1 `contentMediaType`/`contentEncoding`;
 * - `allOf` compositions vs the flattened object they describe.
 *
 * Views are cached per raw node, so a component referenced from many operations is viewed once
 * and keeps one identity, which the comparator's memo relies on.
 *
 * One concept, the canonical schema view ({@link SchemaViews} and the small value helpers it
 * folds spellings with), which is why the file runs past 300 lines: the length is the list of
 * equivalent spellings above, each a few lines of the same fold.
 */
import { isObject, unescapeToken } from '../openapi/pointer.js';
import type { DocIndex } from './doc-index.js';

/** A numeric bound; `exclusive` marks `<`/`>` instead of `<=`/`>=`. */
export interface Bound {
  value: number;
  exclusive: boolean;
}

/** One alternative of a `oneOf`/`anyOf`. */
export interface Variant {
  node: unknown;
  /** How variants are matched across versions: the component name, a title, or a fingerprint. */
  label: string;
  /** Where the member sits in the raw document: `oneOf/2`, `anyOf/0`. */
  at: string;
}

/** The canonical form of one schema. Child schemas stay raw nodes and are viewed on demand. */
export interface SchemaView {
  /** Stable identity for memoization (the raw node, or a synthesized one). */
  readonly key: object;
  /** Component name when the schema was reached through `$ref`. */
  readonly refName?: string;
  /** Allowed JSON types without `null`, sorted; undefined when unconstrained. */
  readonly types?: string[];
  readonly nullable: boolean;
  readonly format?: string;
  /** Allowed values without `null` (a `const` counts as a one-value enum). */
  readonly enum?: unknown[];
  readonly properties: Map<string, unknown>;
  readonly required: Set<string>;
  /** `false`: closed object; a node: typed map; undefined/true: open. */
  readonly additionalProperties?: boolean | unknown;
  readonly items?: unknown;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly minProperties?: number;
  readonly maxProperties?: number;
  readonly uniqueItems?: boolean;
  readonly multipleOf?: number;
  readonly pattern?: string;
  readonly lower?: Bound;
  readonly upper?: Bound;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly variants?: Variant[];
  /** The discriminator property and the tag values it maps (explicit or implied by `$ref` names). */
  readonly discriminator?: { property: string; tags: string[] };
  readonly description?: string;
  readonly deprecated: boolean;
}

/** Keys that describe a schema without constraining values: a `$ref` may carry these freely. */
const ANNOTATION_KEYS = new Set(['description', 'title', 'summary', 'example', 'examples', 'deprecated', 'externalDocs', 'readOnly', 'writeOnly']);

const EMPTY_PROPS: Map<string, unknown> = new Map();
const EMPTY_REQUIRED: Set<string> = new Set();

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Sort and dedupe a type list; `integer` is dropped when `number` already allows it. */
function canonicalTypes(types: Iterable<string>): string[] {
  const set = new Set(types);
  if (set.has('number')) set.delete('integer');
  return [...set].sort();
}

/** Types both lists allow; `integer` survives against `number`. */
function intersectTypes(a: string[], b: string[]): string[] {
  const out: string[] = [];
  for (const t of a) {
    if (b.includes(t)) out.push(t);
    else if (t === 'number' && b.includes('integer')) out.push('integer');
    else if (t === 'integer' && b.includes('number')) out.push('integer');
  }
  return canonicalTypes(out);
}

/** The tighter of two lower bounds (larger value; exclusive wins a tie). */
function tighterLower(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return a.value > b.value ? a : b;
  return a.exclusive ? a : b;
}

/** The tighter of two upper bounds (smaller value; exclusive wins a tie). */
function tighterUpper(a: Bound | undefined, b: Bound | undefined): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  if (a.value !== b.value) return a.value < b.value ? a : b;
  return a.exclusive ? a : b;
}

function minDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.min(a, b);
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined ? b : b === undefined ? a : Math.max(a, b);
}

/** Mutable builder used while a view is assembled. */
type Draft = { -readonly [K in keyof SchemaView]: SchemaView[K] };

/** True for `{type: 'null'}` (alone or with annotations), the 3.1 way to add null to a union. */
function isNullType(node: unknown): boolean {
  if (!isObject(node)) return false;
  const t = node.type;
  return (t === 'null' || (Array.isArray(t) && t.length === 1 && t[0] === 'null')) && !('properties' in node) && !('$ref' in node);
}

/**
 * Builds and caches schema views for one document. One instance per document: the caches are
 * keyed by raw node identity, which only means something inside one parsed tree.
 */
export class SchemaViews {
  private readonly cache = new WeakMap<object, SchemaView>();
  private readonly building = new WeakSet<object>();
  private readonly fingerprints = new WeakMap<object, string>();

  constructor(readonly index: DocIndex) {}

  /** The view of a raw schema node (a `$ref`, an inline schema, or a boolean schema). */
  view(node: unknown): SchemaView {
    if (!isObject(node)) return this.booleanView(node);
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.building.has(node)) {
      // A schema that contains itself through allOf or a $ref chain: the repeat is treated as
      // unconstrained instead of recursing forever. Comparisons of real recursive schemas
      // (trees, linked lists) go through properties/items, which are viewed lazily and never
      // reach this point.
      return { key: node, properties: EMPTY_PROPS, required: EMPTY_REQUIRED, nullable: false, hasDefault: false, deprecated: false };
    }
    this.building.add(node);
    try {
      const view = this.build(node);
      this.cache.set(node, view);
      return view;
    } finally {
      this.building.delete(node);
    }
  }

  /** A short label used to match `oneOf`/`anyOf` variants across versions. */
  label(node: unknown): string {
    if (isObject(node)) {
      if (typeof node.$ref === 'string') return `ref:${refName(node.$ref)}`;
      if (typeof node.title === 'string') return `title:${node.title}`;
    }
    return `shape:${this.fingerprint(node)}`;
  }

  private fingerprint(node: unknown): string {
    if (!isObject(node)) return JSON.stringify(node) ?? 'undefined';
    let fp = this.fingerprints.get(node);
    if (fp === undefined) {
      fp = stableStringify(node);
      this.fingerprints.set(node, fp);
    }
    return fp;
  }

  private booleanView(node: unknown): SchemaView {
    // `true`/absent allows anything; `false` allows nothing, modelled as an empty type list.
    const key = node === false ? FALSE_KEY : TRUE_KEY;
    return { key, types: node === false ? [] : undefined, properties: EMPTY_PROPS, required: EMPTY_REQUIRED, nullable: false, hasDefault: false, deprecated: false };
  }

  private build(node: Record<string, any>): SchemaView {
    if (typeof node.$ref === 'string') return this.buildRef(node);
    const own = this.buildOwn(node);
    const allOf = Array.isArray(node.allOf) ? node.allOf : undefined;
    if (allOf && allOf.length > 0) return this.mergeAllOf(node, own, allOf);
    return own;
  }

  private buildRef(node: Record<string, any>): SchemaView {
    const target = this.index.resolve(node.$ref);
    const name = refName(node.$ref);
    if (target === undefined) {
      // An unresolvable reference can only be compared by its name.
      return { key: node, refName: name, properties: EMPTY_PROPS, required: EMPTY_REQUIRED, nullable: false, hasDefault: false, deprecated: false };
    }
    const siblings = Object.keys(node).filter((k) => k !== '$ref');
    const constraining = siblings.filter((k) => !ANNOTATION_KEYS.has(k));
    let base = this.view(target);
    if (constraining.length > 0) {
      // OAS 3.1 lets a $ref carry other keywords; they apply together with the target (allOf).
      const rest: Record<string, unknown> = {};
      for (const k of siblings) rest[k] = node[k];
      base = this.mergeAllOf(node, this.buildOwn(rest), [target]);
    }
    const description = typeof node.description === 'string' ? node.description : base.description;
    const deprecated = node.deprecated === true || base.deprecated;
    // Most references add nothing to their target: share the target's view (and its identity,
    // so every use of a component hits the same comparison memo entry).
    if (description === base.description && deprecated === base.deprecated && constraining.length === 0) return base;
    return { ...base, key: constraining.length > 0 ? node : base.key, refName: name, description, deprecated };
  }

  /** The view of a node's own keywords, ignoring `allOf`. */
  private buildOwn(node: Record<string, any>): SchemaView {
    const v: Draft = { key: node, properties: EMPTY_PROPS, required: EMPTY_REQUIRED, nullable: false, hasDefault: false, deprecated: node.deprecated === true };

    // Types and nullability, whichever version's spelling is used.
    let types: string[] | undefined;
    if (typeof node.type === 'string') types = [node.type];
    else if (Array.isArray(node.type)) types = node.type.filter((t: unknown): t is string => typeof t === 'string');
    if (types?.includes('null')) {
      v.nullable = true;
      types = types.filter((t) => t !== 'null');
    }
    if (node.nullable === true || node['x-nullable'] === true) v.nullable = true;

    let values: unknown[] | undefined;
    if (Array.isArray(node.enum)) values = node.enum;
    else if ('const' in node) values = [node.const];
    if (values) {
      if (values.includes(null)) v.nullable = true;
      v.enum = values.filter((x) => x !== null);
    }

    if (isObject(node.properties)) {
      const props = new Map<string, unknown>();
      for (const key of Object.keys(node.properties)) props.set(key, node.properties[key]);
      v.properties = props;
    }
    if (Array.isArray(node.required)) v.required = new Set(node.required.filter((x: unknown): x is string => typeof x === 'string'));
    if ('additionalProperties' in node) v.additionalProperties = node.additionalProperties === true ? undefined : node.additionalProperties;
    if ('items' in node && !Array.isArray(node.items)) v.items = node.items;

    // A schema that only lists properties or items still describes an object or an array.
    if (types === undefined) {
      if (v.properties.size > 0 || isObject(node.additionalProperties) || node.additionalProperties === false) types = ['object'];
      else if (v.items !== undefined) types = ['array'];
    }
    if (types !== undefined) v.types = canonicalTypes(types);

    // format: binary / byte and their 3.1 replacements are one thing for a client.
    let format = typeof node.format === 'string' ? node.format : undefined;
    if (format === undefined && typeof node.contentEncoding === 'string' && /^base64$/i.test(node.contentEncoding)) format = 'byte';
    if (format === undefined && typeof node.contentMediaType === 'string') format = 'binary';
    if (format === 'base64') format = 'byte';
    if (format !== undefined) v.format = format;

    v.minLength = num(node.minLength);
    v.maxLength = num(node.maxLength);
    v.minItems = num(node.minItems);
    v.maxItems = num(node.maxItems);
    v.minProperties = num(node.minProperties);
    v.maxProperties = num(node.maxProperties);
    v.multipleOf = num(node.multipleOf);
    if (node.uniqueItems === true) v.uniqueItems = true;
    if (typeof node.pattern === 'string') v.pattern = node.pattern;

    // 3.0: boolean exclusive flags modify minimum/maximum; 3.1: they are the bound themselves.
    const minimum = num(node.minimum);
    const maximum = num(node.maximum);
    let lower: Bound | undefined = minimum === undefined ? undefined : { value: minimum, exclusive: node.exclusiveMinimum === true };
    let upper: Bound | undefined = maximum === undefined ? undefined : { value: maximum, exclusive: node.exclusiveMaximum === true };
    const exMin = num(node.exclusiveMinimum);
    const exMax = num(node.exclusiveMaximum);
    if (exMin !== undefined) lower = tighterLower(lower, { value: exMin, exclusive: true });
    if (exMax !== undefined) upper = tighterUpper(upper, { value: exMax, exclusive: true });
    if (lower) v.lower = lower;
    if (upper) v.upper = upper;

    if ('default' in node) {
      v.hasDefault = true;
      v.default = node.default;
    }
    if (typeof node.description === 'string') v.description = node.description;

    // oneOf/anyOf: both become a TypeScript union, so they are treated alike. A `null` member is
    // nullability, and a union left with one member is that member.
    const keyword = Array.isArray(node.oneOf) ? 'oneOf' : Array.isArray(node.anyOf) ? 'anyOf' : undefined;
    if (keyword) {
      const members: { node: unknown; at: string }[] = [];
      (node[keyword] as unknown[]).forEach((m, i) => {
        if (isNullType(m)) v.nullable = true;
        else members.push({ node: m, at: `${keyword}/${i}` });
      });
      if (members.length === 1) {
        const single = this.view(members[0]!.node);
        const merged = this.merge(v, single, node);
        merged.nullable = v.nullable || single.nullable;
        merged.refName = single.refName;
        return finish(merged);
      }
      if (members.length > 1) v.variants = members.map((m) => ({ node: m.node, label: this.label(m.node), at: m.at }));
      if (isObject(node.discriminator) && typeof node.discriminator.propertyName === 'string') {
        // Without an explicit mapping the tag values are the referenced schema names.
        const mapping = isObject(node.discriminator.mapping) ? Object.keys(node.discriminator.mapping) : undefined;
        const implied = members.flatMap((m) => (isObject(m.node) && typeof m.node.$ref === 'string' ? [refName(m.node.$ref)] : []));
        v.discriminator = { property: node.discriminator.propertyName, tags: [...new Set(mapping ?? implied)].sort() };
      } else if (members.length > 1) {
        // No declared discriminator, but every member may still carry one property with a single
        // constant value (`kind: { enum: [Key] }`): that is a discriminator in all but name, and
        // the generated TypeScript narrows on it the same way. Declaring or dropping the keyword
        // alone then changes nothing.
        const implied = this.impliedDiscriminator(members.map((m) => m.node));
        if (implied) v.discriminator = implied;
      }
    }
    return finish(v);
  }

  /**
   * The property every union member requires with exactly one allowed value, all values
   * distinct: `{ property, tags }`, or undefined when there is none.
   */
  private impliedDiscriminator(members: unknown[]): { property: string; tags: string[] } | undefined {
    const views = members.map((m) => this.view(m));
    for (const property of [...views[0]!.required].sort()) {
      const tags: string[] = [];
      for (const view of views) {
        const node = view.required.has(property) ? view.properties.get(property) : undefined;
        const values = node === undefined ? undefined : this.view(node).enum;
        if (values?.length !== 1 || typeof values[0] !== 'string') break;
        tags.push(values[0]);
      }
      if (tags.length === views.length && new Set(tags).size === tags.length) return { property, tags: tags.sort() };
    }
    return undefined;
  }

  private mergeAllOf(node: Record<string, any>, own: SchemaView, members: unknown[]): SchemaView {
    let acc: Draft = { ...own };
    let typedMembers = 0;
    let nullableTyped = 0;
    for (const member of members) {
      const view = this.view(member);
      if (view.types !== undefined) {
        typedMembers++;
        if (view.nullable) nullableTyped++;
      }
      acc = this.merge(acc, view, node);
    }
    // In an allOf, null passes only if every member that constrains the type allows it. A
    // member `{nullable: true}` without a type adds nothing (OAS 3.0.3: nullable only extends an
    // explicit type), which is also how the loader reads the SailPoint-style wrapper.
    acc.nullable = own.nullable || (typedMembers > 0 && nullableTyped === typedMembers);
    acc.key = node;
    return finish(acc);
  }

  /** Combine two views as `allOf` would: constraints add up, properties merge. */
  private merge(a: Draft, b: SchemaView, owner: object): Draft {
    const out: Draft = { ...a };
    out.types = a.types === undefined ? b.types : b.types === undefined ? a.types : intersectTypes(a.types, b.types);
    // Callers decide nullability (allOf and single-member unions differ); this is the union.
    out.nullable = a.nullable || b.nullable;
    out.format = a.format ?? b.format;
    out.enum = a.enum === undefined ? b.enum : b.enum === undefined ? a.enum : a.enum.filter((x) => b.enum!.some((y) => sameValue(x, y)));
    if (b.properties.size > 0) {
      const props = new Map(a.properties);
      for (const [name, child] of b.properties) {
        const prior = props.get(name);
        props.set(name, prior === undefined ? child : this.synthAllOf(owner, name, prior, child));
      }
      out.properties = props;
    }
    if (b.required.size > 0) out.required = new Set([...a.required, ...b.required]);
    if (a.additionalProperties === false || b.additionalProperties === false) out.additionalProperties = false;
    else out.additionalProperties = a.additionalProperties ?? b.additionalProperties;
    out.items = a.items === undefined ? b.items : b.items === undefined ? a.items : this.synthAllOf(owner, '[]', a.items, b.items);
    out.minLength = maxDefined(a.minLength, b.minLength);
    out.maxLength = minDefined(a.maxLength, b.maxLength);
    out.minItems = maxDefined(a.minItems, b.minItems);
    out.maxItems = minDefined(a.maxItems, b.maxItems);
    out.minProperties = maxDefined(a.minProperties, b.minProperties);
    out.maxProperties = minDefined(a.maxProperties, b.maxProperties);
    out.multipleOf = a.multipleOf ?? b.multipleOf;
    out.uniqueItems = a.uniqueItems || b.uniqueItems || undefined;
    out.pattern = a.pattern ?? b.pattern;
    out.lower = tighterLower(a.lower, b.lower);
    out.upper = tighterUpper(a.upper, b.upper);
    if (!a.hasDefault && b.hasDefault) {
      out.hasDefault = true;
      out.default = b.default;
    }
    out.variants = a.variants ?? b.variants;
    out.discriminator = a.discriminator ?? b.discriminator;
    out.description = a.description ?? b.description;
    out.deprecated = a.deprecated || b.deprecated;
    return out;
  }

  private readonly synth = new WeakMap<object, Map<string, object>>();

  /**
   * A stable `{allOf: [a, b]}` node for a property two allOf members both define. Stable
   * identity matters: the comparator memoizes on node pairs.
   */
  private synthAllOf(owner: object, name: string, a: unknown, b: unknown): object {
    let byName = this.synth.get(owner);
    if (!byName) {
      byName = new Map();
      this.synth.set(owner, byName);
    }
    const existing = byName.get(name);
    if (existing && (existing as { allOf: unknown[] }).allOf[0] === a && (existing as { allOf: unknown[] }).allOf[1] === b) return existing;
    const made = { allOf: [a, b] };
    byName.set(name, made);
    return made;
  }
}

const TRUE_KEY = {};
const FALSE_KEY = {};

/** Drop empty optional fields so views compare cleanly. */
function finish(v: Draft): SchemaView {
  if (v.types !== undefined && v.types.length > 1 && v.types.includes('number')) v.types = canonicalTypes(v.types);
  return v;
}

/** The last segment of a `$ref` (`#/components/schemas/User` → `User`). */
export function refName(ref: string): string {
  const i = ref.lastIndexOf('/');
  return unescapeToken(decodeURIComponent(i === -1 ? ref : ref.slice(i + 1)));
}

/** Deep equality for JSON values (enum members, defaults). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return stableStringify(a) === stableStringify(b);
}

/** JSON with sorted keys, so equal values give equal strings whatever their key order. */
export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

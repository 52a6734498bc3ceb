/**
 * Structural comparison of two schemas, level-free and message-free: it only says what differs
 * (a type, an enum value, a property, a bound). Rules decide what that means for a request or a
 * response.
 *
 * Results are memoized per (base node, revision node) pair. A shared component is compared once
 * however many operations use it, and each operation receives those findings under its own
 * pointer, which is how a component change is reported on every operation that uses it. A pair
 * met again while it is still being compared is a `$ref` cycle (a tree schema): it contributes
 * nothing the first visit does not already report.
 *
 * One concept, the schema comparator ({@link SchemaComparator}: one method per schema facet it
 * compares, sharing its memo), which is why the file runs past 300 lines.
 */
import { escapeToken } from '../openapi/pointer.js';
import { SameSchema } from './same-schema.js';
import { sameValue, stableStringify, type Bound, type SchemaView, type SchemaViews, type Variant } from './schema.js';

/** Length, count and numeric bounds, plus the two boolean-ish constraints. */
export type BoundName =
  | 'maxLength' | 'minLength' | 'maximum' | 'minimum' | 'maxItems' | 'minItems'
  | 'maxProperties' | 'minProperties' | 'multipleOf' | 'uniqueItems' | 'pattern';

/** One structural difference inside a schema. */
export type SchemaDelta = {
  /** JSON pointer suffix relative to the compared schema ('' at its root). */
  ptr: string;
  /** Dotted property path relative to the compared schema ('' at its root; `[]` marks items). */
  name: string;
} & (
  | { kind: 'type'; from?: string[]; to?: string[]; relation: 'widened' | 'narrowed' | 'changed' }
  | { kind: 'nullable'; to: boolean }
  | { kind: 'format'; from?: string; to?: string }
  | { kind: 'enum-value-added' | 'enum-value-removed'; value: unknown }
  | { kind: 'enum-restricted' | 'enum-unrestricted'; values: unknown[] }
  | { kind: 'property-added' | 'property-removed'; required: boolean }
  | { kind: 'required-added' | 'required-removed' }
  | { kind: 'additional-properties'; relation: 'restricted' | 'allowed' }
  | { kind: 'bound'; bound: BoundName; from?: string; to?: string; tighter: boolean }
  | { kind: 'default'; from?: unknown; to?: unknown }
  | { kind: 'variant-added' | 'variant-removed'; label: string }
  | { kind: 'discriminator'; propertyFrom?: string; propertyTo?: string; added: string[]; removed: string[] }
  | { kind: 'description'; from?: string; to?: string }
  | { kind: 'deprecated'; to: boolean }
);

/** The `kind` values of {@link SchemaDelta}. */
export type SchemaDeltaKind = SchemaDelta['kind'];

const IN_PROGRESS: SchemaDelta[] = [];
const NO_DELTAS: readonly SchemaDelta[] = Object.freeze([]);

function joinName(parent: string, child: string): string {
  if (child.startsWith('[]')) return `${parent}${child}`;
  return parent === '' ? child : child === '' ? parent : `${parent}.${child}`;
}

/** Re-home child deltas under a pointer segment and a name segment. */
function prefix(out: SchemaDelta[], child: readonly SchemaDelta[], ptr: string, name: string): void {
  for (const d of child) out.push({ ...d, ptr: ptr + d.ptr, name: joinName(name, d.name) });
}

function allowedBy(type: string, set: readonly string[]): boolean {
  return set.includes(type) || (type === 'integer' && set.includes('number'));
}

function boundText(b: Bound | undefined): string | undefined {
  return b === undefined ? undefined : `${b.value}${b.exclusive ? ' (exclusive)' : ''}`;
}

/** Compares schemas of one document pair; create one per diff run. */
export class SchemaComparator {
  private readonly memo = new Map<object, Map<object, SchemaDelta[]>>();
  private readonly unchanged: SameSchema;

  constructor(
    private readonly base: SchemaViews,
    private readonly revision: SchemaViews,
  ) {
    this.unchanged = new SameSchema(base.index, revision.index);
  }

  /** Differences between two raw schema nodes (either may be undefined: no schema). */
  compare(baseNode: unknown, revisionNode: unknown): readonly SchemaDelta[] {
    if (baseNode === undefined || revisionNode === undefined) return [];
    // The same text on both sides (./same-schema.ts): nothing to find, no views to build.
    if (this.unchanged.same(baseNode, revisionNode)) return NO_DELTAS;
    const b = this.base.view(baseNode);
    const r = this.revision.view(revisionNode);
    let row = this.memo.get(b.key);
    if (!row) {
      row = new Map();
      this.memo.set(b.key, row);
    }
    const known = row.get(r.key);
    if (known) return known;
    row.set(r.key, IN_PROGRESS);
    const out: SchemaDelta[] = [];
    this.compareViews(b, r, out);
    row.set(r.key, out);
    return out;
  }

  private compareViews(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    const bVariants = b.variants !== undefined;
    const rVariants = r.variants !== undefined;
    if (bVariants !== rVariants) {
      // One side is a union, the other is not: the plain side is treated as a one-member union
      // so a schema that became `oneOf: [itself, other]` reports one added variant, not a pile
      // of property changes. Nullability and docs still compare at this level.
      this.compareNullable(b, r, out);
      this.compareDocs(b, r, out);
      this.compareVariants(bVariants ? b.variants! : [{ node: b.key, label: '', at: '' }], rVariants ? r.variants! : [{ node: r.key, label: '', at: '' }], out, !bVariants, !rVariants);
      return;
    }
    this.compareTypes(b, r, out);
    this.compareNullable(b, r, out);
    if (b.format !== r.format) out.push({ ptr: '/format', name: '', kind: 'format', from: b.format, to: r.format });
    this.compareEnum(b, r, out);
    this.compareBounds(b, r, out);
    if (b.hasDefault !== r.hasDefault || (b.hasDefault && !sameValue(b.default, r.default))) {
      out.push({ ptr: '/default', name: '', kind: 'default', from: b.default, to: r.default });
    }
    this.compareProperties(b, r, out);
    this.compareAdditional(b, r, out);
    if (b.items !== undefined && r.items !== undefined) prefix(out, this.compare(b.items, r.items), '/items', '[]');
    if (bVariants && rVariants) this.compareVariants(b.variants!, r.variants!, out, false, false);
    this.compareDiscriminator(b, r, out);
    this.compareDocs(b, r, out);
  }

  private compareTypes(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    const from = b.types;
    const to = r.types;
    if (from === undefined && to === undefined) return;
    if (from !== undefined && to !== undefined && from.length === to.length && from.every((t, i) => t === to[i])) return;
    let relation: 'widened' | 'narrowed' | 'changed';
    if (from === undefined) relation = 'narrowed';
    else if (to === undefined) relation = 'widened';
    else if (from.every((t) => allowedBy(t, to))) relation = 'widened';
    else if (to.every((t) => allowedBy(t, from))) relation = 'narrowed';
    else relation = 'changed';
    out.push({ ptr: '/type', name: '', kind: 'type', from, to, relation });
  }

  private compareNullable(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    if (b.nullable !== r.nullable) out.push({ ptr: '', name: '', kind: 'nullable', to: r.nullable });
  }

  private compareEnum(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    if (b.enum === undefined && r.enum === undefined) return;
    if (b.enum === undefined) {
      out.push({ ptr: '/enum', name: '', kind: 'enum-restricted', values: r.enum! });
      return;
    }
    if (r.enum === undefined) {
      out.push({ ptr: '/enum', name: '', kind: 'enum-unrestricted', values: b.enum });
      return;
    }
    const baseKeys = new Set(b.enum.map(stableStringify));
    const revKeys = new Set(r.enum.map(stableStringify));
    for (const value of r.enum) if (!baseKeys.has(stableStringify(value))) out.push({ ptr: '/enum', name: '', kind: 'enum-value-added', value });
    for (const value of b.enum) if (!revKeys.has(stableStringify(value))) out.push({ ptr: '/enum', name: '', kind: 'enum-value-removed', value });
  }

  private compareBounds(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    countBound(out, 'maxLength', b.maxLength, r.maxLength, true);
    countBound(out, 'minLength', b.minLength, r.minLength, false);
    countBound(out, 'maxItems', b.maxItems, r.maxItems, true);
    countBound(out, 'minItems', b.minItems, r.minItems, false);
    countBound(out, 'maxProperties', b.maxProperties, r.maxProperties, true);
    countBound(out, 'minProperties', b.minProperties, r.minProperties, false);
    if (!sameBound(b.upper, r.upper)) {
      out.push({ ptr: '/maximum', name: '', kind: 'bound', bound: 'maximum', from: boundText(b.upper), to: boundText(r.upper), tighter: upperTighter(b.upper, r.upper) });
    }
    if (!sameBound(b.lower, r.lower)) {
      out.push({ ptr: '/minimum', name: '', kind: 'bound', bound: 'minimum', from: boundText(b.lower), to: boundText(r.lower), tighter: lowerTighter(b.lower, r.lower) });
    }
    if (b.multipleOf !== r.multipleOf) {
      // A new divisor is stricter unless the old one was a multiple of it.
      const tighter = r.multipleOf !== undefined && (b.multipleOf === undefined || b.multipleOf % r.multipleOf !== 0);
      out.push({ ptr: '/multipleOf', name: '', kind: 'bound', bound: 'multipleOf', from: b.multipleOf?.toString(), to: r.multipleOf?.toString(), tighter });
    }
    if ((b.uniqueItems ?? false) !== (r.uniqueItems ?? false)) {
      out.push({ ptr: '/uniqueItems', name: '', kind: 'bound', bound: 'uniqueItems', from: String(b.uniqueItems ?? false), to: String(r.uniqueItems ?? false), tighter: r.uniqueItems === true });
    }
    if (b.pattern !== r.pattern) {
      out.push({ ptr: '/pattern', name: '', kind: 'bound', bound: 'pattern', from: b.pattern, to: r.pattern, tighter: r.pattern !== undefined });
    }
  }

  private compareProperties(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    if (b.properties.size === 0 && r.properties.size === 0 && b.required.size === 0 && r.required.size === 0) return;
    // Sorted so the output order never depends on key order in the files.
    const names = [...new Set([...b.properties.keys(), ...r.properties.keys()])].sort();
    for (const name of names) {
      const ptr = `/properties/${escapeToken(name)}`;
      const inBase = b.properties.has(name);
      const inRev = r.properties.has(name);
      if (!inBase) {
        out.push({ ptr, name, kind: 'property-added', required: r.required.has(name) });
        continue;
      }
      if (!inRev) {
        out.push({ ptr, name, kind: 'property-removed', required: b.required.has(name) });
        continue;
      }
      const wasRequired = b.required.has(name);
      const isRequired = r.required.has(name);
      if (!wasRequired && isRequired) out.push({ ptr, name, kind: 'required-added' });
      if (wasRequired && !isRequired) out.push({ ptr, name, kind: 'required-removed' });
      prefix(out, this.compare(b.properties.get(name), r.properties.get(name)), ptr, name);
    }
  }

  private compareAdditional(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    const from = b.additionalProperties;
    const to = r.additionalProperties;
    if (from === to) return;
    if (to === false) out.push({ ptr: '/additionalProperties', name: '', kind: 'additional-properties', relation: 'restricted' });
    else if (from === false) out.push({ ptr: '/additionalProperties', name: '', kind: 'additional-properties', relation: 'allowed' });
    else if (from !== undefined && to !== undefined) prefix(out, this.compare(from, to), '/additionalProperties', '*');
  }

  /**
   * The constant tags a union member carries: `name=value` for every required property that
   * allows exactly one value (`kind: { enum: [Key] }`, `type: { const: user }`). Two members
   * with the same tags are the same variant, wherever each side lists it.
   */
  private variantTags(side: 'base' | 'revision', v: Variant): string {
    const doc = side === 'base' ? this.base : this.revision;
    const view = doc.view(v.node);
    const tags: string[] = [];
    for (const [name, node] of view.properties) {
      const values = doc.view(node).enum;
      if (view.required.has(name) && values?.length === 1) tags.push(`${name}=${JSON.stringify(values[0])}`);
    }
    return tags.sort().join('&');
  }

  /**
   * Match union members across versions: by component name or title first, then by identical
   * shape, then by the constant tags they carry (a discriminator such as `kind`), then by
   * position when the counts agree; the rest were added or removed.
   * `plainBase`/`plainRev` mark a side that is not really a union (see compareViews).
   */
  private compareVariants(bs: Variant[], rs: Variant[], out: SchemaDelta[], plainBase: boolean, plainRev: boolean): void {
    const unmatchedB = new Set(bs.map((_, i) => i));
    const unmatchedR = new Set(rs.map((_, i) => i));
    const pairs: [number, number][] = [];
    const take = (test: (b: Variant, r: Variant) => boolean): void => {
      for (const i of [...unmatchedB]) {
        for (const j of unmatchedR) {
          if (test(bs[i]!, rs[j]!)) {
            pairs.push([i, j]);
            unmatchedB.delete(i);
            unmatchedR.delete(j);
            break;
          }
        }
      }
    };
    take((b, r) => b.label !== '' && b.label === r.label);
    take((b, r) => this.compare(b.node, r.node).length === 0);
    // Tags can repeat across members (two members tagged kind=Key); pair them only when unique.
    const tagsB = new Map([...unmatchedB].map((i) => [i, this.variantTags('base', bs[i]!)] as const));
    const tagsR = new Map([...unmatchedR].map((j) => [j, this.variantTags('revision', rs[j]!)] as const));
    const unique = (tags: Map<number, string>, tag: string) => tag !== '' && [...tags.values()].filter((t) => t === tag).length === 1;
    for (const [i, tag] of tagsB) {
      if (!unique(tagsB, tag) || !unique(tagsR, tag)) continue;
      const j = [...tagsR].find(([k, t]) => t === tag && unmatchedR.has(k))?.[0];
      if (j === undefined || !unmatchedB.has(i)) continue;
      pairs.push([i, j]);
      unmatchedB.delete(i);
      unmatchedR.delete(j);
    }
    if (unmatchedB.size === unmatchedR.size || (unmatchedB.size === 1 && (plainBase || plainRev))) {
      // Same number left: assume they correspond in order. A plain schema facing a union keeps
      // its best guess too: the first union member of the same type.
      const left = [...unmatchedB];
      const right = [...unmatchedR];
      if (left.length === 1 && right.length > 1) {
        const bType = this.base.view(bs[left[0]!]!.node).types?.join('|');
        const j = right.find((k) => this.revision.view(rs[k]!.node).types?.join('|') === bType) ?? right[0]!;
        pairs.push([left[0]!, j]);
        unmatchedB.clear();
        unmatchedR.delete(j);
      } else if (right.length === 1 && left.length > 1) {
        const rType = this.revision.view(rs[right[0]!]!.node).types?.join('|');
        const i = left.find((k) => this.base.view(bs[k]!.node).types?.join('|') === rType) ?? left[0]!;
        pairs.push([i, right[0]!]);
        unmatchedB.delete(i);
        unmatchedR.clear();
      } else if (left.length === right.length) {
        left.forEach((i, k) => pairs.push([i, right[k]!]));
        unmatchedB.clear();
        unmatchedR.clear();
      }
    }
    pairs.sort((x, y) => x[1] - y[1]);
    for (const [i, j] of pairs) {
      const ptr = plainRev ? '' : `/${rs[j]!.at}`;
      const child = this.compare(bs[i]!.node, rs[j]!.node);
      // The plain side's own docs were compared already at the outer level.
      prefix(out, plainBase || plainRev ? child.filter((d) => !(d.name === '' && (d.kind === 'description' || d.kind === 'nullable'))) : child, ptr, '');
    }
    for (const j of [...unmatchedR].sort((x, y) => x - y)) out.push({ ptr: `/${rs[j]!.at}`, name: '', kind: 'variant-added', label: this.displayLabel(rs[j]!, this.revision) });
    for (const i of [...unmatchedB].sort((x, y) => x - y)) out.push({ ptr: plainBase ? '' : `/${bs[i]!.at}`, name: '', kind: 'variant-removed', label: this.displayLabel(bs[i]!, this.base) });
  }

  private compareDiscriminator(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    const from = b.discriminator;
    const to = r.discriminator;
    if (!from && !to) return;
    const fromTags = from?.tags ?? [];
    const toTags = to?.tags ?? [];
    const added = toTags.filter((t) => !fromTags.includes(t));
    const removed = fromTags.filter((t) => !toTags.includes(t));
    if (from?.property === to?.property && added.length === 0 && removed.length === 0) return;
    out.push({ ptr: '/discriminator', name: '', kind: 'discriminator', propertyFrom: from?.property, propertyTo: to?.property, added, removed });
  }

  private displayLabel(v: Variant, views: SchemaViews): string {
    if (v.label.startsWith('ref:')) return v.label.slice(4);
    const view = views.view(v.node);
    if (view.refName) return view.refName;
    if (v.label.startsWith('title:')) return v.label.slice(6);
    return view.types?.join('|') ?? 'schema';
  }

  private compareDocs(b: SchemaView, r: SchemaView, out: SchemaDelta[]): void {
    if ((b.description ?? '') !== (r.description ?? '')) out.push({ ptr: '/description', name: '', kind: 'description', from: b.description, to: r.description });
    if (b.deprecated !== r.deprecated) out.push({ ptr: '/deprecated', name: '', kind: 'deprecated', to: r.deprecated });
  }
}

/** A length or count bound; `isMax` says which way is stricter. */
function countBound(out: SchemaDelta[], name: BoundName, from: number | undefined, to: number | undefined, isMax: boolean): void {
  if (from === to) return;
  const tighter = to !== undefined && (from === undefined || (isMax ? to < from : to > from));
  out.push({ ptr: `/${name}`, name: '', kind: 'bound', bound: name, from: from?.toString(), to: to?.toString(), tighter });
}

function sameBound(a: Bound | undefined, b: Bound | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.value === b.value && a.exclusive === b.exclusive);
}

/** True when the revision's upper bound admits fewer values than the base's. */
function upperTighter(from: Bound | undefined, to: Bound | undefined): boolean {
  if (to === undefined) return false;
  if (from === undefined) return true;
  return to.value < from.value || (to.value === from.value && to.exclusive && !from.exclusive);
}

/** True when the revision's lower bound admits fewer values than the base's. */
function lowerTighter(from: Bound | undefined, to: Bound | undefined): boolean {
  if (to === undefined) return false;
  if (from === undefined) return true;
  return to.value > from.value || (to.value === from.value && to.exclusive && !from.exclusive);
}

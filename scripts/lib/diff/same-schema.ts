/**
 * A shortcut for the schema comparator: two raw schema nodes that are deeply equal (same keys in
 * the same order, same values), and whose every `$ref` (followed as far as it leads) resolves to
 * deeply equal schemas in both documents, are the same schema, so comparing them can only find
 * nothing. Consecutive versions of a large document share almost every schema unchanged, and
 * most schemas are inline copies (no shared identity for the comparator's memo to hit), so
 * answering those by a walk that allocates nothing and stops at the first difference skips
 * building and comparing their views.
 *
 * Exact, never a guess: any difference, in the nodes or in any schema reachable through a
 * `$ref`, answers "not known to be the same" and the comparator does its full work. Each walk is
 * bounded (depth and node count), and a walk that reaches a bound also answers "not known".
 */
import type { DocIndex } from './doc-index.js';

/** Deeper than any schema a document can hold without being a cycle of objects. */
const MAX_DEPTH = 256;

/** Nodes one walk may visit; beyond this, the full comparison is cheaper to trust. */
const MAX_NODES = 1_000_000;

/** Same-schema answers for one document pair; create one per diff run. */
export class SameSchema {
  /** Per `$ref` string: every schema it reaches is the same on both sides. */
  private readonly refs = new Map<string, boolean>();
  private budget = 0;

  constructor(
    private readonly base: DocIndex,
    private readonly revision: DocIndex,
  ) {}

  /** True when `a` (base) and `b` (revision) are known to be the same schema. */
  same(a: unknown, b: unknown): boolean {
    const refs = new Set<string>();
    this.budget = MAX_NODES;
    if (!this.equal(a, b, refs, 0)) return false;
    for (const ref of refs) if (!this.sameRef(ref)) return false;
    return true;
  }

  /** Deep equality of two JSON values, collecting the `$ref` strings met on the way. */
  private equal(a: unknown, b: unknown, refs: Set<string>, depth: number): boolean {
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
    if (depth > MAX_DEPTH || --this.budget < 0) return false;
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false;
      for (let i = 0; i < a.length; i++) if (!this.equal(a[i], b[i], refs, depth + 1)) return false;
      return true;
    }
    if (Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) {
      const k = ka[i]!;
      if (k !== kb[i]) return false;
      const va = (a as Record<string, unknown>)[k];
      if (!this.equal(va, (b as Record<string, unknown>)[k], refs, depth + 1)) return false;
      if (k === '$ref' && typeof va === 'string') refs.add(va);
    }
    return true;
  }

  /**
   * Whether a `$ref` resolves to equal schemas on both sides, and so does every `$ref` reachable
   * from there: a breadth-first walk over the references, each visited once, so cycles end.
   * Only the answer for the starting reference is stored; a reference already answered is not
   * walked again.
   */
  private sameRef(start: string): boolean {
    const known = this.refs.get(start);
    if (known !== undefined) return known;
    const seen = new Set<string>([start]);
    const queue = [start];
    let ok = true;
    for (let i = 0; i < queue.length && ok; i++) {
      const ref = queue[i]!;
      const answered = i > 0 ? this.refs.get(ref) : undefined;
      if (answered === true) continue;
      if (answered === false) {
        ok = false;
        break;
      }
      const next = new Set<string>();
      this.budget = MAX_NODES;
      if (!this.equal(this.base.resolve(ref), this.revision.resolve(ref), next, 0)) {
        ok = false;
        break;
      }
      for (const r of next) {
        if (seen.has(r)) continue;
        seen.add(r);
        queue.push(r);
      }
    }
    this.refs.set(start, ok);
    return ok;
  }
}

/**
 * Walks two comparison models side by side and lists every structural difference as a
 * {@link Delta}. Nothing here decides severity or wording; see rules/ and messages.ts.
 *
 * One concept, the document comparator ({@link DocumentComparator}: one method per part of an
 * operation, plus how operations are paired), which is why the file runs past 300 lines.
 */
import { SchemaComparator } from './compare-schema.js';
import type { Delta, SchemaSite } from './deltas.js';
import type { DocumentView, MediaView, OperationView, ParameterView, RequirementView, ResponseView } from './document-view.js';
import type { OperationRef } from './types.js';

/** A base operation and the revision operation it corresponds to. */
export interface OperationPair {
  base?: OperationView;
  revision?: OperationView;
}

/**
 * Pair operations across versions. Method plus path shape (variable names erased) is the key;
 * when one document has several operations with the same shape (a merged document where
 * `/orgs/{id}` and `/orgs/{orgId}` coexist), the exact path, then the operationId, then document
 * order decide.
 */
export function matchOperations(base: OperationView[], revision: OperationView[]): OperationPair[] {
  const group = (ops: OperationView[]): Map<string, OperationView[]> => {
    const m = new Map<string, OperationView[]>();
    for (const op of ops) {
      const list = m.get(op.shape);
      if (list) list.push(op);
      else m.set(op.shape, [op]);
    }
    return m;
  };
  const bGroups = group(base);
  const rGroups = group(revision);
  const pairs: OperationPair[] = [];
  for (const shape of new Set([...bGroups.keys(), ...rGroups.keys()])) {
    const bs = [...(bGroups.get(shape) ?? [])];
    const rs = [...(rGroups.get(shape) ?? [])];
    if (bs.length === 1 && rs.length === 1) {
      pairs.push({ base: bs[0], revision: rs[0] });
      continue;
    }
    const take = (same: (b: OperationView, r: OperationView) => boolean): void => {
      for (let i = 0; i < bs.length; i++) {
        const j = rs.findIndex((r) => same(bs[i]!, r));
        if (j === -1) continue;
        pairs.push({ base: bs[i], revision: rs[j] });
        bs.splice(i--, 1);
        rs.splice(j, 1);
      }
    };
    take((b, r) => b.path === r.path);
    take((b, r) => b.operationId !== undefined && b.operationId === r.operationId);
    while (bs.length > 0 && rs.length > 0) pairs.push({ base: bs.shift(), revision: rs.shift() });
    for (const b of bs) pairs.push({ base: b });
    for (const r of rs) pairs.push({ revision: r });
  }
  return pairs;
}

/** The operation reference printed with a change. */
export function operationRef(op: OperationView): OperationRef {
  return { method: op.method.toUpperCase(), path: op.path, operationId: op.operationId ?? '' };
}

function isSuccess(status: string): boolean {
  return status.startsWith('2');
}

/** Compares two documents; one instance per diff run (it owns the schema memo). */
export class DocumentComparator {
  private readonly schemas: SchemaComparator;
  private out: Delta[] = [];

  constructor(
    private readonly base: DocumentView,
    private readonly revision: DocumentView,
  ) {
    this.schemas = new SchemaComparator(base.views, revision.views);
  }

  /** Every delta between the two documents. */
  run(): Delta[] {
    this.out = [];
    this.compareInfo();
    this.compareServers();
    this.compareSecuritySchemes();
    for (const pair of matchOperations(this.base.operations, this.revision.operations)) {
      if (pair.base && pair.revision) this.compareOperation(pair.base, pair.revision);
      else if (pair.base) this.out.push({ kind: 'operation-removed', pointer: pair.base.pointer, operation: operationRef(pair.base), deprecated: pair.base.deprecated });
      else if (pair.revision) this.out.push({ kind: 'operation-added', pointer: pair.revision.pointer, operation: operationRef(pair.revision), deprecated: pair.revision.deprecated });
    }
    return this.out;
  }

  private compareInfo(): void {
    for (const field of ['title', 'version', 'description'] as const) {
      const from = this.base.info[field];
      const to = this.revision.info[field];
      if (from !== to) this.out.push({ kind: 'info-changed', pointer: `/info/${field}`, field, from, to });
    }
  }

  private compareServers(): void {
    const rByUrl = new Map(this.revision.servers.map((s) => [s.url, s]));
    const bUrls = new Set(this.base.servers.map((s) => s.url));
    for (const b of this.base.servers) {
      const r = rByUrl.get(b.url);
      if (!r) {
        this.out.push({ kind: 'server-removed', pointer: b.pointer, url: b.url });
        continue;
      }
      for (const [name, bv] of b.variables) {
        const rv = r.variables.get(name);
        if (!rv) continue;
        if (bv.default !== rv.default) this.out.push({ kind: 'server-variable-changed', pointer: `${r.pointer}/variables/${name}/default`, url: r.url, variable: name, what: `default ${bv.default ?? '(none)'} → ${rv.default ?? '(none)'}` });
        const removed = (bv.enum ?? []).filter((v) => rv.enum !== undefined && !rv.enum.includes(v));
        if (rv.enum !== undefined && bv.enum === undefined) this.out.push({ kind: 'server-variable-changed', pointer: `${r.pointer}/variables/${name}/enum`, url: r.url, variable: name, what: 'now limited to listed values' });
        if (removed.length > 0) this.out.push({ kind: 'server-variable-changed', pointer: `${r.pointer}/variables/${name}/enum`, url: r.url, variable: name, what: `values removed: ${removed.join(', ')}` });
      }
    }
    for (const r of this.revision.servers) if (!bUrls.has(r.url)) this.out.push({ kind: 'server-added', pointer: r.pointer, url: r.url });
  }

  private compareSecuritySchemes(): void {
    for (const [name, b] of this.base.securitySchemes) {
      const r = this.revision.securitySchemes.get(name);
      if (!r) continue;
      const pointer = `/components/securitySchemes/${name}`;
      for (const field of ['type', 'scheme', 'in', 'name', 'bearerFormat', 'openIdConnectUrl']) {
        const from = typeof b[field] === 'string' ? b[field] : undefined;
        const to = typeof r[field] === 'string' ? r[field] : undefined;
        if (from !== to && !(field === 'scheme' && from?.toLowerCase() === to?.toLowerCase())) {
          this.out.push({ kind: 'security-scheme-changed', pointer: `${pointer}/${field}`, scheme: name, field, from, to });
        }
      }
      const bFlows = (b.flows ?? {}) as Record<string, Record<string, unknown>>;
      const rFlows = (r.flows ?? {}) as Record<string, Record<string, unknown>>;
      for (const flow of [...new Set([...Object.keys(bFlows), ...Object.keys(rFlows)])].sort()) {
        const bf = bFlows[flow];
        const rf = rFlows[flow];
        if (!bf || !rf) {
          this.out.push({ kind: 'security-scheme-changed', pointer: `${pointer}/flows/${flow}`, scheme: name, field: `flow ${flow}`, from: bf ? 'present' : 'absent', to: rf ? 'present' : 'absent' });
          continue;
        }
        for (const url of ['authorizationUrl', 'tokenUrl', 'refreshUrl']) {
          if (bf[url] !== rf[url]) this.out.push({ kind: 'security-scheme-changed', pointer: `${pointer}/flows/${flow}/${url}`, scheme: name, field: `${flow}.${url}`, from: bf[url] as string | undefined, to: rf[url] as string | undefined });
        }
      }
    }
  }

  private compareOperation(b: OperationView, r: OperationView): void {
    const operation = operationRef(r);
    const at = r.pointer;
    const push = (delta: Delta): void => {
      delta.operation = operation;
      this.out.push(delta);
    };
    if (b.operationId !== r.operationId) push({ kind: 'operation-id', pointer: `${at}/operationId`, from: b.operationId, to: r.operationId });
    if (b.deprecated !== r.deprecated) push({ kind: 'operation-deprecated', pointer: `${at}/deprecated`, to: r.deprecated });
    if ((b.summary ?? '') !== (r.summary ?? '')) push({ kind: 'operation-summary', pointer: `${at}/summary`, from: b.summary, to: r.summary });
    if ((b.description ?? '') !== (r.description ?? '')) push({ kind: 'operation-description', pointer: `${at}/description`, from: b.description, to: r.description });
    const addedTags = r.tags.filter((t) => !b.tags.includes(t));
    const removedTags = b.tags.filter((t) => !r.tags.includes(t));
    if (addedTags.length + removedTags.length > 0) push({ kind: 'operation-tags', pointer: `${at}/tags`, added: addedTags, removed: removedTags });
    if (b.idempotent !== r.idempotent) push({ kind: 'operation-idempotent', pointer: `${at}/x-idempotent`, from: b.idempotent, to: r.idempotent });
    b.pathVars.forEach((name, i) => {
      const to = r.pathVars[i];
      if (to !== undefined && to !== name) push({ kind: 'path-variable-renamed', pointer: r.pointer.slice(0, r.pointer.lastIndexOf('/')), from: name, to });
    });

    this.compareParameters(b, r, push);
    this.compareBody(b, r, push);
    this.compareResponses(b, r, push);
    this.compareSecurity(b, r, push);
  }

  private pushSchema(push: (d: Delta) => void, site: SchemaSite, pointer: string, baseSchema: unknown, revSchema: unknown): void {
    for (const d of this.schemas.compare(baseSchema, revSchema)) push({ kind: 'schema', pointer: `${pointer}/schema${d.ptr}`, site, d });
  }

  private compareParameters(b: OperationView, r: OperationView, push: (d: Delta) => void): void {
    const removed: ParameterView[] = [];
    const added: ParameterView[] = [];
    for (const [key, bp] of b.params) {
      const rp = r.params.get(key);
      if (!rp) {
        removed.push(bp);
        continue;
      }
      if (bp.required !== rp.required) push({ kind: 'parameter-required', pointer: `${rp.pointer}/required`, param: rp, to: rp.required });
      if (bp.style !== rp.style) push({ kind: 'parameter-style', pointer: `${rp.pointer}/style`, param: rp, from: bp.style, to: rp.style });
      else if (bp.explode !== rp.explode) push({ kind: 'parameter-style', pointer: `${rp.pointer}/explode`, param: rp, from: `explode=${bp.explode}`, to: `explode=${rp.explode}` });
      if ((bp.description ?? '') !== (rp.description ?? '')) push({ kind: 'parameter-description', pointer: `${rp.pointer}/description`, param: rp, from: bp.description, to: rp.description });
      if (bp.deprecated !== rp.deprecated) push({ kind: 'parameter-deprecated', pointer: `${rp.pointer}/deprecated`, param: rp, to: rp.deprecated });
      this.pushSchema(push, { where: 'parameter', param: rp }, rp.pointer, bp.schema, rp.schema);
    }
    for (const [key, rp] of r.params) if (!b.params.has(key)) added.push(rp);
    // The same name leaving one location and appearing in another moved; it was not replaced.
    for (const rp of [...added]) {
      const i = removed.findIndex((bp) => bp.name.toLowerCase() === rp.name.toLowerCase() && bp.in !== rp.in);
      if (i === -1) continue;
      push({ kind: 'parameter-moved', pointer: `${rp.pointer}/in`, param: rp, from: removed[i]!.in });
      removed.splice(i, 1);
      added.splice(added.indexOf(rp), 1);
    }
    for (const bp of removed) push({ kind: 'parameter-removed', pointer: bp.pointer, param: bp });
    for (const rp of added) push({ kind: 'parameter-added', pointer: rp.pointer, param: rp });
  }

  private compareContent(
    push: (d: Delta) => void,
    site: 'request' | 'response',
    status: string | undefined,
    bContent: Map<string, MediaView>,
    rContent: Map<string, MediaView>,
  ): void {
    for (const [type, bm] of bContent) {
      const rm = rContent.get(type);
      if (!rm) {
        push({ kind: 'media-type-removed', pointer: bm.pointer, site, status, mediaType: type });
        continue;
      }
      const schemaSite: SchemaSite = site === 'request' ? { where: 'request-body', mediaType: type } : { where: 'response-body', status: status!, mediaType: type };
      this.pushSchema(push, schemaSite, rm.pointer, bm.schema, rm.schema);
    }
    for (const [type, rm] of rContent) if (!bContent.has(type)) push({ kind: 'media-type-added', pointer: rm.pointer, site, status, mediaType: type });
  }

  private compareBody(b: OperationView, r: OperationView, push: (d: Delta) => void): void {
    const bb = b.body;
    const rb = r.body;
    if (!bb && !rb) return;
    if (!bb) {
      push({ kind: 'body-added', pointer: rb!.pointer, required: rb!.required });
      return;
    }
    if (!rb) {
      push({ kind: 'body-removed', pointer: bb.pointer, required: bb.required });
      return;
    }
    if (bb.required !== rb.required) push({ kind: 'body-required', pointer: `${rb.pointer}/required`, to: rb.required });
    if ((bb.description ?? '') !== (rb.description ?? '')) push({ kind: 'body-description', pointer: `${rb.pointer}/description`, from: bb.description, to: rb.description });
    this.compareContent(push, 'request', undefined, bb.content, rb.content);
  }

  private compareResponses(b: OperationView, r: OperationView, push: (d: Delta) => void): void {
    for (const [status, br] of b.responses) {
      const rr = r.responses.get(status);
      if (!rr) {
        push({ kind: 'response-removed', pointer: br.pointer, status, success: isSuccess(status) });
        continue;
      }
      this.compareResponse(status, br, rr, push);
    }
    for (const [status, rr] of r.responses) if (!b.responses.has(status)) push({ kind: 'response-added', pointer: rr.pointer, status, success: isSuccess(status) });
  }

  private compareResponse(status: string, br: ResponseView, rr: ResponseView, push: (d: Delta) => void): void {
    if ((br.description ?? '') !== (rr.description ?? '')) push({ kind: 'response-description', pointer: `${rr.pointer}/description`, status, from: br.description, to: rr.description });
    for (const [name, bh] of br.headers) {
      const rh = rr.headers.get(name);
      if (!rh) {
        push({ kind: 'header-removed', pointer: bh.pointer, status, header: bh });
        continue;
      }
      if (bh.required !== rh.required) push({ kind: 'header-required', pointer: `${rh.pointer}/required`, status, header: rh, to: rh.required });
      this.pushSchema(push, { where: 'response-header', status, header: rh }, rh.pointer, bh.schema, rh.schema);
    }
    for (const [name, rh] of rr.headers) if (!br.headers.has(name)) push({ kind: 'header-added', pointer: rh.pointer, status, header: rh });
    this.compareContent(push, 'response', status, br.content, rr.content);
  }

  /**
   * Security requirements are alternatives (OR) of scheme sets (AND). A client that satisfied a
   * base alternative keeps working if some revision alternative asks for no more schemes and no
   * more scopes; otherwise its alternative was removed or tightened.
   */
  private compareSecurity(b: OperationView, r: OperationView, push: (d: Delta) => void): void {
    const pointer = `${r.pointer}/security`;
    const anonymous = (list: RequirementView[] | undefined): boolean => !list || list.length === 0 || list.some((alt) => alt.key === '');
    const bAnon = anonymous(b.security);
    const rAnon = anonymous(r.security);
    if (bAnon && rAnon) return;
    if (bAnon) {
      push({ kind: 'security-added', pointer, requirement: r.security!.map(describeRequirement).join(' or ') });
      return;
    }
    if (rAnon) {
      push({ kind: 'security-removed', pointer, requirement: b.security!.map(describeRequirement).join(' or ') });
      return;
    }
    const bAlts = b.security!;
    const rAlts = r.security!;
    const ident = (alt: RequirementView): string => describeRequirement(alt);
    const rIdents = new Set(rAlts.map(ident));
    const bIdents = new Set(bAlts.map(ident));
    const accounted = new Set<string>();
    for (const alt of bAlts) {
      if (rIdents.has(ident(alt))) continue;
      if (rAlts.some((cand) => satisfiedBy(cand, alt))) {
        // Still satisfiable: report scopes that are no longer needed on the same scheme set.
        const same = rAlts.find((cand) => cand.key === alt.key && satisfiedBy(cand, alt));
        if (same) {
          accounted.add(ident(same));
          for (const [scheme, scopes] of alt.schemes) {
            const fewer = scopes.filter((s) => !(same.schemes.get(scheme) ?? []).includes(s));
            if (fewer.length > 0) push({ kind: 'security-scope-removed', pointer, scheme, scopes: fewer });
          }
        }
        continue;
      }
      const sameKey = rAlts.find((cand) => cand.key === alt.key);
      if (sameKey) {
        accounted.add(ident(sameKey));
        for (const [scheme, scopes] of sameKey.schemes) {
          const more = scopes.filter((s) => !(alt.schemes.get(scheme) ?? []).includes(s));
          if (more.length > 0) push({ kind: 'security-scope-added', pointer, scheme, scopes: more });
        }
        continue;
      }
      push({ kind: 'security-alternative-removed', pointer, requirement: ident(alt) });
    }
    for (const alt of rAlts) {
      if (bIdents.has(ident(alt)) || accounted.has(ident(alt))) continue;
      push({ kind: 'security-alternative-added', pointer, requirement: ident(alt) });
    }
  }
}

/** True when credentials meeting `have` also meet `need` (fewer or equal schemes and scopes). */
function satisfiedBy(need: RequirementView, have: RequirementView): boolean {
  for (const [scheme, scopes] of need.schemes) {
    const held = have.schemes.get(scheme);
    if (!held) return false;
    if (!scopes.every((s) => held.includes(s))) return false;
  }
  return true;
}

/** `userAuth[idn:accounts:read] + apiKey`. */
export function describeRequirement(alt: RequirementView): string {
  return [...alt.schemes].map(([name, scopes]) => (scopes.length > 0 ? `${name}[${scopes.join(' ')}]` : name)).join(' + ') || 'anonymous';
}

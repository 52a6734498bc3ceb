/**
 * Upstream facts the project deliberately keeps out of its specs, which the replay's own
 * comparison must therefore not count as changes. Each entry names the fact sheet's finding and
 * applies only where the synced spec shows the project really leaves the fact out (on both sides
 * of a step): if the pipeline stopped dropping it, the comparison counts it again, so a quirk
 * can never hide what our spec exposes. Without our spec (the raw comparison) none applies.
 */

/** A raw operation in the comparison's canonical form (see ./canonical.ts). */
export type CanonicalOperation = Record<string, any>;

/** Our spec's version of the same operation on each side of the step (undefined if absent). */
export interface OurSides {
  before?: Record<string, any>;
  after?: Record<string, any>;
}

/** One deliberate omission. */
export interface Quirk {
  id: string;
  why: string;
  /** Remove the omitted fact from a raw operation (both sides get the same call). */
  apply: (raw: CanonicalOperation, ours: OurSides, swagger2: boolean) => void;
}

const PHANTOM_STATUSES = ['201', '202', '203'];

/** Media types our operation names in its request body and responses. */
function mediaTypes(op: Record<string, any> | undefined): Set<string> {
  const found = new Set<string>();
  for (const type of Object.keys(op?.requestBody?.content ?? {})) found.add(type);
  for (const response of Object.values<Record<string, any>>(op?.responses ?? {})) for (const type of Object.keys(response?.content ?? {})) found.add(type);
  return found;
}

/** The quirks, in the order they are applied. */
export const QUIRKS: readonly Quirk[] = [
  {
    id: 'D12',
    why: 'ZITADEL 2025-04-06 repeats the 200 answer as 201, 202 and 203 on every POST, PUT and PATCH; the gateway never sends them and the overlay removes them',
    apply(raw, ours) {
      const responses = raw.responses as Record<string, unknown> | undefined;
      if (!ours.before && !ours.after) return;
      if (!responses || responses['200'] === undefined) return;
      const declared = (op?: Record<string, any>) => PHANTOM_STATUSES.some((s) => op?.responses?.[s] !== undefined);
      if (declared(ours.before) || declared(ours.after)) return;
      const ok = JSON.stringify(responses['200']);
      for (const status of PHANTOM_STATUSES) if (responses[status] !== undefined && JSON.stringify(responses[status]) === ok) delete responses[status];
    },
  },
  {
    id: 'D11',
    why: 'Swagger 2.0 media types only matter where the operation has a body, and only those our spec exposes (ZITADEL 2025-04-06 drops the gRPC ones upstream)',
    apply(raw, ours, swagger2) {
      if (!swagger2 || (!ours.before && !ours.after)) return;
      const exposed = new Set([...mediaTypes(ours.before), ...mediaTypes(ours.after)]);
      const hasBody = (raw.parameters as Record<string, any>[] | undefined)?.some((p) => p.in === 'body' || p.in === 'formData') ?? false;
      if (!hasBody) delete raw.consumes;
      for (const key of ['consumes', 'produces']) if (Array.isArray(raw[key])) raw[key] = (raw[key] as string[]).filter((t) => exposed.has(t));
    },
  },
];

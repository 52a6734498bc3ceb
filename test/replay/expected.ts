/**
 * The replay's ground truth for one step: which kept operations upstream really changed between
 * two dated documents, computed from the raw documents alone with ./canonical.ts (never with the
 * project's diff or importer), less the deliberate omissions of ./quirks.ts.
 */
import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { canonicalOperation, findOperation } from './canonical.js';
import { QUIRKS } from './quirks.js';

/** What happened to one kept operation between two dates. */
export interface ExpectedChange {
  /** Our operationId, from the keep-list. */
  operationId: string;
  kind: 'changed' | 'removed' | 'added';
  /** JSON paths inside the canonical operation that differ (for failure messages). */
  where: string[];
}

/** The keep-list entries the comparison needs, from provider.yaml. */
export interface KeptOperation {
  operationId: string;
  source: string;
  select: string;
}

const parsed = new Map<string, Record<string, any>>();

/** Parse an upstream snapshot once per test process (they are large and never change). */
export function readDocument(file: string): Record<string, any> {
  let doc = parsed.get(file);
  if (!doc) {
    const text = readFileSync(file, 'utf8');
    doc = (file.endsWith('.json') ? JSON.parse(text) : YAML.parse(text, { maxAliasCount: -1 })) as Record<string, any>;
    parsed.set(file, doc);
  }
  return doc;
}

/** The upstream operations a provider config keeps (hand-written `source: ours` ones have no upstream). */
export function keptOperations(providerYaml: string): KeptOperation[] {
  const config = YAML.parse(providerYaml) as { operations?: Record<string, { source?: string; select?: string }> };
  return Object.entries(config.operations ?? {})
    .filter(([, op]) => op.source !== undefined && op.source !== 'ours' && typeof op.select === 'string')
    .map(([operationId, op]) => ({ operationId, source: op.source!, select: op.select! }))
    .sort((a, b) => (a.operationId < b.operationId ? -1 : 1));
}

/** Our spec's operations by operationId. */
export function operationsById(spec: Record<string, any> | undefined): Map<string, Record<string, any>> {
  const out = new Map<string, Record<string, any>>();
  for (const item of Object.values<Record<string, any>>(spec?.paths ?? {})) {
    for (const op of Object.values<any>(item ?? {})) if (op && typeof op === 'object' && typeof op.operationId === 'string') out.set(op.operationId, op);
  }
  return out;
}

function differences(a: unknown, b: unknown, at: string, out: string[]): void {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const isMap = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
  if (isMap(a) && isMap(b)) {
    for (const key of new Set([...Object.keys(a as object), ...Object.keys(b as object)])) differences((a as any)[key], (b as any)[key], `${at}/${key}`, out);
  } else out.push(at || '/');
}

/** Inputs of {@link expectedChanges}. */
export interface StepInput {
  kept: readonly KeptOperation[];
  /** Raw document file per source id, before and after the step. */
  before: Record<string, string>;
  after: Record<string, string>;
  /** Our spec before and after the step, only to check the premises of the quirks. */
  oursBefore?: Record<string, any>;
  oursAfter?: Record<string, any>;
}

/** The kept operations that changed upstream between the two dates, sorted by operationId. */
export function expectedChanges(input: StepInput): ExpectedChange[] {
  const oursBefore = operationsById(input.oursBefore);
  const oursAfter = operationsById(input.oursAfter);
  const out: ExpectedChange[] = [];
  for (const op of input.kept) {
    const docBefore = readDocument(input.before[op.source]!);
    const docAfter = readDocument(input.after[op.source]!);
    const whereBefore = findOperation(docBefore, op.select);
    const whereAfter = findOperation(docAfter, op.select);
    if (!whereBefore && !whereAfter) continue;
    if (!whereAfter) {
      out.push({ operationId: op.operationId, kind: 'removed', where: [] });
      continue;
    }
    if (!whereBefore) {
      out.push({ operationId: op.operationId, kind: 'added', where: [] });
      continue;
    }
    const sides = { before: oursBefore.get(op.operationId), after: oursAfter.get(op.operationId) };
    const a = canonicalOperation(docBefore, whereBefore);
    const b = canonicalOperation(docAfter, whereAfter);
    for (const quirk of QUIRKS) {
      quirk.apply(a, sides, docBefore.swagger !== undefined);
      quirk.apply(b, sides, docAfter.swagger !== undefined);
    }
    const where: string[] = [];
    differences(a, b, '', where);
    if (where.length > 0) out.push({ operationId: op.operationId, kind: 'changed', where });
  }
  return out;
}

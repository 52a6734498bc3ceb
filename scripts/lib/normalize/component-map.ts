/**
 * The naming map of provider.yaml (`names`): each component the facade exposes gets our stable
 * name, whatever upstream calls it, and inline schemas get hoisted into named components.
 *
 * ```yaml
 * names:
 *   schemas:
 *     Account: Account                          # an upstream component (as the cut names it)
 *     TaskResult: AccountsAsyncResult           # renamed
 *     ObjectDetails: [Objectv2Details, V1ObjectDetails]   # several equal ones become one
 *     ServiceAccount: getServiceAccount response 200      # hoisted from an operation
 *     UserInfo: getServiceAccount response 200 /properties/userInfo
 *     CreateServiceAccountRequest: createServiceAccount request
 *   securitySchemes:
 *     clientCredentials: applicationAuth
 *   responses:
 *     BadRequest: '400'
 * ```
 *
 * | source form | meaning |
 * | --- | --- |
 * | `Name` | the component of that section called `Name` in the cut document |
 * | `<operationId> response <status> [<pointer>]` | the schema of that response's JSON (or only) media type, then the JSON pointer into it (`$ref`s are followed) |
 * | `<operationId> request [<pointer>]` | the same for the request body |
 * | a list of the above | all must be equal once prose is gone and earlier names are applied; they become one component |
 *
 * A hoisted schema also replaces every identical inline copy elsewhere in the document (Dfns
 * repeats the same user and token shapes inline on every operation), so one name covers them all.
 * Rules run in the order written: component renames first (all at once, so names can swap),
 * then hoists, each seeing the result of the previous one.
 *
 * One concept, the naming map (reading its rules and applying them), which is why the file runs
 * past 300 lines.
 */
import { isDeepStrictEqual } from 'node:util';
import { PipelineError } from '../errors.js';
import { childKind, isHttpMethod, type Kind } from '../openapi/kinds.js';
import { escapeToken, getAt, isObject, parsePointer } from '../openapi/pointer.js';
import { componentOf, componentRef, renameComponents, type ComponentKey } from './refs.js';

/** Sections the naming map may name. */
export const NAMED_SECTIONS = ['schemas', 'securitySchemes', 'responses', 'parameters', 'requestBodies', 'headers'] as const;
/** One of {@link NAMED_SECTIONS}. */
export type NamedSection = (typeof NAMED_SECTIONS)[number];

/** Where a named component comes from. */
export type NameSource =
  | { kind: 'component'; name: string; text: string }
  | { kind: 'operation'; operationId: string; part: 'request' | 'response'; status?: string; pointer: string[]; text: string };

/** One rule: our name, its section, and the upstream place(s) it comes from. */
export interface NameRule {
  section: NamedSection;
  name: string;
  sources: NameSource[];
  /** `#/names/<section>/<name>` in provider.yaml. */
  at: string;
}

/** Parse one source string; undefined when it is not one of the forms above. */
export function parseNameSource(text: string, section: NamedSection): NameSource | undefined {
  const trimmed = text.trim();
  if (/^[^\s#]+$/.test(trimmed) && !/^[a-z][A-Za-z0-9]*\s/.test(trimmed)) return { kind: 'component', name: trimmed, text };
  if (section !== 'schemas') return undefined;
  const match = /^([a-z][A-Za-z0-9]*)\s+(request|response\s+(\S+))(?:\s+(\/\S*))?$/.exec(trimmed);
  if (!match) return undefined;
  const pointer = match[4] ? parsePointer(`#${match[4]}`) : [];
  if (!pointer) return undefined;
  return {
    kind: 'operation',
    operationId: match[1]!,
    part: match[2]!.startsWith('request') ? 'request' : 'response',
    ...(match[3] ? { status: match[3] } : {}),
    pointer,
    text,
  };
}

/** Read `names` from a provider config; errors name the config file and pointer. */
export function readNameRules(value: unknown, file: string): NameRule[] {
  if (value === undefined) return [];
  if (!isObject(value)) throw new PipelineError('"names" must map component sections to { <our name>: <source> }', file, '#/names');
  const rules: NameRule[] = [];
  for (const [section, entries] of Object.entries(value)) {
    if (!(NAMED_SECTIONS as readonly string[]).includes(section)) throw new PipelineError(`"names" has unknown section "${section}" (known: ${NAMED_SECTIONS.join(', ')})`, file, `#/names/${section}`);
    if (!isObject(entries)) throw new PipelineError(`"names.${section}" must map our names to sources`, file, `#/names/${section}`);
    for (const [name, raw] of Object.entries(entries)) {
      const at = `#/names/${section}/${escapeToken(name)}`;
      if (!/^[A-Za-z][A-Za-z0-9]*$/.test(name)) throw new PipelineError(`"${name}" is not an identifier (letters and digits, starting with a letter)`, file, at);
      const list = Array.isArray(raw) ? raw : [raw];
      if (list.length === 0) throw new PipelineError('a name needs at least one source', file, at);
      const sources = list.map((item, index) => {
        const parsed = typeof item === 'string' ? parseNameSource(item, section as NamedSection) : undefined;
        if (!parsed) {
          throw new PipelineError(
            `source ${JSON.stringify(item)} is neither a component name nor "<operationId> request|response <status> [/pointer]"${section === 'schemas' ? '' : ' (only schemas can be hoisted)'}`,
            file,
            Array.isArray(raw) ? `${at}/${index}` : at,
          );
        }
        return parsed;
      });
      rules.push({ section: section as NamedSection, name, sources, at });
    }
  }
  return rules;
}

const MARK = '\u00a7';

/** Apply the naming map (see the module comment). Pure: returns a new document. */
export function applyNames(input: Record<string, any>, rules: readonly NameRule[], file: string): Record<string, any> {
  let doc = structuredClone(input);
  // 1. Component renames and merges, all at once: every source first gets a unique temporary
  //    name, so that equal-after-renaming can be checked, then the temporary names collapse.
  const temp = new Map<ComponentKey, string>();
  const groups: { rule: NameRule; temps: string[] }[] = [];
  for (const rule of rules) {
    const components = rule.sources.filter((s): s is Extract<NameSource, { kind: 'component' }> => s.kind === 'component');
    if (components.length === 0) continue;
    if (components.length !== rule.sources.length) throw new PipelineError('a name takes either component names or operation places, not both', file, rule.at);
    const temps: string[] = [];
    components.forEach((source, index) => {
      const key: ComponentKey = `${rule.section}/${source.name}`;
      if (doc.components?.[rule.section]?.[source.name] === undefined) {
        throw new PipelineError(`no ${rule.section} component "${source.name}" in the imported document`, file, rule.at);
      }
      if (temp.has(key)) throw new PipelineError(`${rule.section} component "${source.name}" is named twice`, file, rule.at);
      const t = `${rule.name}${MARK}${index}`;
      temp.set(key, t);
      temps.push(t);
    });
    groups.push({ rule, temps });
  }
  if (temp.size > 0) {
    doc = renameComponents(doc, temp);
    const final = new Map<ComponentKey, string>();
    // Compare with the temporary suffixes taken off; key order does not matter.
    const strip = (value: unknown): unknown => JSON.parse(JSON.stringify(value).replace(new RegExp(`${MARK}\\d+`, 'g'), ''));
    for (const { rule, temps } of groups) {
      const first = doc.components[rule.section][temps[0]!];
      for (const [index, t] of temps.entries()) {
        if (index > 0 && !isDeepStrictEqual(strip(doc.components[rule.section][t]), strip(first))) {
          throw new PipelineError(`the sources of "${rule.name}" differ: "${rule.sources[0]!.text}" and "${rule.sources[index]!.text}" are not the same ${rule.section.replace(/s$/, '')}`, file, rule.at);
        }
        final.set(`${rule.section}/${t}`, rule.name);
      }
    }
    // Our names must not collide with an upstream name that stays.
    for (const { rule } of groups) {
      if (doc.components[rule.section][rule.name] !== undefined) {
        throw new PipelineError(`"${rule.name}" is already an upstream ${rule.section} component that the map does not rename; map that one to another name`, file, rule.at);
      }
    }
    doc = renameComponents(doc, final);
    // Merged security schemes can leave one requirement twice in a list.
    dedupeSecurity(doc);
  }
  // 2. Hoists, in order.
  const ours = new Set(groups.filter((g) => g.rule.section === 'schemas').map((g) => g.rule.name));
  for (const rule of rules) {
    if (rule.sources[0]!.kind !== 'operation') continue;
    if (rule.sources.some((s) => s.kind !== 'operation')) throw new PipelineError('a name takes either component names or operation places, not both', file, rule.at);
    doc = hoist(doc, rule, file, ours);
    ours.add(rule.name);
  }
  return doc;
}

interface Place {
  holder: Record<string, any> | unknown[];
  key: string | number;
  node: unknown;
}

/** Find the schema a place names, following `$ref`s on the way. */
function locate(doc: Record<string, any>, source: Extract<NameSource, { kind: 'operation' }>, file: string, at: string): Place {
  let found: Record<string, any> | undefined;
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) if (isHttpMethod(method) && isObject(op) && op.operationId === source.operationId) found = op;
  }
  if (!found) throw new PipelineError(`"${source.text}": no kept operation has operationId "${source.operationId}"`, file, at);
  const follow = (node: unknown): unknown => {
    let current = node;
    for (let guard = 0; isObject(current) && typeof current.$ref === 'string' && guard < 64; guard += 1) {
      const segments = parsePointer(current.$ref);
      current = segments ? getAt(doc, segments) : undefined;
    }
    return current;
  };
  const container = follow(source.part === 'request' ? found.requestBody : found.responses?.[source.status!]);
  if (!isObject(container)) throw new PipelineError(`"${source.text}": the operation has no ${source.part === 'request' ? 'request body' : `response ${source.status}`}`, file, at);
  const content = isObject(container.content) ? container.content : {};
  const media = content['application/json'] ?? Object.values(content)[0];
  if (!isObject(media) || media.schema === undefined) throw new PipelineError(`"${source.text}": the ${source.part} has no schema`, file, at);
  let place: Place = { holder: media, key: 'schema', node: media.schema };
  for (const segment of source.pointer) {
    // A pointer that runs through a $ref continues inside the component it names.
    const parent = follow(place.node);
    const key: string | number = Array.isArray(parent) ? Number(segment) : segment;
    const next = isObject(parent) || Array.isArray(parent) ? (parent as Record<string, unknown>)[key as string] : undefined;
    if (next === undefined) throw new PipelineError(`"${source.text}": nothing at "${segment}" of the pointer`, file, at);
    place = { holder: parent as Record<string, any>, key, node: next };
  }
  return place;
}

/** A schema worth a shared name when copies of it are found: not a bare `{ type: string }`. */
function isStructured(schema: unknown): boolean {
  return isObject(schema) && ['properties', 'items', 'enum', 'allOf', 'anyOf', 'oneOf', 'additionalProperties', 'const'].some((k) => k in schema);
}

/**
 * Hoist one rule's place into a component. `ours` holds the names earlier rules gave: a place
 * that already points at one of them (an identical shape, shared by an earlier hoist) gets its
 * own component with the same shape, since both names are part of our interface.
 */
function hoist(input: Record<string, any>, rule: NameRule, file: string, ours: ReadonlySet<string>): Record<string, any> {
  const doc = structuredClone(input);
  const sources = rule.sources as Extract<NameSource, { kind: 'operation' }>[];
  const first = locate(doc, sources[0]!, file, rule.at);
  const target = isObject(first.node) && typeof first.node.$ref === 'string' ? componentOf(first.node.$ref) : undefined;
  if (target && target.rest.length === 0 && target.section === 'schemas' && ours.has(target.name) && target.name !== rule.name) {
    if (doc.components?.schemas?.[rule.name] !== undefined) throw new PipelineError(`"${rule.name}" is already a schema of the imported document`, file, rule.at);
    const ref = { $ref: componentRef('schemas', rule.name) };
    for (const [index, source] of sources.entries()) {
      const place = index === 0 ? first : locate(doc, source, file, rule.at);
      if (!isDeepStrictEqual(place.node, first.node)) throw new PipelineError(`the sources of "${rule.name}" differ: "${sources[0]!.text}" and "${source.text}"`, file, rule.at);
      (place.holder as Record<string, unknown>)[place.key as string] = structuredClone(ref);
    }
    doc.components.schemas[rule.name] = structuredClone(doc.components.schemas[target.name]);
    return doc;
  }
  if (target && target.rest.length === 0 && target.section === 'schemas') {
    // The place already holds a component: this is a rename.
    if (target.name === rule.name) return doc;
    if (doc.components?.schemas?.[rule.name] !== undefined) throw new PipelineError(`"${rule.name}" is already a schema of the imported document`, file, rule.at);
    return renameComponents(doc, new Map<ComponentKey, string>([[`schemas/${target.name}`, rule.name]]));
  }
  if (!isObject(first.node)) throw new PipelineError(`"${sources[0]!.text}" is not a schema`, file, rule.at);
  if (doc.components?.schemas?.[rule.name] !== undefined) throw new PipelineError(`"${rule.name}" is already a schema of the imported document`, file, rule.at);
  const schema = structuredClone(first.node);
  const ref = { $ref: componentRef('schemas', rule.name) };
  for (const [index, source] of sources.entries()) {
    const place = index === 0 ? first : locate(doc, source, file, rule.at);
    if (index > 0 && !isDeepStrictEqual(place.node, schema)) {
      throw new PipelineError(`the sources of "${rule.name}" differ: "${sources[0]!.text}" and "${source.text}" are not the same schema`, file, rule.at);
    }
    (place.holder as Record<string, unknown>)[place.key as string] = structuredClone(ref);
  }
  doc.components ??= {};
  doc.components.schemas ??= {};
  doc.components.schemas[rule.name] = schema;
  if (isStructured(schema)) replaceCopies(doc, schema, ref, rule.name);
  return doc;
}

/** Replace every inline schema equal to `schema` with `ref`, except inside the component itself. */
function replaceCopies(doc: Record<string, any>, schema: unknown, ref: { $ref: string }, name: string): void {
  const visit = (node: unknown, kind: Kind): void => {
    if (kind === 'opaque' || node === null || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        const childK = kind === 'parameters' || kind === 'schemaList' ? childKind(kind, String(index), item) : kind;
        if (childK === 'schema' && isDeepStrictEqual(item, schema)) node[index] = structuredClone(ref);
        else visit(item, childK);
      });
      return;
    }
    for (const [key, value] of Object.entries(node as Record<string, unknown>)) {
      if (value === null || typeof value !== 'object') continue;
      const childK = childKind(kind, key, value);
      if (childK === 'schema' && isDeepStrictEqual(value, schema)) (node as Record<string, unknown>)[key] = structuredClone(ref);
      else visit(value, childK);
    }
  };
  visit(doc.paths, 'paths');
  for (const [section, entries] of Object.entries(isObject(doc.components) ? doc.components : {})) {
    if (!isObject(entries)) continue;
    for (const [entry, value] of Object.entries(entries)) {
      if (section === 'schemas' && entry === name) {
        // Inside the component itself only nested copies count (a recursive shape).
        visit(value, 'schema');
        continue;
      }
      if (section === 'schemas') {
        visit(value, 'schema');
        continue;
      }
      const kind = childKind('components', section, entries);
      visit({ [entry]: value }, kind);
    }
  }
}

/** Drop repeated alternatives from every security requirement list. */
function dedupeSecurity(doc: Record<string, any>): void {
  const dedupe = (list: unknown): unknown => {
    if (!Array.isArray(list)) return list;
    const out: unknown[] = [];
    for (const item of list) if (!out.some((o) => isDeepStrictEqual(o, item))) out.push(item);
    return out;
  };
  if (doc.security) doc.security = dedupe(doc.security);
  for (const item of Object.values(isObject(doc.paths) ? doc.paths : {})) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) if (isHttpMethod(method) && isObject(op) && op.security) op.security = dedupe(op.security);
  }
}

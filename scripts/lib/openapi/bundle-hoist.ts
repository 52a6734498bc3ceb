/**
 * Pass 2 of the bundler (see bundle.ts): copy the root, hoisting referenced external objects
 * into its components under their file or pointer name (`-2`, `-3`... on a clash) and inlining
 * what cannot be a component.
 */
import { PipelineError } from '../errors.js';
import type { Kind } from './kinds.js';
import { getAt, isObject, parsePointer, toPointer } from './pointer.js';
import { copyJson, type Descend, mapNodes } from './walk.js';
import { isPureRef, refKey, type SourceFile, type SourceSet, type Target } from './bundle-model.js';

/** Where hoisted objects of each kind go, per source format; kinds not listed are inlined. */
const SECTIONS_3: Partial<Record<Kind, string>> = {
  schema: 'schemas',
  parameter: 'parameters',
  response: 'responses',
  requestBody: 'requestBodies',
  header: 'headers',
  example: 'examples',
  link: 'links',
  callback: 'callbacks',
  securityScheme: 'securitySchemes',
};
const SECTIONS_2: Partial<Record<Kind, string>> = { schema: 'definitions', parameter: 'parameters', response: 'responses' };

/**
 * Pass 2: one document holding the root plus everything it references from other files.
 * The result shares no objects with the inputs.
 */
export function bundleSources(set: SourceSet, swagger2: boolean): Record<string, any> {
  const { root, files } = set;
  const sections = swagger2 ? SECTIONS_2 : SECTIONS_3;
  const rootDoc = root.doc as Record<string, any>;
  if (!set.external) return rootDoc;

  const sectionOf = (name: string): Record<string, unknown> | undefined =>
    swagger2 ? (rootDoc[name] as Record<string, unknown> | undefined) : (rootDoc.components?.[name] as Record<string, unknown> | undefined);
  const taken = new Map<string, Set<string>>();
  const hoisted = new Map<string, Record<string, unknown>>();
  const names = new Map<string, string>();
  const inlining = new Set<string>();

  const takenIn = (section: string): Set<string> => {
    let set2 = taken.get(section);
    if (!set2) {
      set2 = new Set(Object.keys(sectionOf(section) ?? {}));
      taken.set(section, set2);
    }
    return set2;
  };

  const refTo = (section: string, name: string): string =>
    toPointer(swagger2 ? [section, name] : ['components', section, name]);

  const resolveSync = (ref: string, base: SourceFile): Target | undefined => {
    if (ref.startsWith('#')) {
      const segments = parsePointer(ref) ?? [];
      return { id: base.id, segments, pointer: toPointer(segments) };
    }
    return set.resolved.get(refKey(base.id, ref));
  };

  // A root component that is only a reference to a file of the same name
  // (`Account: {$ref: ./Account.yaml}`) takes that file's content, so other references to the
  // file point at it instead of creating `Account-2` (what the published bundles do too).
  const owners = new Map<object, Target>();
  for (const section of Object.values(sections)) {
    for (const [name, entry] of Object.entries(sectionOf(section) ?? {})) {
      if (!isObject(entry) || typeof entry.$ref !== 'string' || entry.$ref.startsWith('#') || !isPureRef(entry)) continue;
      const target = set.resolved.get(refKey(root.id, entry.$ref));
      // Only when the names agree: `Reassign: {$ref: ./ReviewReassign.yaml}` stays an alias of
      // a hoisted `ReviewReassign`, as in the published bundles.
      if (!target || target.id === root.id || baseName(target) !== name) continue;
      const hoistKey = `${section}|${target.id}${target.pointer}`;
      if (names.has(hoistKey)) continue;
      names.set(hoistKey, name);
      owners.set(entry, target);
    }
  }

  const walk = (node: unknown, kind: Kind, file: SourceFile): unknown => mapNodes(node, kind, (value, valueKind, _key, descend) => place(value, valueKind, file, descend));

  /** What one node of `file` becomes in the bundle. */
  const place = (node: unknown, kind: Kind, file: SourceFile, descend: Descend): unknown => {
    if (kind === 'opaque' || node === null || typeof node !== 'object') return copyJson(node);
    const owned = owners.get(node);
    if (owned) {
      const { $ref: _ref, ...siblings } = node as Record<string, unknown>;
      const value = walk(getAt(files.get(owned.id)!.doc, owned.segments), kind, files.get(owned.id)!);
      return isObject(value) ? { ...value, ...(copyJson(siblings) as Record<string, unknown>) } : value;
    }
    if (Array.isArray(node)) return descend(node);
    const obj = node as Record<string, unknown>;
    if (typeof obj.$ref !== 'string') return descend(node);
    const target = resolveSync(obj.$ref, file);
    const missing = set.unresolved.get(refKey(file.id, obj.$ref));
    if (!target && missing) return { ...(copyJson(obj) as Record<string, unknown>), $ref: missing.ref };
    if (!target) throw new PipelineError(`$ref "${obj.$ref}" could not be resolved`, file.display);
    const siblings: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(obj)) if (key !== '$ref') siblings[key] = copyJson(value);
    if (target.id === root.id) return { ...siblings, $ref: target.pointer };
    const targetFile = files.get(target.id);
    if (!targetFile) throw new PipelineError(`$ref "${obj.$ref}" could not be resolved`, file.display);
    const section = sections[kind];
    const key = `${target.id}${target.pointer}`;
    if (section) {
      const hoistKey = `${section}|${key}`;
      let name = names.get(hoistKey);
      if (!name) {
        name = uniqueName(baseName(target), takenIn(section));
        names.set(hoistKey, name);
        // The slot is taken before the walk so the order is first reference, and a cycle back
        // to this object finds its name instead of recursing.
        hoisted.set(`${section}|${name}`, {});
        const value = walk(getAt(targetFile.doc, target.segments), kind, targetFile);
        hoisted.set(`${section}|${name}`, value as Record<string, unknown>);
      }
      return { ...siblings, $ref: refTo(section, name) };
    }
    if (inlining.has(key)) {
      throw new PipelineError(`$ref "${obj.$ref}" forms a cycle through an object that has to be inlined (${kind})`, file.display);
    }
    inlining.add(key);
    const value = walk(getAt(targetFile.doc, target.segments), kind, targetFile);
    inlining.delete(key);
    return isObject(value) ? { ...value, ...siblings } : value;
  };

  const result = walk(rootDoc, 'root', root) as Record<string, any>;
  // Hoisted objects go after the root's own entries, in the order they were first referenced.
  for (const [slot, value] of hoisted) {
    const bar = slot.indexOf('|');
    const section = slot.slice(0, bar);
    const name = slot.slice(bar + 1);
    if (swagger2) {
      result[section] ??= {};
      result[section][name] = value;
    } else {
      result.components ??= {};
      result.components[section] ??= {};
      result.components[section][name] = value;
    }
  }
  return result;
}

/** The component name for a hoisted object: the last pointer token, or the file's base name. */
function baseName(target: Target): string {
  const last = target.segments[target.segments.length - 1];
  if (last !== undefined && last !== '') return last;
  const file = target.id.replace(/[?#].*$/, '').split(/[\\/]/).pop() ?? 'Component';
  return file.replace(/\.(ya?ml|json)$/i, '') || 'Component';
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

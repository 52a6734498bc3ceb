/**
 * OpenAPI Overlay 1.0 (https://spec.openapis.org/overlay/v1.0.0.html), applied to a normalized
 * document after the cut. Targets are JSONPath, evaluated with jsonpath-plus in its safe
 * evaluator (filter expressions work, no arbitrary code runs).
 *
 * Semantics, per the specification:
 * - actions run in order, each against the result of the previous one;
 * - `remove: true` deletes every node the target selects from its parent;
 * - `update` is merged into every selected node: into an object, keys are merged recursively
 *   (objects merge, anything else replaces); into an array, the update is appended (its items,
 *   when it is itself an array). A selected primitive is replaced.
 *
 * One rule of ours on top: an action whose target selects nothing is an error naming the action.
 * Overlays exist to fix upstream quirks; when an upstream release moves or fixes the thing an
 * action targeted, the action would otherwise become a silent no-op.
 */
import { JSONPath } from 'jsonpath-plus';
import { PipelineError } from '../errors.js';
import { isObject } from '../openapi/pointer.js';

/** One Overlay action. */
export interface OverlayAction {
  target: string;
  description?: string;
  update?: unknown;
  remove?: boolean;
}

/** A checked Overlay document. */
export interface Overlay {
  overlay: string;
  info: { title: string; version: string };
  actions: OverlayAction[];
}

/** What {@link applyOverlay} did, per action, for reports and tests. */
export interface OverlayResult {
  doc: Record<string, any>;
  /** Number of nodes each action touched, in action order. */
  matches: number[];
}

/** Check that `value` (parsed from `file`) is an Overlay 1.0 document; errors name the pointer. */
export function readOverlay(value: unknown, file: string): Overlay {
  if (!isObject(value)) throw new PipelineError('an overlay must be a mapping', file, '#');
  if (typeof value.overlay !== 'string' || !/^1\.0\.\d+$/.test(value.overlay)) {
    throw new PipelineError('"overlay" must be a 1.0.x version string such as "1.0.0"', file, '#/overlay');
  }
  if (!isObject(value.info) || typeof value.info.title !== 'string' || typeof value.info.version !== 'string') {
    throw new PipelineError('"info" needs a string "title" and "version"', file, '#/info');
  }
  if (!Array.isArray(value.actions) || value.actions.length === 0) throw new PipelineError('"actions" must be a non-empty list', file, '#/actions');
  value.actions.forEach((action: unknown, index: number) => {
    const at = `#/actions/${index}`;
    if (!isObject(action)) throw new PipelineError('an action must be a mapping', file, at);
    if (typeof action.target !== 'string' || !action.target.startsWith('$')) throw new PipelineError('"target" must be a JSONPath starting with $', file, `${at}/target`);
    if (action.description !== undefined && typeof action.description !== 'string') throw new PipelineError('"description" must be a string', file, `${at}/description`);
    if (action.remove !== undefined && typeof action.remove !== 'boolean') throw new PipelineError('"remove" must be true or false', file, `${at}/remove`);
    if (action.update === undefined && action.remove !== true) throw new PipelineError('an action needs "update" or "remove: true"', file, at);
    for (const key of Object.keys(action)) {
      if (!['target', 'description', 'update', 'remove'].includes(key) && !key.startsWith('x-')) {
        throw new PipelineError(`unknown action field "${key}"`, file, `${at}/${key}`);
      }
    }
  });
  return value as unknown as Overlay;
}

function actionName(action: OverlayAction, index: number): string {
  return action.description ? `action ${index + 1} ("${action.description}")` : `action ${index + 1}`;
}

interface Match {
  parent: unknown;
  parentProperty: string | number | null;
  value: unknown;
}

function select(doc: unknown, target: string, file: string, at: string, name: string): Match[] {
  try {
    const found = JSONPath({ path: target, json: doc as object, resultType: 'all', wrap: true, eval: 'safe' }) as Match[];
    return found;
  } catch (err) {
    throw new PipelineError(`${name}: target ${target} is not a valid JSONPath (${err instanceof Error ? err.message : String(err)})`, file, at);
  }
}

/** Recursive merge: objects merge key by key, anything else in `update` replaces. */
function merge(target: unknown, update: unknown): unknown {
  if (isObject(target) && isObject(update)) {
    for (const [key, value] of Object.entries(update)) {
      target[key] = Object.hasOwn(target, key) ? merge(target[key], value) : structuredClone(value);
    }
    return target;
  }
  return structuredClone(update);
}

/**
 * Apply `overlay` to a copy of `doc`. Throws a PipelineError at `file#/actions/<n>` for an action
 * that matches nothing, or that tries to remove the document root.
 */
export function applyOverlay(doc: Record<string, any>, overlay: Overlay, file: string): OverlayResult {
  let out: Record<string, any> = structuredClone(doc);
  const matches: number[] = [];
  overlay.actions.forEach((action, index) => {
    const at = `#/actions/${index}`;
    const name = actionName(action, index);
    const found = select(out, action.target, file, `${at}/target`, name);
    if (found.length === 0) throw new PipelineError(`${name} matches nothing (target ${action.target})`, file, at);
    matches.push(found.length);
    if (action.remove === true) {
      // Delete from the end so array indexes of later matches stay valid.
      const ordered = [...found].sort((a, b) => (typeof a.parentProperty === 'number' && typeof b.parentProperty === 'number' ? b.parentProperty - a.parentProperty : 0));
      for (const match of ordered) {
        if (match.parent === null || match.parent === undefined || match.parentProperty === null) {
          throw new PipelineError(`${name} cannot remove the document root`, file, at);
        }
        if (Array.isArray(match.parent)) match.parent.splice(Number(match.parentProperty), 1);
        else delete (match.parent as Record<string, unknown>)[String(match.parentProperty)];
      }
      return;
    }
    for (const match of found) {
      let next: unknown;
      if (Array.isArray(match.value)) {
        next = match.value;
        match.value.push(...(Array.isArray(action.update) ? structuredClone(action.update) : [structuredClone(action.update)]));
      } else {
        next = merge(match.value, action.update);
      }
      if (match.parent === null || match.parent === undefined || match.parentProperty === null) {
        if (!isObject(next)) throw new PipelineError(`${name} would replace the document root with a non-object`, file, at);
        out = next;
      } else if (next !== match.value) {
        (match.parent as Record<string, unknown>)[String(match.parentProperty)] = next;
      }
    }
  });
  return { doc: out, matches };
}

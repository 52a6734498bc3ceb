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
 * Rules of ours on top:
 * - a target must be valid JSONPath (checked by {@link checkJsonPath} when the overlay is read;
 *   jsonpath-plus alone would read a typo such as `$.paths[.responses` as a descendant search);
 * - an action whose target selects nothing is reported as a finding naming the action. Overlays
 *   fix upstream quirks, and a newer upstream may have fixed the quirk or moved the thing, so a
 *   miss is a reason for a reviewer to look, not a reason to stop importing; with `strict` it
 *   is an error instead (the project's own CI runs strict).
 */
import { JSONPath } from 'jsonpath-plus';
import { PipelineError } from '../errors.js';
import { isObject } from '../openapi/pointer.js';
import { checkJsonPath } from './jsonpath.js';

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

/** An action that selected nothing: where it is and what it was for. */
export interface OverlayMiss {
  /** 0-based index of the action in `actions`. */
  index: number;
  target: string;
  description?: string;
  /** The overlay file as messages name it. */
  file: string;
  /** `#/actions/<index>`. */
  pointer: string;
  /** One line for people: `action 3 ("…") matches nothing (target …)`. */
  message: string;
}

/** Options of {@link applyOverlay}. */
export interface ApplyOverlayOptions {
  /** An action that matches nothing is an error instead of a reported miss. @default false */
  strict?: boolean;
}

/** What {@link applyOverlay} did, per action, for reports and tests. */
export interface OverlayResult {
  doc: Record<string, any>;
  /** Number of nodes each action touched, in action order (0 for a miss). */
  matches: number[];
  /** The actions that matched nothing, in action order. */
  misses: OverlayMiss[];
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
    const syntax = checkJsonPath(action.target);
    if (syntax) {
      const name = actionName(action as unknown as OverlayAction, index);
      throw new PipelineError(
        `${name}: target ${action.target} is not valid JSONPath at character ${syntax.position + 1}: ${syntax.message}`,
        file,
        `${at}/target`,
      );
    }
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
 * Apply `overlay` to a copy of `doc`. An action that matches nothing is returned in `misses`
 * (with `strict`, a PipelineError at `file#/actions/<n>` instead); an action that tries to
 * remove the document root is always an error.
 */
export function applyOverlay(doc: Record<string, any>, overlay: Overlay, file: string, options: ApplyOverlayOptions = {}): OverlayResult {
  let out: Record<string, any> = structuredClone(doc);
  const matches: number[] = [];
  const misses: OverlayMiss[] = [];
  overlay.actions.forEach((action, index) => {
    const at = `#/actions/${index}`;
    const name = actionName(action, index);
    const syntax = checkJsonPath(action.target);
    if (syntax) throw new PipelineError(`${name}: target ${action.target} is not valid JSONPath at character ${syntax.position + 1}: ${syntax.message}`, file, `${at}/target`);
    const found = select(out, action.target, file, `${at}/target`, name);
    matches.push(found.length);
    if (found.length === 0) {
      const message = `${name} matches nothing (target ${action.target})`;
      if (options.strict) throw new PipelineError(`${message}; without --strict this is a warning`, file, at);
      misses.push({ index, target: action.target, ...(action.description !== undefined ? { description: action.description } : {}), file, pointer: at, message });
      return;
    }
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
  return { doc: out, matches, misses };
}

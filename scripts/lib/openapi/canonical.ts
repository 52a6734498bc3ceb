/**
 * Canonical form of an OpenAPI 3.1 document, so the same content always gives the same bytes and
 * a change upstream shows up as a small, reviewable diff.
 *
 * Order: the top level, path items and operations use the order people read them in (the
 * project's spec conventions: `openapi, info, ..., paths, webhooks, components`; methods
 * `get, put, post, delete, patch`); paths sort by their text; every other mapping sorts its keys
 * by UTF-16 code unit (locale-independent). Arrays keep their order: in OpenAPI the order of
 * `parameters`, `allOf`, `enum` or `required` is the author's and sometimes meaningful.
 */
import { HTTP_METHODS, type Kind } from './kinds.js';
import { mapNodes } from './walk.js';

const TOP = ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'externalDocs', 'paths', 'webhooks', 'components'];
const PATH_ITEM = ['$ref', 'summary', 'description', 'servers', 'parameters', ...HTTP_METHODS];
const OPERATION = ['operationId', 'summary', 'description', 'tags', 'deprecated', 'security', 'servers', 'parameters', 'requestBody', 'responses', 'callbacks', 'externalDocs'];
const INFO = ['title', 'version', 'summary', 'description', 'termsOfService', 'contact', 'license'];

/** Plain code-unit comparison: stable across machines and locales, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Order keys: the `preferred` ones first in that order, then `x-` extensions last, the rest sorted. */
function orderKeys(keys: string[], preferred: readonly string[] = []): string[] {
  const rank = new Map(preferred.map((key, index) => [key, index]));
  const first = keys.filter((k) => rank.has(k)).sort((a, b) => rank.get(a)! - rank.get(b)!);
  const rest = keys.filter((k) => !rank.has(k));
  const plain = rest.filter((k) => !k.startsWith('x-')).sort(compareText);
  const ext = rest.filter((k) => k.startsWith('x-')).sort(compareText);
  return [...first, ...plain, ...ext];
}

function preferredFor(kind: Kind, parentKey: string): readonly string[] {
  if (kind === 'root') return TOP;
  if (kind === 'pathItem') return PATH_ITEM;
  if (kind === 'operation') return OPERATION;
  if (kind === 'other' && parentKey === 'info') return INFO;
  return [];
}

/**
 * A copy of `doc` in canonical order (see the module comment). Pure; `doc` is not changed.
 * `undefined` values are dropped, as JSON would.
 */
export function canonicalize<T>(doc: T): T {
  // Property maps sort too: two sources of the same API (a multi-file tree and its bundle)
  // often list fields in different orders, and the canonical form must not care.
  return mapNodes(doc, 'root', (node, kind, key, descend) =>
    node !== null && typeof node === 'object' && !Array.isArray(node) ? descend(node, orderKeys(Object.keys(node), preferredFor(kind, key))) : descend(node),
  ) as T;
}

/**
 * Deterministic YAML for a canonical document: block style, two-space indent, no anchors
 * (repeated objects are written out), no line folding, `\n` line ends, one trailing newline.
 *
 * A small emitter of our own rather than eemeli/yaml's `stringify`: the input is plain JSON
 * data, and on the multi-megabyte upstream documents the general-purpose stringifier took most
 * of a full-document normalize. Strings are written plain when YAML 1.2 (and YAML 1.1 readers)
 * would read them back as the same string, as a literal block when they span lines, and as
 * JSON-style double-quoted scalars otherwise. Tests read every output back with the parser and
 * compare.
 */
export function toYaml(doc: unknown): string {
  const out: string[] = [];
  emit(doc, 0, out, true);
  return `${out.join('')}\n`;
}

// Scalars YAML would read as something other than a string (core schema, plus YAML 1.1 words).
const NOT_A_STRING =
  /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[-+]?[0-9][0-9_]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(?:\.[0-9]+|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|<<|=)$/;
const PLAIN = /^[A-Za-z0-9_$/.(][A-Za-z0-9 _$/.()+=;~^<>,@!?%&'"{}[\]*|:#-]*$/;
// Characters a double-quoted scalar must escape beyond what JSON.stringify escapes: YAML 1.1
// line breaks, DEL and C1 controls, and the byte-order mark.
const EXTRA_ESCAPES = /[\u007f-\u009f\u2028\u2029\ufeff]/g;

function plainOk(text: string): boolean {
  return PLAIN.test(text) && !NOT_A_STRING.test(text) && !text.includes(': ') && !text.includes(' #') && !text.endsWith(':') && !text.endsWith(' ');
}

function quoted(text: string): string {
  return JSON.stringify(text).replace(EXTRA_ESCAPES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A literal block keeps multi-line text readable; only for text it represents exactly. */
function blockOk(text: string): boolean {
  if (!text.includes('\n') || /^[ \t\n]/.test(text)) return false;
  // Control characters (other than tab and newline) and CR cannot appear raw.
  if (/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return false;
  const lines = text.split('\n');
  // A last line of only blanks would be read as indentation, not content.
  const last = lines[lines.length - 1]!;
  if (last !== '' && last.trim() === '') return false;
  return true;
}

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : JSON.stringify(value);
  if (typeof value === 'boolean') return String(value);
  return plainOk(value) ? value : quoted(value);
}

function block(text: string, indent: number): string {
  const trailing = /\n*$/.exec(text)![0].length;
  const chomp = trailing === 0 ? '-' : trailing === 1 ? '' : '+';
  // The block's own last line break stands for the text's final newline (clip and keep).
  const body = trailing === 0 ? text : text.slice(0, -1);
  const pad = ' '.repeat(indent);
  const lines = body.split('\n').map((line) => (line === '' ? '' : pad + line));
  return `|${chomp}\n${lines.join('\n')}`;
}

/** Write `value` whose first line continues the current one; `indent` is for following lines. */
function emit(value: unknown, indent: number, out: string[], top = false): void {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string' && blockOk(value)) out.push(block(value, indent));
    else out.push(scalar(value as string | number | boolean | null));
    return;
  }
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out.push('[]');
      return;
    }
    value.forEach((item, i) => {
      if (i > 0 || !top) out.push(`\n${pad}`);
      out.push('- ');
      emit(item, indent + 2, out, true);
    });
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    out.push('{}');
    return;
  }
  entries.forEach(([key, item], i) => {
    if (i > 0 || !top) out.push(`\n${pad}`);
    out.push(`${scalar(key)}:`);
    const nested = item !== null && typeof item === 'object' && (Array.isArray(item) ? item.length > 0 : Object.keys(item).length > 0);
    if (nested) {
      emit(item, Array.isArray(item) ? indent + 2 : indent + 2, out, false);
    } else {
      out.push(' ');
      emit(item, indent + 2, out, true);
    }
  });
}

/** Deterministic JSON (two-space indent, trailing newline). */
export function toJson(doc: unknown): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

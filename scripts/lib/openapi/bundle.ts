/**
 * Bundling of relative external `$ref`s into one document, with the safety rules the importer
 * promises: a reference may only reach files inside the input's own folder tree, remote
 * references are refused unless their host is allowed, sizes are bounded, reference cycles are
 * legal and never hang, and a reference chain that only points at itself is an error.
 *
 * Why this bundler and not `@redocly/openapi-core`'s `bundle()`: Redocly's `BaseResolver` can be
 * confined (its `resolveExternalRef`, `loadExternalRef` and `parseDocument` hooks take the folder
 * rule, the size bound and our parser; bench/bundle.ts does exactly that), and its bundle of the
 * multi-file SailPoint v3 tree names all 607 components as this one does. But on that tree,
 * same parser, same process, it took 2312 ms against this bundler's 1154 ms (median of 5
 * rounds, `npm --prefix bench run bundle`), and it reports a refused or missing reference as a
 * lint problem rather than failing at the reference with its file and pointer, and has no
 * counterpart to `deferMissing` or to the pure-cycle refusal the hostile-input tests pin. The
 * job is small: two passes over the documents with the walker in walk.ts.
 *
 * Pass 1 (async) loads every file the references reach and checks every reference.
 * Pass 2 (sync) copies the root, hoisting referenced external objects into `components`
 * (`definitions`/`parameters`/`responses` for Swagger 2.0) under their file or pointer name,
 * with `-2`, `-3`... on a clash (the naming the published bundled SailPoint files use), and
 * inlining what cannot be a component (path items, anything outside the component kinds).
 * Internal references are kept as they are.
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import type { Kind } from './kinds.js';
import { parseText } from './parse.js';
import { getAt, isObject, parsePointer, toPointer } from './pointer.js';
import { copyJson, type Descend, eachNode, mapNodes } from './walk.js';

/** Limits and permissions for {@link collectSources}. */
export interface BundleOptions {
  /** Hosts (exact, case-insensitive) whose `https:` documents may be fetched. @default [] */
  allowRemote?: string[];
  /** Largest size of one file and of all files together, in bytes. @default 67108864 */
  maxBytes?: number;
  /** Alias bound passed to the YAML parser. @default 10000 */
  maxAliases?: number;
  /** Most files one bundle may read. @default 5000 */
  maxFiles?: number;
  /**
   * Leave a reference to a missing local file in place (recorded in `unresolved`) instead of
   * failing. A caller that cuts the document afterwards (the normalizer with a keep-list) then
   * fails only if a kept operation needs the missing file; published multi-file sources do
   * reference files their snapshot does not ship.
   * @default false
   */
  deferMissing?: boolean;
}

/** A reference left unresolved under {@link BundleOptions.deferMissing}. */
export interface UnresolvedRef {
  /** The `$ref` value written into the bundled document. */
  ref: string;
  /** The file and pointer where the reference was written. */
  file: string;
  pointer: string;
  reason: string;
}

/** Prefix of the `$ref` values written for unresolved references. */
export const UNRESOLVED_PREFIX = 'unresolved:';

/** A referenced local file that does not exist (deferrable, unlike the safety refusals). */
class MissingFileError extends PipelineError {}

/** Default size bound: 64 MiB, twenty times the largest real upstream document. */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;
const DEFAULT_MAX_FILES = 5000;

/** One parsed file of a bundle. */
export interface SourceFile {
  /** Absolute path, or an `https:` URL. */
  id: string;
  /** How messages name it: relative to the working directory, or the URL. */
  display: string;
  doc: unknown;
  /** sha256 of the file's text (UTF-8), for pinning. */
  sha256: string;
  bytes: number;
}

/** Every file a root document reaches through `$ref`s, parsed and checked. */
export interface SourceSet {
  root: SourceFile;
  files: Map<string, SourceFile>;
  /** True when any reference leaves the root file (bundling is needed). */
  external: boolean;
  /** How each reference was resolved, keyed by {@link refKey}. */
  resolved: Map<string, Target>;
  /** References to missing files left in place, keyed by {@link refKey}. */
  unresolved: Map<string, UnresolvedRef>;
}

/** Key of one reference written in one file. */
export function refKey(fileId: string, ref: string): string {
  return `${fileId}\0${ref}`;
}

/** Where a reference lands: a file id and a pointer into it. */
export interface Target {
  id: string;
  segments: string[];
  pointer: string;
}

const isRemote = (id: string): boolean => /^https?:\/\//i.test(id);

/** Name a local file for messages: relative to the working directory, or absolute when outside. */
export function displayName(id: string): string {
  if (isRemote(id)) return id;
  const rel = path.relative(process.cwd(), id);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : id;
}

/**
 * Pass 1: read `rootFile` and everything its references reach; check every reference
 * (allowed location, target exists, no pure self-reference).
 */
export async function collectSources(rootFile: string, rootDisplay: string, options: BundleOptions = {}): Promise<SourceSet> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const allowed = new Set((options.allowRemote ?? []).map((h) => h.toLowerCase()));
  const parseOptions = options.maxAliases === undefined ? {} : { maxAliases: options.maxAliases };
  let totalBytes = 0;
  // Local files are read synchronously and each path's real path is looked up once: thousands
  // of references into a few hundred files made one thread-pool round trip each otherwise, and
  // that waiting, not the parsing, was most of a multi-file bundle's time.
  const realPaths = new Map<string, string | undefined>();
  const realOf = (id: string): string | undefined => {
    if (!realPaths.has(id)) {
      let real: string | undefined;
      try {
        real = realpathSync.native(id);
      } catch {
        real = undefined;
      }
      realPaths.set(id, real);
    }
    return realPaths.get(id);
  };

  const rootId = isRemote(rootFile) ? new URL(rootFile).href : path.resolve(rootFile);
  // The folder tree references may reach: the root's directory (its real path, so a symlink
  // inside the tree cannot lead out of it), or for a remote root its URL directory.
  const rootDirReal = isRemote(rootId) ? '' : (realOf(path.dirname(rootId)) ?? path.dirname(rootId));
  const rootDirLexical = isRemote(rootId) ? '' : path.dirname(rootId);
  const remoteBase = isRemote(rootId) ? new URL('.', rootId).href : '';
  const files = new Map<string, SourceFile>();

  const read = async (id: string, display: string, from?: { file: string; pointer: string }): Promise<SourceFile> => {
    const known = files.get(id);
    if (known) return known;
    if (files.size >= maxFiles) throw new PipelineError(`more than ${maxFiles} files are referenced`, from?.file ?? display, from?.pointer);
    let text: string;
    if (isRemote(id)) {
      text = await fetchText(id, maxBytes, display, from);
    } else {
      let size: number;
      try {
        const info = statSync(id);
        if (!info.isFile()) throw new PipelineError('not a regular file', from?.file ?? display, from?.pointer);
        size = info.size;
      } catch (err) {
        if (err instanceof PipelineError) throw err;
        throw from
          ? new PipelineError(`$ref target file not found: ${display}`, from.file, from.pointer)
          : new PipelineError('file not found', display);
      }
      if (size > maxBytes) throw new PipelineError(`file is ${size} bytes, over the limit of ${maxBytes}`, display);
      text = readFileSync(id, 'utf8');
    }
    totalBytes += Buffer.byteLength(text);
    if (totalBytes > maxBytes) throw new PipelineError(`referenced files exceed ${maxBytes} bytes together`, display);
    const file: SourceFile = { id, display, doc: parseText(text, display, parseOptions), sha256: createHash('sha256').update(text).digest('hex'), bytes: Buffer.byteLength(text) };
    files.set(id, file);
    return file;
  };

  /** Resolve `ref` written in file `base`; enforce the location rules. */
  const resolve = async (ref: string, base: SourceFile, at: string): Promise<Target> => {
    const hash = ref.indexOf('#');
    const uri = hash === -1 ? ref : ref.slice(0, hash);
    const fragment = hash === -1 ? '' : ref.slice(hash);
    const segments = parsePointer(fragment);
    if (!segments) throw new PipelineError(`$ref "${ref}" has a fragment that is not a JSON pointer`, base.display, at);
    if (uri === '') return { id: base.id, segments, pointer: toPointer(segments) };
    let id: string;
    if (/^[a-z][a-z0-9+.-]*:/i.test(uri) || isRemote(base.id)) {
      let url: URL;
      try {
        url = new URL(uri, isRemote(base.id) ? base.id : undefined);
      } catch {
        throw new PipelineError(`$ref "${ref}" is not a valid URL`, base.display, at);
      }
      if (url.protocol !== 'https:') {
        const why = url.protocol === 'http:' ? 'plain http is not allowed' : `the ${url.protocol} scheme is not allowed`;
        throw new PipelineError(`remote $ref "${ref}" refused: ${why}`, base.display, at);
      }
      if (!allowed.has(url.hostname.toLowerCase())) {
        throw new PipelineError(`remote $ref "${ref}" refused: host ${url.hostname} is not allowed (use --allow-remote ${url.hostname})`, base.display, at);
      }
      url.hash = '';
      id = url.href;
      if (remoteBase && !id.startsWith(remoteBase) && new URL(id).host === new URL(remoteBase).host) {
        throw new PipelineError(`$ref "${ref}" leaves the folder of the input`, base.display, at);
      }
    } else {
      let decoded: string;
      try {
        decoded = decodeURIComponent(uri);
      } catch {
        throw new PipelineError(`$ref "${ref}" is not a valid relative reference`, base.display, at);
      }
      if (decoded.includes('\0')) throw new PipelineError(`$ref "${ref}" contains a NUL character`, base.display, at);
      id = path.resolve(path.dirname(base.id), decoded);
      // Checked twice: on the written path (so a reference out of the tree is refused even when
      // its target does not exist) and on the real path (so a symlink cannot lead out).
      if (!within(rootDirLexical, id) && !within(rootDirReal, id)) {
        throw new PipelineError(`$ref "${ref}" leaves the folder of the input`, base.display, at);
      }
      const real = realOf(id);
      if (!real) throw new MissingFileError(`$ref target file not found: ${displayName(id)}`, base.display, at);
      if (!within(rootDirReal, real)) {
        throw new PipelineError(`$ref "${ref}" leaves the folder of the input`, base.display, at);
      }
      id = real;
    }
    return { id, segments, pointer: toPointer(segments) };
  };

  const root = await read(rootId, rootDisplay);
  if (rootDirReal && !isRemote(rootId)) {
    // The root itself may be a symlink; what counts is where its references land.
    files.delete(rootId);
    root.id = realOf(rootId) ?? rootId;
    files.set(root.id, root);
  }

  let external = false;
  const resolved = new Map<string, Target>();
  const unresolved = new Map<string, UnresolvedRef>();
  const seen = new Set<string>();
  const queue: { file: SourceFile; segments: string[]; kind: Kind }[] = [{ file: root, segments: [], kind: 'root' }];
  while (queue.length > 0) {
    const unit = queue.shift()!;
    const refs: { node: Record<string, unknown>; segments: string[]; kind: Kind }[] = [];
    collectRefs(getAt(unit.file.doc, unit.segments), unit.kind, unit.segments, refs);
    for (const found of refs) {
      const at = toPointer(found.segments);
      const ref = found.node.$ref;
      if (typeof ref !== 'string') throw new PipelineError('$ref must be a string', unit.file.display, at);
      let target: Target;
      try {
        target = await resolve(ref, unit.file, `${at}/$ref`);
      } catch (err) {
        if (!(err instanceof MissingFileError) || !options.deferMissing) throw err;
        const key = refKey(unit.file.id, ref);
        if (!unresolved.has(key)) {
          unresolved.set(key, { ref: `${UNRESOLVED_PREFIX}${unresolved.size + 1}:${ref}`, file: unit.file.display, pointer: `${at}/$ref`, reason: err.message });
        }
        continue;
      }
      resolved.set(refKey(unit.file.id, ref), target);
      const targetFile = target.id === unit.file.id ? unit.file : await read(target.id, displayName(target.id), { file: unit.file.display, pointer: at });
      const value = getAt(targetFile.doc, target.segments);
      if (value === undefined) {
        throw new PipelineError(`$ref "${ref}" points at nothing (${targetFile === unit.file ? '' : targetFile.display}${target.pointer})`, unit.file.display, at);
      }
      await checkPureCycle(value, targetFile, target, unit.file, at, resolve, read);
      if (targetFile !== root) external = true;
      // Everything in the root is walked from the top; other files are walked from each place
      // that is referenced, with the kind the reference gives it.
      const key = `${targetFile.id}${target.pointer}@${found.kind}`;
      if (targetFile !== root && !seen.has(key)) {
        seen.add(key);
        queue.push({ file: targetFile, segments: target.segments, kind: found.kind });
      }
    }
  }
  return { root, files, external: external || unresolved.size > 0, resolved, unresolved };
}

/**
 * Follow a chain of objects that are nothing but a `$ref` (plus annotations); a chain that comes
 * back to where it started describes no structure at all and is refused. Chains through real
 * structure (a schema property pointing back at its schema) are legal cycles.
 */
async function checkPureCycle(
  value: unknown,
  file: SourceFile,
  target: Target,
  from: SourceFile,
  at: string,
  resolve: (ref: string, base: SourceFile, at: string) => Promise<Target>,
  read: (id: string, display: string, from?: { file: string; pointer: string }) => Promise<SourceFile>,
): Promise<void> {
  const visited = new Set<string>([`${file.id}${target.pointer}`]);
  let node = value;
  let current = file;
  let pointer = target.pointer;
  while (isObject(node) && typeof node.$ref === 'string' && isPureRef(node)) {
    const next = await resolve(node.$ref, current, `${pointer}/$ref`);
    const key = `${next.id}${next.pointer}`;
    if (visited.has(key)) {
      throw new PipelineError(`$ref "${String((value as Record<string, unknown>).$ref ?? node.$ref)}" only points at itself (a reference cycle with no structure)`, from.display, at);
    }
    visited.add(key);
    current = next.id === current.id ? current : await read(next.id, displayName(next.id), { file: current.display, pointer });
    node = getAt(current.doc, next.segments);
    pointer = next.pointer;
  }
}

const ANNOTATIONS = new Set(['$ref', 'description', 'summary', 'title', 'deprecated', 'readOnly', 'writeOnly', 'nullable']);
function isPureRef(node: Record<string, unknown>): boolean {
  return Object.keys(node).every((key) => ANNOTATIONS.has(key) || key.startsWith('x-'));
}

/** Every `$ref` object under `node` (not inside example values or extensions), with its kind. */
function collectRefs(node: unknown, kind: Kind, segments: string[], out: { node: Record<string, unknown>; segments: string[]; kind: Kind }[]): void {
  eachNode(node, kind, (holder, holderKind, at) => {
    if (Array.isArray(holder) || !('$ref' in holder)) return;
    out.push({ node: holder as Record<string, unknown>, segments: [...segments, ...at], kind: holderKind });
    // A reference's siblings are annotations of the reference, not places to look for more.
    return false;
  });
}

async function fetchText(url: string, maxBytes: number, display: string, from?: { file: string; pointer: string }): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(30_000) });
  } catch (err) {
    throw new PipelineError(`could not fetch ${url}: ${err instanceof Error ? err.message : String(err)}`, from?.file ?? display, from?.pointer);
  }
  if (!response.ok) throw new PipelineError(`fetching ${url} gave HTTP ${response.status}`, from?.file ?? display, from?.pointer);
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) throw new PipelineError(`remote document is ${declared} bytes, over the limit of ${maxBytes}`, display);
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new PipelineError(`remote document exceeds the limit of ${maxBytes} bytes`, display);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** True when `file` lies strictly inside `dir`. */
function within(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

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

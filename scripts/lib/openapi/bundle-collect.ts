/**
 * Pass 1 of the bundler (see bundle.ts): read the root file and everything its references
 * reach, and check every reference against the safety rules (inside the folder tree, allowed
 * remote host, size and file-count bounds, no pure self-reference).
 */
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { PipelineError } from '../errors.js';
import type { Kind } from './kinds.js';
import { parseText } from './parse.js';
import { getAt, isObject, parsePointer, toPointer } from './pointer.js';
import { eachNode } from './walk.js';
import {
  DEFAULT_MAX_BYTES,
  UNRESOLVED_PREFIX,
  displayName,
  isPureRef,
  isRemote,
  refKey,
  type BundleOptions,
  type SourceFile,
  type SourceSet,
  type Target,
  type UnresolvedRef,
} from './bundle-model.js';

/** A referenced local file that does not exist (deferrable, unlike the safety refusals). */
class MissingFileError extends PipelineError {}

const DEFAULT_MAX_FILES = 5000;

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

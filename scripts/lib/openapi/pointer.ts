/**
 * JSON Pointer (RFC 6901) helpers shared by the loader, the normalizer and the overlay engine.
 * Pointers are written with a leading `#` wherever they name a place in a file, because that is
 * how `$ref` and the one-line error format spell them.
 */

/** Escape one reference token (`~` → `~0`, `/` → `~1`). */
export function escapeToken(token: string | number): string {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Undo {@link escapeToken}. */
export function unescapeToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Build `#/a/b~1c` from path segments. */
export function toPointer(segments: readonly (string | number)[]): string {
  return segments.length === 0 ? '#' : `#/${segments.map(escapeToken).join('/')}`;
}

/**
 * Split a `$ref` fragment (`#/a/b`, `/a/b` or ``) into segments. Fragments in `$ref`s are URI
 * fragments, so percent-encoding (`%7B` for `{`) is decoded before the pointer escapes.
 * Returns undefined for a fragment that is not a JSON pointer (e.g. an anchor name).
 */
export function parsePointer(fragment: string): string[] | undefined {
  let text = fragment.startsWith('#') ? fragment.slice(1) : fragment;
  if (text === '') return [];
  try {
    text = decodeURIComponent(text);
  } catch {
    return undefined;
  }
  if (!text.startsWith('/')) return undefined;
  return text.slice(1).split('/').map(unescapeToken);
}

/** Read the value at `segments` (own properties only), or undefined. */
export function getAt(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (Array.isArray(node)) {
      if (!/^(0|[1-9]\d*)$/.test(segment)) return undefined;
      node = node[Number(segment)];
    } else if (node !== null && typeof node === 'object' && Object.hasOwn(node, segment)) {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return node;
}

/** True for a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * A syntax check for Overlay targets, run before jsonpath-plus sees them. jsonpath-plus is
 * lenient: it reads `$.paths[.responses` as `$.paths..responses` and selects every operation's
 * responses, so a typo in a `remove: true` action silently deletes half a document. The check
 * accepts the JSONPath forms overlays use (RFC 9535 segments plus jsonpath-plus filter
 * expressions) and reports the first character where a target stops being one.
 *
 * Grammar (whitespace is allowed inside brackets only):
 *
 * | form | example |
 * | --- | --- |
 * | root | `$` |
 * | child / descendant by name | `.paths`, `..schemas` |
 * | wildcard | `.*`, `..*`, `[*]` |
 * | bracketed selectors, comma-separated | `['/v2/users']`, `["a", 'b']`, `[0]`, `[-1]`, `[1:3]`, `[::2]` |
 * | filter | `[?(@.in == 'path')]`, `[?@.required]` (parentheses and quotes must balance) |
 */

/** A target that is not valid JSONPath: the reason and the 0-based character position. */
export interface JsonPathSyntaxError {
  message: string;
  position: number;
}

const NAME_START = /[A-Za-z_$\u0080-\uffff]/;
const NAME_CHAR = /[A-Za-z0-9_$\-\u0080-\uffff]/;

/** Check `target`; undefined when it is valid. */
export function checkJsonPath(target: string): JsonPathSyntaxError | undefined {
  let i = 0;
  const fail = (message: string, position = i): JsonPathSyntaxError => ({ message, position });
  if (target[0] !== '$') return fail('a JSONPath starts with $', 0);
  i = 1;
  while (i < target.length) {
    const c = target[i]!;
    if (c === '.') {
      i += target[i + 1] === '.' ? 2 : 1;
      if (target[i] === '*') {
        i += 1;
        continue;
      }
      if (target[i] === '[' && target[i - 1] === '.' && target[i - 2] === '.') continue; // `..[...]`
      if (i >= target.length || !NAME_START.test(target[i]!)) return fail(`expected a member name or * after "${target.slice(Math.max(0, i - 2), i)}"`);
      while (i < target.length && NAME_CHAR.test(target[i]!)) i += 1;
      continue;
    }
    if (c === '[') {
      const end = bracket(target, i);
      if (typeof end !== 'number') return end;
      i = end;
      continue;
    }
    return fail(`unexpected "${c}"; a segment starts with . or [`);
  }
  return undefined;
}

/** Parse one bracketed segment starting at `start` (a `[`); returns the index after its `]`. */
function bracket(text: string, start: number): number | JsonPathSyntaxError {
  let i = start + 1;
  const skip = (): void => {
    while (text[i] === ' ' || text[i] === '\t') i += 1;
  };
  skip();
  if (text[i] === '?') return filter(text, start, i + 1);
  for (;;) {
    skip();
    const c = text[i];
    if (c === undefined) return { message: 'unclosed [', position: start };
    if (c === "'" || c === '"') {
      const end = quoted(text, i);
      if (typeof end !== 'number') return end;
      i = end;
    } else if (c === '*') {
      i += 1;
    } else if (/[-0-9:]/.test(c)) {
      const match = /^-?[0-9]*(?::-?[0-9]*){0,2}/.exec(text.slice(i))![0];
      if (match === '' || match === '-') return { message: 'expected an index or slice', position: i };
      i += match.length;
    } else {
      return { message: `expected a quoted name, an index, a slice, * or a ?filter inside [ ], got "${c}"`, position: i };
    }
    skip();
    if (text[i] === ',') {
      i += 1;
      continue;
    }
    if (text[i] === ']') return i + 1;
    if (text[i] === undefined) return { message: 'unclosed [', position: start };
    return { message: `expected , or ] but got "${text[i]}"`, position: i };
  }
}

/** A quoted name starting at `start`; returns the index after the closing quote. */
function quoted(text: string, start: number): number | JsonPathSyntaxError {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i += 1) {
    if (text[i] === '\\') {
      i += 1;
      continue;
    }
    if (text[i] === quote) return i + 1;
  }
  return { message: 'unclosed quote', position: start };
}

/** A filter expression after `[?`: parentheses, brackets and quotes must balance up to `]`. */
function filter(text: string, open: number, from: number): number | JsonPathSyntaxError {
  const stack: { char: string; at: number }[] = [];
  let sawAny = false;
  for (let i = from; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = quoted(text, i);
      if (typeof end !== 'number') return end;
      i = end - 1;
      sawAny = true;
      continue;
    }
    if (c === '(' || c === '[') stack.push({ char: c, at: i });
    else if (c === ')' || c === ']') {
      if (c === ']' && stack.length === 0) {
        if (!sawAny) return { message: 'empty filter expression', position: from };
        return i + 1;
      }
      const top = stack.pop();
      if (!top || (top.char === '(' ? ')' : ']') !== c) return { message: `unbalanced "${c}" in filter expression`, position: i };
    } else if (c !== ' ') sawAny = true;
  }
  return { message: 'unclosed [ of a filter expression', position: stack[0]?.at ?? open };
}

/**
 * The pipeline's one parser for documents it reads (specs, overlays, provider configs, locks).
 *
 * JSON text goes through `JSON.parse`; YAML through js-yaml (the parser Redocly reads specs
 * with), several times faster than eemeli/yaml on the multi-megabyte upstream documents. The
 * bounds do not depend on which parser read the text: aliases, depth and unsafe keys are checked
 * on the tree afterwards (see {@link freeze}). eemeli/yaml, the strict parser, runs only when
 * js-yaml refuses a text: it words the error the way every message of the project does (with a
 * line), and where the two disagree about a text the strict parser's reading stands.
 *
 * One concept, reading a text into a tree within the bounds, whichever parser reads it (the two
 * roads must agree value for value), which is why the file runs past 300 lines.
 */
import { createRequire } from 'node:module';
import type JsYaml from 'js-yaml';
import type * as StrictYaml from 'yaml';
import { PipelineError } from '../errors.js';
import { escapeToken } from './pointer.js';

/** Bounds for {@link parseText}. */
export interface ParseOptions {
  /**
   * Largest number of alias expansions one document may cause: objects and arrays that aliases
   * (or merge keys) make appear again in the tree. Real specs use anchors for shared enums (the
   * Dfns document has a few hundred aliases); an alias bomb needs millions, so the bound sits
   * far above honest use and far below harm.
   * @default 10000
   */
  maxAliases?: number;
  /**
   * Deepest nesting accepted. The stages after parsing walk the tree recursively, so a
   * pathological depth must be refused here rather than overflow the stack later.
   * @default 256
   */
  maxDepth?: number;
  /**
   * How a syntax error introduces itself; files whose format is fixed by the project (the
   * normalized specs and provider configs are YAML) say so.
   * @default 'syntax error'
   */
  syntaxErrorLabel?: string;
}

/** Default alias bound, see {@link ParseOptions.maxAliases}. */
export const DEFAULT_MAX_ALIASES = 10_000;
/** Default depth bound, see {@link ParseOptions.maxDepth}. */
export const DEFAULT_MAX_DEPTH = 256;

const require = createRequire(import.meta.url);

let fast: { jsYaml: typeof JsYaml; schema: JsYaml.Schema } | undefined;

/**
 * js-yaml and the schema it reads with, loaded on first use: a run that parses no YAML (an
 * unchanged regen, whose provider configs come from the cache) never compiles its 100 KB.
 */
function fastYaml(): { jsYaml: typeof JsYaml; schema: JsYaml.Schema } {
  if (fast) return fast;
  const jsYaml = require('js-yaml') as typeof JsYaml;
  // The parts of js-yaml 4 its type declarations leave out.
  const yamlTypes = (jsYaml as unknown as { types: Record<'null' | 'bool' | 'merge', JsYaml.Type> }).types;

  /**
   * Numbers exactly as YAML 1.2's core schema reads them (and eemeli/yaml with it), where js-yaml
   * differs: it also reads `0b101`, `-0x1F` and `-0o7` as integers, not `-.5` as a float, and
   * `-0` as 0. The two parsers must agree on every value for the output not to depend on which
   * one read a text.
   */
  const CORE_INT = new jsYaml.Type('tag:yaml.org,2002:int', {
    kind: 'scalar',
    resolve: (data: string) => /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/.test(data),
    construct: (data: string) => (data.startsWith('0o') ? parseInt(data.slice(2), 8) : data.startsWith('0x') ? parseInt(data.slice(2), 16) : parseInt(data, 10)),
  });
  const CORE_FLOAT = new jsYaml.Type('tag:yaml.org,2002:float', {
    kind: 'scalar',
    resolve: (data: string) => /^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(data),
    construct: (data: string) => (/nan$/i.test(data) ? NaN : /inf$/i.test(data) ? (data.startsWith('-') ? -Infinity : Infinity) : parseFloat(data)),
  });

  /**
   * YAML 1.2's core schema (no timestamps, no `yes`/`no` booleans, as eemeli/yaml reads by
   * default) plus merge keys, which eemeli/yaml is asked to accept too.
   */
  const schema = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [yamlTypes.null, yamlTypes.bool, CORE_INT, CORE_FLOAT, yamlTypes.merge] });
  fast = { jsYaml, schema };
  return fast;
}

/**
 * A line whose key is a collection (`[a]: x`, `- {a: 1}: x`, `? [a, b]`): js-yaml writes such a
 * key one way, eemeli/yaml another, so these rare texts take the strict road. (Null keys are the
 * other such case; {@link freeze} notices those on the tree.)
 */
const COLLECTION_KEY = /(?:^|\n)[ \t-]*(?:\?[ \t]+[[{]|[[{][^\n]*[\]}][ \t]*:[ \t\r\n])/;

/** Thrown by {@link freeze} when the strict parser must read a text js-yaml read differently. */
class ReadStrictly extends Error {}

/**
 * Parse YAML or JSON text into plain JSON values. A byte-order mark and CRLF line ends are fine.
 * Syntax errors become a {@link PipelineError} naming `file` and the 1-based line.
 *
 * The result is a fresh tree: YAML aliases are expanded into copies (later stages edit nodes in
 * place and must never change two places through one shared object), `__proto__` keys are
 * refused (they would turn into prototype changes the moment a stage copies the object), and
 * values JSON cannot hold (`.inf`, `.nan`) are refused.
 */
export function parseText(text: string, file: string, options: ParseOptions = {}): unknown {
  const maxAliases = options.maxAliases ?? DEFAULT_MAX_ALIASES;
  const maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
  const label = options.syntaxErrorLabel ?? 'syntax error';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const first = /\S/.exec(body);
  // JSON.parse is several times faster than any YAML parser on the multi-megabyte JSON specs, so
  // JSON-looking text takes that road first; on failure the YAML parser (a JSON superset) runs
  // to get a line number, or accepts the text if it is valid YAML after all.
  const strictJson = /\.json$/i.test(file);
  if (strictJson || (first && (first[0] === '{' || first[0] === '['))) {
    try {
      // JSON.parse never shares a node between two places, so there are no aliases to count.
      return freeze(JSON.parse(body), file, maxDepth, -1);
    } catch (err) {
      if (err instanceof PipelineError) throw err;
      // A .json file must be JSON, even where YAML would accept it (`{"b": }` is YAML).
      if (strictJson) {
        const offset = jsonErrorOffset(body);
        const line = body.slice(0, offset).split('\n').length;
        const reason = err instanceof Error ? err.message.replace(/, ".*$/s, '').replace(/ in JSON at position \d+.*$/s, '') : 'invalid JSON';
        throw new PipelineError(`${label}: ${reason}`, file, line);
      }
    }
  }
  const strict = (): unknown => freeze(parseStrictText(body, file, maxAliases, label), file, maxDepth, -1);
  if (COLLECTION_KEY.test(body)) return strict();
  let value: unknown;
  try {
    // js-yaml's own depth bound sits above ours, so that our check words the refusal.
    const { jsYaml, schema } = fastYaml();
    value = jsYaml.load(body, { schema, filename: file, maxDepth: maxDepth + 2, maxTotalMergeKeys: maxAliases } as JsYaml.LoadOptions);
  } catch {
    return strict();
  }
  try {
    // An empty or comment-only document is null, as the strict parser and JSON read it.
    return freeze(value ?? null, file, maxDepth, maxAliases);
  } catch (err) {
    if (err instanceof ReadStrictly) return strict();
    throw err;
  }
}

/**
 * eemeli/yaml, loaded on first use: loading it costs more than parsing every document of a
 * regen run with js-yaml, and most runs never need it.
 */
function parseStrictYaml(...args: Parameters<typeof StrictYaml.parseDocument>): ReturnType<typeof StrictYaml.parseDocument> {
  return (require('yaml') as typeof StrictYaml).parseDocument(...args);
}

/** eemeli/yaml's reading of `body`: the wording of every YAML syntax error. */
function parseStrictText(body: string, file: string, maxAliases: number, label: string): unknown {
  let doc;
  try {
    doc = parseStrictYaml(body, { uniqueKeys: true, merge: true, prettyErrors: true, strict: true });
  } catch (err) {
    // The composer recurses; absurd nesting overflows it before any bound of ours applies.
    if (err instanceof RangeError) throw new PipelineError('document nesting is too deep', file);
    throw err;
  }
  const error = doc.errors[0];
  if (error) {
    const line = error.linePos?.[0]?.line;
    const reason = (error.message.split('\n')[0] ?? 'syntax error').replace(/ at line \d+, column \d+:?$/, '');
    throw new PipelineError(`${label}: ${reason}`, file, line);
  }
  try {
    return doc.toJS({ maxAliasCount: maxAliases });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) throw aliasBomb(file, maxAliases);
    if (err instanceof RangeError) throw new PipelineError('document nesting is too deep', file);
    throw err;
  }
}

function aliasBomb(file: string, maxAliases: number): PipelineError {
  return new PipelineError(`YAML aliases expand beyond the limit of ${maxAliases} (possible alias bomb)`, file);
}

/**
 * Copy into plain, unshared JSON values, enforcing the depth bound and refusing unsafe keys.
 * js-yaml gives an alias the very object its anchor names, so an object met a second time is an
 * alias expansion: at most `maxAliases` of them (and every object inside one counts, so an alias
 * bomb's exponential copies are refused after that many objects). `-1` skips the count for
 * trees that cannot share objects, and marks a tree the strict parser or JSON.parse built; on a
 * js-yaml tree, a key `"null"` (which may have been a null key, `""` to the strict parser)
 * sends the text to the strict parser.
 */
function freeze(value: unknown, file: string, maxDepth: number, maxAliases: number): unknown {
  const path: string[] = [];
  const seen = maxAliases < 0 ? undefined : new WeakSet<object>();
  let expansions = 0;
  const visit = (node: unknown): unknown => {
    if (node === null || typeof node === 'string' || typeof node === 'boolean') return node;
    if (typeof node === 'number') {
      if (!Number.isFinite(node)) throw new PipelineError('value is not a finite number (JSON cannot hold it)', file, pointer(path));
      return node;
    }
    if (typeof node === 'bigint') return Number(node);
    if (typeof node !== 'object') throw new PipelineError(`unsupported value of type ${typeof node}`, file, pointer(path));
    if (path.length >= maxDepth) throw new PipelineError(`document nesting is deeper than ${maxDepth} levels (under ${pointer(path.slice(0, 6))}/…)`, file);
    if (seen) {
      if (seen.has(node)) {
        if (++expansions > maxAliases) throw aliasBomb(file, maxAliases);
      } else {
        seen.add(node);
      }
    }
    if (Array.isArray(node)) {
      const out: unknown[] = [];
      for (let index = 0; index < node.length; index++) {
        path.push(String(index));
        out.push(visit(node[index]));
        path.pop();
      }
      return out;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(node)) {
      if (key === '__proto__') throw new PipelineError('key "__proto__" is not allowed', file, pointer([...path, key]));
      if (seen && key === 'null') throw new ReadStrictly();
      path.push(key);
      out[key] = visit((node as Record<string, unknown>)[key]);
      path.pop();
    }
    return out;
  };
  return visit(value);
}

function pointer(segments: readonly string[]): string {
  return `#/${segments.map(escapeToken).join('/')}`;
}

/**
 * Offset of the first JSON syntax error in `text` (JSON.parse does not always say where). A
 * scanner, not a parser: it tracks nesting and token order only, iteratively, so hostile depth
 * cannot overflow it.
 */
export function jsonErrorOffset(text: string): number {
  const stack: string[] = [];
  let i = 0;
  // What may come next: a value, a key (or the end of an object), a colon, a comma or closer.
  let expect: 'value' | 'key' | 'colon' | 'after' | 'first-value' | 'first-key' | 'end' = 'value';
  const ws = (): void => {
    while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++;
  };
  const str = (): boolean => {
    i++;
    while (i < text.length) {
      const c = text[i]!;
      if (c === '"') {
        i++;
        return true;
      }
      if (c === '\\') i += 2;
      else if (c < ' ') return false;
      else i++;
    }
    return false;
  };
  for (;;) {
    ws();
    if (i >= text.length) return expect === 'end' ? i : Math.max(0, i - 1);
    const c = text[i]!;
    if (expect === 'end') return i;
    if (expect === 'colon') {
      if (c !== ':') return i;
      i++;
      expect = 'value';
      continue;
    }
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (c === ',' && top) {
        i++;
        expect = top === '{' ? 'key' : 'value';
        continue;
      }
      if ((c === '}' && top === '{') || (c === ']' && top === '[')) {
        i++;
        stack.pop();
        expect = stack.length === 0 ? 'end' : 'after';
        continue;
      }
      return i;
    }
    if (expect === 'key' || expect === 'first-key') {
      if (c === '}' && expect === 'first-key') {
        i++;
        stack.pop();
        expect = stack.length === 0 ? 'end' : 'after';
        continue;
      }
      if (c !== '"' || !str()) return i;
      expect = 'colon';
      continue;
    }
    // a value
    if (c === ']' && expect === 'first-value') {
      i++;
      stack.pop();
      expect = stack.length === 0 ? 'end' : 'after';
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push(c);
      i++;
      expect = c === '{' ? 'first-key' : 'first-value';
      continue;
    }
    if (c === '"') {
      if (!str()) return i;
    } else {
      const m = /^(-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i, i + 400));
      if (!m) return i;
      i += m[0].length;
    }
    expect = stack.length === 0 ? 'end' : 'after';
  }
}

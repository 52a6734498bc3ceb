/**
 * Compiler-verified verdicts. The rules predict what breaks code that uses the generated
 * client; this asks the TypeScript checker. Both documents go through openapi-typescript (the
 * generator the project ships), then for every changed operation one check file asks:
 *
 * - is the old request type (parameters, body) assignable to the new one? If not, a call that
 *   compiled against the old client does not compile against the new one;
 * - is the new response type (per status both versions declare) assignable to the old one? If
 *   not, code that consumed the old response does not compile against the new one.
 *
 * Each check covers one part of an operation (parameters, body, one response status), so the
 * verdict is per part: changes in a failing part get `breaksCompile: true` and are raised to ERR
 * with the compiler's reason; changes in a passing part get `false`. An ERR is never lowered: a
 * tighter `maxLength` compiles fine and still fails at run time. A failing part with no reported
 * change becomes a change of its own, so a break the rules missed still surfaces.
 *
 * One concept, asking the compiler about each changed part and mapping its answers back onto
 * the changes (the check file's lines and the verdicts share one table), which is why the file
 * runs past 300 lines.
 */
import { Project, ts, type Diagnostic } from 'ts-morph';
import { openapiTypescript } from '../cjs.js';
import { escapeToken, unescapeToken } from '../openapi/pointer.js';
import { matchOperations } from './compare-documents.js';
import { finishResult } from './index.js';
import { toOpenApi31 } from './input.js';
import { formatMessage } from './messages.js';
import { viewDocument, type OperationView } from './document-view.js';
import { RULES_BY_ID } from './registry.js';
import type { Change, DiffResult } from './types.js';

/** Options for {@link compileCheck}. */
export interface CompileCheckOptions {
  /**
   * Pre-generated openapi-typescript output for the base and revision (regen already has the
   * base's in `generated/<p>/schema.ts`); generated here when absent.
   */
  baseTypes?: string;
  revisionTypes?: string;
}

/** One assignability question about one part of one operation. */
interface Check {
  direction: 'request' | 'response';
  operation: { method: string; path: string };
  /** Pointer prefix of the part in the revision, to find the changes it covers. */
  prefix: string;
  /** What the part is, for messages: `parameters`, `body`, `status 200`. */
  part: string;
  line: number;
  reason?: string;
  propertyNames: string[];
}

/** The options the generate stage uses, so the checked types are the shipped types. */
const GENERATE_OPTIONS = { silent: true, alphabetize: false } as const;

/** Run openapi-typescript on a document the way the generate stage does. */
export async function generateTypes(doc: Record<string, any>): Promise<string> {
  // A deep copy: openapi-typescript annotates the document it is given.
  const { default: openapiTS, astToString } = openapiTypescript();
  const ast = await openapiTS(structuredClone(doc) as never, GENERATE_OPTIONS);
  return astToString(ast);
}

const lit = (s: string): string => JSON.stringify(s);

/** The deepest, most specific line of a diagnostic chain, plus the property names it walks through. */
function explain(diagnostic: Diagnostic): { reason: string; first: string; properties: string[] } {
  const text = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, '\n');
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  const properties = [...text.matchAll(/[Pp]roperty '([^']+)'/g)].map((m) => m[1]!);
  const reason = (lines[lines.length - 1] ?? 'types are incompatible').replace(/\s+/g, ' ');
  return { reason: reason.length > 240 ? `${reason.slice(0, 237)}...` : reason, first: lines[0] ?? '', properties };
}

function operationKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path}`;
}

/**
 * Check `result`'s operations with the compiler and return a new result with `breaksCompile`
 * set (and levels raised) where the checker found a break.
 */
export async function compileCheck(base: Record<string, any>, revision: Record<string, any>, result: DiffResult, options: CompileCheckOptions = {}): Promise<DiffResult> {
  const base31 = toOpenApi31(base, 'base');
  const revision31 = toOpenApi31(revision, 'revision');
  // Only operations with a change that can reach the generated types are compiled: security,
  // servers, documentation, tags and retry metadata do not appear in `paths`, so changes there
  // are answered without the checker.
  const changed = new Set<string>();
  for (const c of result.changes) {
    if (!c.operation || c.id === 'operation-added' || c.id === 'operation-removed') continue;
    if (TYPED_AREAS.has(RULES_BY_ID.get(c.id)?.area ?? '') || c.id === 'path-parameter-renamed') changed.add(operationKey(c.operation.method, c.operation.path));
  }
  const changes = result.changes.map((c) => ({ ...c }));
  if (changed.size === 0) {
    for (const c of changes) {
      if (c.id === 'operation-removed') markBroken(c, 'the path is no longer in the generated paths type');
      else if (c.id === 'operation-id-changed') markBroken(c, 'the key in the generated operations type changed');
      else if (c.operation && c.id !== 'operation-added') c.breaksCompile = false;
    }
    return finishResult(changes);
  }

  const baseTypes = options.baseTypes ?? (await generateTypes(base31));
  const revisionTypes = options.revisionTypes ?? (await generateTypes(revision31));

  const pairs = matchOperations(viewDocument(base31).operations, viewDocument(revision31).operations).filter(
    (p): p is { base: OperationView; revision: OperationView } => p.base !== undefined && p.revision !== undefined && changed.has(operationKey(p.revision.method, p.revision.path)),
  );

  // Assignability alone misses a removed optional property: `{a?: string}` without `a` is
  // still assignable both ways, yet code reading `x.a` (or passing `{a}` in a literal) stops
  // compiling. MissingKeys walks both types and yields the property names the old type has and
  // the new one lacks; it must come out `never`. Each old union member is matched against all
  // new members together (a key is kept if any member has it), index signatures are ignored,
  // and the walk is depth-bounded because schemas recurse.
  // Nav walks a generated type along a schema pointer (`#items` for array items, `#values` for
  // additionalProperties); Only keeps one property with its optionality.
  const lines: string[] = [
    "import type { paths as B } from './base';",
    "import type { paths as R } from './revision';",
    'type Prev = [never, 0, 1, 2, 3, 4, 5, 6, 7];',
    'type AllKeys<T> = T extends unknown ? keyof T : never;',
    'type PropOf<T, K> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;',
    'type ObjOnly<T> = T extends readonly unknown[] ? never : T extends object ? T : never;',
    'type ArrOnly<T> = T extends readonly (infer I)[] ? I : never;',
    'type LiteralKeys<T> = T extends unknown ? (keyof T extends infer K ? (K extends string ? (string extends K ? never : K) : never) : never) : never;',
    'type MissingKeys<O, N, D extends number = 7> = [D] extends [never] ? never : O extends readonly (infer OI)[] ? ([ArrOnly<N>] extends [never] ? never : MissingKeys<OI, ArrOnly<N>, Prev[D]>) : O extends object ? ([ObjOnly<N>] extends [never] ? never : { [K in LiteralKeys<O>]-?: K extends AllKeys<ObjOnly<N>> ? MissingKeys<NonNullable<PropOf<O, K>>, NonNullable<PropOf<ObjOnly<N>, K>>, Prev[D]> : K }[LiteralKeys<O>]) : never;',
    "type Step<T, K> = K extends '#items' ? (NonNullable<T> extends readonly (infer I)[] ? I : never) : K extends '#values' ? (NonNullable<T> extends { [k: string]: infer V } ? V : never) : K extends keyof NonNullable<T> ? NonNullable<T>[K] : K extends `${infer N extends number}` ? (N extends keyof NonNullable<T> ? NonNullable<T>[N] : never) : never;",
    'type Nav<T, P extends readonly unknown[]> = P extends readonly [infer H, ...infer Rest] ? Nav<Step<T, H>, Rest> : T;',
    'type Only<T, K extends PropertyKey> = Pick<NonNullable<T>, Extract<keyof NonNullable<T>, K>>;',
  ];
  const checks: Check[] = [];
  const byLine = new Map<number, Check>();
  /** One question: `from` must be assignable to `to`, and every key of `oldType` must remain in `newType`. */
  const add = (check: Omit<Check, 'line' | 'propertyNames'>, from: string, to: string, oldType: string, newType: string): void => {
    const n = checks.length;
    const entry: Check = { ...check, line: lines.length + 1, propertyNames: [] };
    lines.push(`declare const f${n}: ${from}; export const t${n}: ${to} = f${n};`);
    byLine.set(lines.length, entry);
    lines.push(`export const k${n}: never = null as unknown as MissingKeys<${oldType}, ${newType}>;`);
    byLine.set(lines.length, entry);
    checks.push(entry);
  };
  const question = (check: Omit<Check, 'line' | 'propertyNames'>, oldT: string, newT: string): void =>
    check.direction === 'request' ? add(check, oldT, newT, oldT, newT) : add(check, newT, oldT, oldT, newT);

  const probes = new Map<Change, Check>();
  pairs.forEach(({ base: b, revision: r }) => {
    const bt = `B[${lit(b.path)}][${lit(b.method)}]`;
    const rt = `R[${lit(r.path)}][${lit(r.method)}]`;
    const operation = { method: r.method.toUpperCase(), path: r.path };
    question({ direction: 'request', operation, prefix: '', part: 'parameters' }, `${bt}['parameters']`, `${rt}['parameters']`);
    question({ direction: 'request', operation, prefix: `${r.pointer}/requestBody`, part: 'request body' }, `${bt}['requestBody']`, `${rt}['requestBody']`);
    for (const [status, rr] of r.responses) {
      const br = b.responses.get(status);
      if (!br) continue;
      question(
        { direction: 'response', operation, prefix: `${r.pointer}/responses/${escapeToken(rr.rawStatus)}`, part: `response ${rr.rawStatus}` },
        `${bt}['responses'][${lit(br.rawStatus)}]`,
        `${rt}['responses'][${lit(rr.rawStatus)}]`,
      );
    }
    // A finer question per schema change inside a body, so a verdict belongs to the change that
    // caused it rather than to whatever else changed in the same response.
    for (const c of changes) {
      if (!c.operation || operationKey(c.operation.method, c.operation.path) !== operationKey(r.method, r.path)) continue;
      if (RULES_BY_ID.get(c.id)?.area === 'docs') continue;
      const at = bodyLocation(c.pointer, r, b);
      if (!at) continue;
      const propertyLevel = PROPERTY_LEVEL.has(c.id) && at.steps.length > 0;
      const steps = propertyLevel ? at.steps.slice(0, -1) : at.steps;
      const tuple = `[${[...at.head, ...steps].map(lit).join(', ')}]`;
      const key = propertyLevel ? at.steps[at.steps.length - 1]! : undefined;
      const view = (root: string) => (key === undefined ? `Nav<${root}, ${tuple}>` : `Only<Nav<${root}, ${tuple}>, ${lit(key)}>`);
      const direction = at.head[0] === 'requestBody' ? 'request' : 'response';
      question({ direction, operation, prefix: c.pointer, part: key === undefined ? 'schema' : `property ${key}` }, view(at.baseRoot), view(at.revisionRoot));
      probes.set(c, checks[checks.length - 1]!);
    }
  });

  const project = new Project({
    useInMemoryFileSystem: true,
    compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, noEmit: true, skipLibCheck: true, lib: ['lib.es5.d.ts'] },
  });
  project.createSourceFile('/base.ts', baseTypes);
  project.createSourceFile('/revision.ts', revisionTypes);
  const checkFile = project.createSourceFile('/check.ts', lines.join('\n'));
  for (const diagnostic of checkFile.getPreEmitDiagnostics()) {
    const check = byLine.get(diagnostic.getLineNumber() ?? -1);
    if (!check || check.reason) continue;
    const { reason, first, properties } = explain(diagnostic);
    const gone = /^Type '(.+)' is not assignable to type 'never'\.?$/.exec(first);
    if (gone) {
      const names = [...gone[1]!.matchAll(/"([^"]+)"/g)].map((m) => m[1]!);
      check.reason = `the new type no longer has ${names.map((x) => `'${x}'`).join(', ')}`;
      check.propertyNames = names;
    } else {
      check.reason = reason;
      check.propertyNames = properties;
    }
  }

  // Changes with their own question take its answer.
  for (const [c, probe] of probes) {
    if (probe.reason) markBroken(c, probe.reason);
    else c.breaksCompile = false;
  }

  // Parameters of an operation live at several pointers (path-level and operation-level), so
  // request parameter changes are found by their place in the operation instead of a prefix.
  const inPart = (c: Change, check: Check): boolean => {
    if (!c.operation || operationKey(c.operation.method, c.operation.path) !== operationKey(check.operation.method, check.operation.path)) return false;
    if (check.part === 'parameters') return /\/parameters\/\d+(\/|$)/.test(c.pointer) || c.id === 'path-parameter-renamed';
    return c.pointer === check.prefix || c.pointer.startsWith(`${check.prefix}/`);
  };
  const extra: Change[] = [];
  for (const check of checks) {
    if (check.part === 'schema' || check.part.startsWith('property ')) continue;
    const members = changes.filter((c) => inPart(c, check) && RULES_BY_ID.get(c.id)?.area !== 'docs');
    if (!check.reason) {
      for (const c of changes) if (inPart(c, check) && c.breaksCompile === undefined) c.breaksCompile = false;
      continue;
    }
    const explained = members.some((c) => probes.has(c) && c.breaksCompile === true);
    const open = members.filter((c) => !probes.has(c));
    if (!explained && open.length === 0) {
      // The compiler sees a break that no reported change accounts for: report it as such.
      const id = check.direction === 'request' ? 'request-type-incompatible' : 'response-type-incompatible';
      const rule = RULES_BY_ID.get(id)!;
      const pair = pairs.find((p) => operationKey(p.revision.method, p.revision.path) === operationKey(check.operation.method, check.operation.path))!;
      extra.push({
        id,
        level: rule.level,
        direction: rule.direction,
        operation: { ...check.operation, operationId: pair.revision.operationId ?? '' },
        pointer: check.prefix || `${pair.revision.pointer}/parameters`,
        message: formatMessage(id, { part: check.part, reason: check.reason }),
        breaksCompile: true,
      });
      continue;
    }
    if (explained) {
      // The probed changes account for the break; the others keep their own level, and an ERR
      // among them is not contradicted by a `false`.
      for (const c of open) if (c.breaksCompile === undefined) c.breaksCompile = c.level === 'ERR' ? true : false;
      continue;
    }
    // No finer question: pick the changes that explain the break: those on a property the
    // compiler names, else those naming the literal (enum value) or null it complains about,
    // else the changes the rules already rated ERR or WARN, else all of them.
    const named = check.propertyNames.map((p) => `/properties/${escapeToken(p)}`);
    const literals = [...check.reason.matchAll(/'"([^"]*)"'/g)].map((m) => `'${m[1]}'`);
    let culprits = open.filter((c) => named.some((seg) => c.pointer.includes(seg)));
    if (culprits.length === 0 && literals.length > 0) culprits = open.filter((c) => literals.some((l) => c.message.includes(l)));
    if (culprits.length === 0 && /\bnull\b/.test(check.reason)) culprits = open.filter((c) => c.id.includes('nullable'));
    if (culprits.length === 0) culprits = open.filter((c) => c.level !== 'INFO');
    if (culprits.length === 0) culprits = open;
    for (const c of open) {
      if (culprits.includes(c) || c.level === 'ERR') markBroken(c, check.reason);
      else if (c.breaksCompile === undefined) c.breaksCompile = false;
    }
  }
  for (const c of changes) {
    if (c.id === 'operation-removed') markBroken(c, 'the path is no longer in the generated paths type');
    else if (c.id === 'operation-id-changed') markBroken(c, 'the key in the generated operations type changed');
    else if (c.operation && c.id !== 'operation-added' && c.breaksCompile === undefined) c.breaksCompile = false;
  }
  return finishResult([...changes, ...extra]);
}

/** Areas whose changes can alter the generated request or response types. */
const TYPED_AREAS = new Set(['parameters', 'request-body', 'responses', 'response-headers']);

/** Rules about one property of an object: their question is asked about that property alone. */
const PROPERTY_LEVEL = new Set([
  'new-required-request-property', 'new-optional-request-property', 'request-property-removed', 'request-property-became-required', 'request-property-became-optional',
  'response-property-removed', 'response-property-added', 'response-property-became-optional', 'response-property-became-required',
]);

/**
 * Where a change sits inside a request or response body, as a path through the generated
 * types: the head (`responses`, status, `content`, media type) and the schema steps
 * (property names, `#items`, `#values`) up to the first keyword types cannot follow (a union
 * member, `enum`, `format`...). Undefined for changes outside bodies.
 */
function bodyLocation(pointer: string, r: OperationView, b: OperationView): { head: string[]; steps: string[]; baseRoot: string; revisionRoot: string } | undefined {
  if (!pointer.startsWith(`${r.pointer}/`)) return undefined;
  const segments = pointer.slice(r.pointer.length + 1).split('/').map(unescapeToken);
  let head: string[];
  let rest: string[];
  let baseHead: string[];
  if (segments[0] === 'requestBody' && segments[1] === 'content' && segments[3] === 'schema') {
    head = ['requestBody', 'content', segments[2]!];
    baseHead = head;
    rest = segments.slice(4);
  } else if (segments[0] === 'responses' && segments[2] === 'content' && segments[4] === 'schema') {
    const status = [...r.responses.values()].find((x) => x.rawStatus === segments[1]);
    const baseStatus = status ? b.responses.get(status.status)?.rawStatus : undefined;
    if (!status || baseStatus === undefined) return undefined;
    head = ['responses', segments[1]!, 'content', segments[3]!];
    baseHead = ['responses', baseStatus, 'content', segments[3]!];
    if (baseHead.join('/') !== head.join('/')) return undefined;
    rest = segments.slice(5);
  } else {
    return undefined;
  }
  const steps: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const seg = rest[i]!;
    if (seg === 'properties' && i + 1 < rest.length) steps.push(rest[++i]!);
    else if (seg === 'items') steps.push('#items');
    else if (seg === 'additionalProperties') steps.push('#values');
    else break;
  }
  return {
    head,
    steps,
    baseRoot: `B[${lit(b.path)}][${lit(b.method)}]`,
    revisionRoot: `R[${lit(r.path)}][${lit(r.method)}]`,
  };
}

/** Record a compile break: raise to ERR (never lower) and say why. */
function markBroken(change: Change, reason: string): void {
  if (change.breaksCompile === true) return;
  change.breaksCompile = true;
  if (change.level !== 'ERR') change.level = 'ERR';
  change.message = `${change.message} (compile check: ${reason})`;
}

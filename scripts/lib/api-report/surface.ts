/**
 * Collect the public surface of each entry point as declaration text.
 *
 * The source is compiled to declarations in memory (the same options as `npm run build`, so
 * `@internal` members are stripped exactly as in the published `.d.ts`), then each exported
 * symbol is printed from those declarations: bodies are gone and inferred types are written out,
 * which is what a consumer's compiler sees. Types an export refers to that the entry does not
 * export itself are listed too, so a change inside them cannot slip past the report.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Node, ts, type Project, type SourceFile } from 'ts-morph';
import { PipelineError } from '../errors.js';
import { formatTypeScript } from '../format.js';
import type { ProjectGetter } from '../shared-project.js';
import { buildConfigOf, createPackageProject, createSourceProject, VIRTUAL_DTS_DIR } from '../ts-project.js';
import { compare, type ApiEntry } from './entries.js';

/** One symbol of a report. */
export interface ApiSymbol {
  /** The name consumers import (`export`), or the declared name (`referenced`). */
  name: string;
  /** `export`: importable from the entry; `referenced`: only reachable through an export's type. */
  group: 'export' | 'referenced';
  /** For `referenced`: the repository-relative source file that declares it. */
  origin?: string;
  /** Formatted declaration text, one or more declarations (overloads, merged declarations). */
  code: string;
}

/** The public surface of one entry point, symbols sorted by group then name. */
export interface ApiSurface {
  entry: ApiEntry;
  symbols: ApiSymbol[];
}

/**
 * Compile `tsconfig.build.json` to declarations in memory and collect each entry's surface.
 * `project` is the run's package program (../ts-project.ts) when the caller already has one
 * (regen type-checks the facade with it first); otherwise one is built here.
 */
export async function collectApiSurfaces(root: string, entries: readonly ApiEntry[], overrides?: ReadonlyMap<string, string>, getProject?: ProjectGetter): Promise<ApiSurface[]> {
  const outDir = path.join(root, VIRTUAL_DTS_DIR);
  if (!existsSync(buildConfigOf(root))) throw new PipelineError('file not found', path.relative(root, buildConfigOf(root)));
  const project = await (getProject ?? (() => createPackageProject(root, overrides)))();
  for (const entry of entries) {
    if (!project.getSourceFile(path.join(root, entry.source))) {
      throw new PipelineError(`entry point source ${entry.source} is missing or not included by tsconfig.build.json`, 'package.json', '#/exports');
    }
  }
  const emitted = emitDeclarations(project);
  const first = emitted.diagnostics.find((d) => d.category === ts.DiagnosticCategory.Error);
  if (first) {
    const file = first.file;
    throw new PipelineError(
      `declaration emit failed: ${ts.flattenDiagnosticMessageText(first.messageText, ' ')}`,
      file ? path.relative(root, file.fileName).split(path.sep).join('/') : 'tsconfig.build.json',
      file && first.start !== undefined ? file.getLineAndCharacterOfPosition(first.start).line + 1 : undefined,
    );
  }

  // A second project over the emitted declarations, on the real file system so imports of
  // packages (openapi-fetch) still resolve to node_modules.
  // The ES lib the package compiles with; no DOM, which the package does not use either.
  const dts = createSourceProject({ lib: ['lib.es2023.d.ts'] });
  for (const file of emitted.files) {
    dts.createSourceFile(file.filePath, sanitizeComments(file.text), { overwrite: true });
  }

  const originOf = (sf: SourceFile): string =>
    path.relative(outDir, sf.getFilePath()).split(path.sep).join('/').replace(/\.d\.ts$/, '.ts');
  const isOurs = (sf: SourceFile): boolean => !path.relative(outDir, sf.getFilePath()).startsWith('..');

  const surfaces: ApiSurface[] = [];
  // Declaration text to format, with the symbol it belongs to: formatted together at the end.
  const unformatted: { symbol: ApiSymbol; text: string }[] = [];
  for (const entry of entries) {
    const file = dts.getSourceFileOrThrow(path.join(outDir, entry.source.replace(/\.ts$/, '.d.ts')));
    const exported = file.getExportedDeclarations();
    const exportedNodes = new Set<Node>([...exported.values()].flat());
    const symbols: ApiSymbol[] = [];
    const referenced = new Map<Node, { name: string; origin: string }>();
    const queue: Node[] = [];
    const visit = (decl: Node): void => {
      for (const target of referencedDeclarations(decl)) {
        if (exportedNodes.has(target) || referenced.has(target) || !isOurs(target.getSourceFile())) continue;
        referenced.set(target, { name: declarationName(target) ?? '(anonymous)', origin: originOf(target.getSourceFile()) });
        queue.push(target);
      }
    };

    for (const [name, decls] of exported) {
      const parts: string[] = [];
      for (const decl of decls) {
        parts.push(isOurs(decl.getSourceFile()) ? renderDeclaration(decl, name, true) : renderPackageReExport(decl, name));
        if (isOurs(decl.getSourceFile())) visit(decl);
      }
      const symbol: ApiSymbol = { name, group: 'export', code: '' };
      symbols.push(symbol);
      unformatted.push({ symbol, text: parts.join('\n') });
    }
    // Names re-exported from a module the compiler could not resolve still belong to the surface.
    for (const symbol of file.getExportSymbols()) {
      if (!exported.has(symbol.getName())) symbols.push({ name: symbol.getName(), group: 'export', code: `export { ${symbol.getName()} }; // unresolved` });
    }

    for (let i = 0; i < queue.length; i++) visit(queue[i]!);
    // Merged declarations (interface + namespace of one name in one file) become one symbol.
    const byKey = new Map<string, { name: string; origin: string; parts: string[] }>();
    for (const [decl, { name, origin }] of referenced) {
      const key = `${name}\u0000${origin}`;
      const item = byKey.get(key) ?? { name, origin, parts: [] };
      item.parts.push(renderDeclaration(decl, name, false));
      byKey.set(key, item);
    }
    for (const { name, origin, parts } of byKey.values()) {
      const symbol: ApiSymbol = { name, group: 'referenced', origin, code: '' };
      symbols.push(symbol);
      unformatted.push({ symbol, text: parts.join('\n') });
    }

    symbols.sort((a, b) => compare(a.group, b.group) || compare(a.name, b.name) || compare(a.origin ?? '', b.origin ?? ''));
    surfaces.push({ entry, symbols });
  }
  const formatted = await formatAll(unformatted.map((u) => u.text));
  unformatted.forEach((u, i) => (u.symbol.code = formatted[i]!));
  return surfaces;
}

/** Top-level declarations that identifiers inside `node` resolve to (through imports). */
function referencedDeclarations(node: Node): Node[] {
  const found: Node[] = [];
  node.forEachDescendant((child) => {
    if (!Node.isIdentifier(child)) return;
    let symbol = child.getSymbol();
    if (!symbol) return;
    if (symbol.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
    for (const decl of symbol.getDeclarations()) if (isTopLevel(decl)) found.push(decl);
  });
  return found;
}

function isTopLevel(decl: Node): boolean {
  if (Node.isVariableDeclaration(decl)) return Node.isSourceFile(decl.getVariableStatement()?.getParent());
  return (
    Node.isSourceFile(decl.getParent()) &&
    (Node.isFunctionDeclaration(decl) ||
      Node.isClassDeclaration(decl) ||
      Node.isInterfaceDeclaration(decl) ||
      Node.isTypeAliasDeclaration(decl) ||
      Node.isEnumDeclaration(decl) ||
      Node.isModuleDeclaration(decl))
  );
}

function declarationName(decl: Node): string | undefined {
  return Node.hasName(decl) ? decl.getName() : undefined;
}

/** Declaration text with uniform modifiers: `export declare …` for exports, `declare …` otherwise. */
function renderDeclaration(decl: Node, exportedName: string, exported: boolean): string {
  const prefix = exported ? 'export ' : '';
  const alias = exported && declarationName(decl) !== undefined && declarationName(decl) !== exportedName ? `// exported as ${exportedName}\n` : '';
  if (Node.isVariableDeclaration(decl)) {
    const kind = decl.getVariableStatement()?.getDeclarationKind() ?? 'const';
    return `${alias}${prefix}declare ${kind} ${decl.getText()};`;
  }
  if (Node.isSourceFile(decl)) return `${prefix}declare namespace ${exportedName} {} // module ${path.basename(decl.getFilePath())}`;
  const text = decl.getText().replace(/^(?:(?:export|default|declare)\s+)*/, '');
  const needsDeclare = !(Node.isInterfaceDeclaration(decl) || Node.isTypeAliasDeclaration(decl));
  return `${alias}${prefix}${needsDeclare ? 'declare ' : ''}${text}`;
}

/** A re-export of a third-party declaration: named, not copied (its package owns it). */
function renderPackageReExport(decl: Node, exportedName: string): string {
  const file = decl.getSourceFile().getFilePath();
  const after = file.slice(file.lastIndexOf('/node_modules/') + '/node_modules/'.length).split('/');
  const pkg = after[0]?.startsWith('@') ? `${after[0]}/${after[1]}` : (after[0] ?? 'unknown');
  const name = declarationName(decl) ?? exportedName;
  const typeOnly = Node.isInterfaceDeclaration(decl) || Node.isTypeAliasDeclaration(decl);
  return `export ${typeOnly ? 'type ' : ''}{ ${name === exportedName ? name : `${name} as ${exportedName}`} } from '${pkg}';`;
}

async function format(code: string): Promise<string> {
  return (await formatTypeScript(code)).trimEnd();
}

/** A comment line no declaration text contains (comments were removed from it, ../sanitizeComments). */
const SEPARATOR = '// ---- api-report: next symbol ----';

/**
 * Format every code block in one prettier call (each call costs its own parse setup; a report
 * has hundreds of blocks): the blocks are top-level declarations, so formatting them one after
 * another gives each the text it gets alone, split again at separator lines. Should the split
 * not give back one block per input, each block is formatted alone.
 */
async function formatAll(codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const joined = await format(codes.join(`\n${SEPARATOR}\n`));
  const blocks = joined.split(`\n${SEPARATOR}\n`).map((block) => block.trim());
  if (blocks.length === codes.length && blocks.every((block, i) => block !== '' || codes[i]!.trim() === '')) return blocks;
  return Promise.all(codes.map(format));
}

/**
 * Drop comments from declaration text, keeping only a bare `/** @deprecated *\/` where the doc
 * comment had that tag: documentation edits are not API changes, deprecations are. Comment
 * ranges come from the scanner via every node's trivia, so comment-like text inside string
 * literal types is left alone. A comment alone on its line takes its line with it.
 */
export function sanitizeComments(text: string): string {
  const sf = ts.createSourceFile('x.d.ts', text, ts.ScriptTarget.Latest, true);
  const ranges = new Map<number, ts.CommentRange>();
  const collect = (node: ts.Node): void => {
    for (const r of ts.getLeadingCommentRanges(text, node.pos) ?? []) ranges.set(r.pos, r);
    for (const r of ts.getTrailingCommentRanges(text, node.end) ?? []) ranges.set(r.pos, r);
    for (const child of node.getChildren(sf)) collect(child);
  };
  collect(sf);
  let out = text;
  for (const r of [...ranges.values()].sort((a, b) => b.pos - a.pos)) {
    const comment = text.slice(r.pos, r.end);
    const keep = r.kind === ts.SyntaxKind.MultiLineCommentTrivia && /@deprecated\b/.test(comment) ? '/** @deprecated */' : '';
    let start = r.pos;
    let end = r.end;
    if (!keep) {
      const lineStart = text.lastIndexOf('\n', start - 1) + 1;
      const lineEnd = text.indexOf('\n', end);
      const before = text.slice(lineStart, start);
      const after = text.slice(end, lineEnd === -1 ? text.length : lineEnd);
      if (/^\s*$/.test(before) && /^\s*$/.test(after)) {
        start = lineStart;
        end = lineEnd === -1 ? text.length : lineEnd + 1;
      }
    }
    out = out.slice(0, start) + keep + out.slice(end);
  }
  return out;
}

/**
 * `Program.emit` with its sixth parameter, `forceDtsEmit`: what the language service's
 * `getEmitOutput` passes. It is not in the published signature; a compiler that ignored it would
 * emit the same declarations, only after checking every file.
 */
type EmitForcingDts = (target: undefined, writeFile: ts.WriteFileCallback, cancellationToken: undefined, emitOnlyDtsFiles: true, transformers: undefined, forceDtsEmit: true) => ts.EmitResult;

/**
 * The program's declarations, emitted in memory the way the language service emits a file's
 * declarations (`forceDtsEmit`): the emit resolver answers what the declarations need without
 * first checking every file in full. `program.emit` otherwise checks each file before emitting
 * it, work whose errors it does not report anyway (declaration-emit problems are all it
 * returns); in a regen run that checked the facade already, the bulk of that work is the
 * generated schemas. So `npm run api:report` alone (a program nothing else checked) and regen
 * (after the facade check) emit from the same kind of program, and must agree.
 */
function emitDeclarations(project: Project): { files: { filePath: string; text: string }[]; diagnostics: readonly ts.Diagnostic[] } {
  const files: { filePath: string; text: string }[] = [];
  const program = project.getProgram().compilerObject;
  const emit = program.emit.bind(program) as EmitForcingDts;
  const result = emit(undefined, (filePath, text) => files.push({ filePath: path.resolve(filePath), text }), undefined, true, undefined, true);
  return { files, diagnostics: result.diagnostics };
}

/**
 * Facade impact: the places in `src/` that call a changed operation, resolved through the
 * TypeScript checker. A call site is a call of an openapi-fetch client method
 * (`raw.POST('/v2/users/{userId}/deactivate', …)`) where the checker says the receiver is an
 * openapi-fetch `Client` and the path argument's type is a string literal; it matches an
 * operation with the same method and path shape (variable names aside). Strings that merely
 * spell an operationId (error metadata such as `{ operationId: 'listAccounts' }`, keys of the
 * operations table) are not calls and are not reported.
 *
 * Types resolve even where the facade no longer compiles against new generated types (which is
 * exactly when impact matters): the receiver's type and the literal's type do not depend on the
 * arguments being right.
 *
 * Each call is reported with its enclosing named symbol (`zitadelUsers.deactivate`),
 * file and line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Node, type CallExpression, type Project, type SourceFile } from 'ts-morph';
import { createSourceProject } from '../ts-project.js';
import { matchOperations } from './compare-documents.js';
import { viewDocument, pathShape } from './document-view.js';
import type { Affect, DiffResult, OperationRef } from './types.js';

const HTTP_CALLS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/** Options for {@link buildImpactIndex}. */
export interface ImpactOptions {
  /** Folders to scan (absolute, or relative to `root`); missing folders are skipped. */
  dirs: string[];
  /** Files are reported relative to this folder. */
  root: string;
  /**
   * A program that already holds the folders' files (regen's package program, which type-checked
   * the facade): scanned in place instead of parsing and binding the files again. Without it, the
   * files on disk are read into a project of their own.
   */
  project?: Project;
}

/** A scan of the facade sources, queried per operation. */
export interface ImpactIndex {
  /** Calls of one operation, sorted by file and line, one per enclosing symbol and file. */
  find(operation: OperationRef): Affect[];
}

/** The dotted chain of named declarations around a node. */
function symbolOf(node: Node): string {
  const names: string[] = [];
  for (let current: Node | undefined = node.getParent(); current; current = current.getParent()) {
    if (Node.isFunctionDeclaration(current) || Node.isClassDeclaration(current) || Node.isMethodDeclaration(current) || Node.isPropertyDeclaration(current)) {
      const name = current.getName();
      if (name) names.push(name);
    } else if (Node.isPropertyAssignment(current) || Node.isGetAccessorDeclaration(current)) {
      names.push(current.getName());
    } else if (Node.isVariableDeclaration(current)) {
      names.push(current.getName());
    }
  }
  return names.length > 0 ? names.reverse().join('.') : '(module)';
}

/** True when `file` belongs to the openapi-fetch package. */
function inOpenapiFetch(file: SourceFile): boolean {
  return /[\\/]node_modules[\\/]openapi-fetch[\\/]/.test(file.getFilePath());
}

/**
 * `METHOD /path/{}` of an openapi-fetch call, or undefined when the call is something else: the
 * callee's method must be declared by openapi-fetch and the path argument be a string literal
 * type (a literal, a const, a template without substitutions).
 */
function callKey(call: CallExpression): string | undefined {
  const callee = call.getExpression();
  if (!Node.isPropertyAccessExpression(callee) || !HTTP_CALLS.has(callee.getName())) return undefined;
  const declarations = callee.getNameNode().getSymbol()?.getDeclarations() ?? [];
  if (!declarations.some((d) => inOpenapiFetch(d.getSourceFile()))) return undefined;
  const first = call.getArguments()[0];
  const literal = first?.getType().getLiteralValue();
  if (typeof literal !== 'string') return undefined;
  return `${callee.getName()} ${pathShape(literal)}`;
}

/** Scan the facade sources once (type-checked; a few seconds for the whole facade). */
export function buildImpactIndex(options: ImpactOptions): ImpactIndex {
  const dirs = options.dirs.map((dir) => path.resolve(options.root, dir)).filter((abs) => existsSync(abs));
  let scanned: SourceFile[];
  if (options.project) {
    const inDirs = (file: SourceFile) => !file.isDeclarationFile() && dirs.some((dir) => path.resolve(file.getFilePath()).startsWith(dir + path.sep));
    scanned = options.project.getSourceFiles().filter(inDirs);
  } else {
    const project = createSourceProject({
      noEmit: true,
      // Only declarations are looked up (which package declares a method, a literal's type):
      // the DOM library is not needed for that, and parsing it is much of the cost.
      lib: ['lib.es2022.d.ts'],
    });
    for (const abs of dirs) {
      const glob = abs.split(path.sep).join('/');
      project.addSourceFilesAtPaths([`${glob}/**/*.ts`, `!${glob}/**/*.d.ts`]);
    }
    scanned = project.getSourceFiles();
    project.resolveSourceFileDependencies();
  }
  scanned.sort((a, b) => (a.getFilePath() < b.getFilePath() ? -1 : 1));

  const byCall = new Map<string, Affect[]>();
  for (const file of scanned) {
    const rel = path.relative(options.root, file.getFilePath()).split(path.sep).join('/');
    file.forEachDescendant((node) => {
      if (!Node.isCallExpression(node)) return;
      const key = callKey(node);
      if (!key) return;
      const site = { symbol: symbolOf(node), file: rel, line: node.getStartLineNumber() };
      const list = byCall.get(key);
      if (list) list.push(site);
      else byCall.set(key, [site]);
    });
  }

  return {
    find(operation: OperationRef): Affect[] {
      return dedupe([...(byCall.get(`${operation.method.toUpperCase()} ${pathShape(operation.path)}`) ?? [])]);
    },
  };
}

/**
 * Base operationIds of operations whose id changed, keyed `METHOD /revision/path`. Calls are
 * matched by method and path, which a rename leaves alone, so {@link attachImpact} finds them
 * without these; kept for callers that show the old id.
 */
export function previousOperationIds(base: Record<string, any>, revision: Record<string, any>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of matchOperations(viewDocument(base).operations, viewDocument(revision).operations)) {
    if (!pair.base || !pair.revision || !pair.base.operationId || pair.base.operationId === pair.revision.operationId) continue;
    out.set(`${pair.revision.method.toUpperCase()} ${pair.revision.path}`, [pair.base.operationId]);
  }
  return out;
}

/**
 * Attach `affects` to every change whose operation the facade calls. `_previousIds` (see
 * {@link previousOperationIds}) is accepted for existing callers; matching by method and path
 * already covers a renamed operationId.
 */
export function attachImpact(result: DiffResult, index: ImpactIndex, _previousIds: ReadonlyMap<string, string[]> = new Map()): DiffResult {
  const cache = new Map<string, Affect[]>();
  for (const change of result.changes) {
    if (!change.operation) continue;
    const key = `${change.operation.method} ${change.operation.path}`;
    let affects = cache.get(key);
    if (!affects) {
      affects = index.find(change.operation);
      cache.set(key, affects);
    }
    if (affects.length > 0) change.affects = affects.map((a) => ({ ...a }));
  }
  return result;
}

/** One entry per symbol and file (a method calling twice is one use, at its first line), sorted. */
function dedupe(list: Affect[]): Affect[] {
  const seen = new Set<string>();
  return list
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .filter((a) => {
      const key = `${a.file}:${a.symbol}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/**
 * Facade impact: which hand-written functions in `src/` use a changed operation. Three kinds
 * of use are found, syntactically (no type checking, so it is fast and works on a facade that
 * does not compile against the new types, which is exactly when it matters):
 *
 * - the operationId as a string (`'deactivateUser'`, `operations['deactivateUser']`);
 * - the operationId as a member name (`operations.deactivateUser`, `client.deactivateUser()`:
 *   facade methods are named after the operations they wrap);
 * - an openapi-fetch call with the operation's method and path literal
 *   (`raw.POST('/v2/users/{userId}/deactivate', …)`); path variable names do not matter.
 *
 * Each use is reported with its enclosing named symbol (`createZitadelClient.deactivateUser`),
 * file and line.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Node, Project, SyntaxKind, type SourceFile } from 'ts-morph';
import { matchOperations } from './compare.js';
import { buildModel, pathShape } from './model.js';
import type { Affect, DiffResult, OperationRef } from './types.js';

const HTTP_CALLS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'TRACE']);

/** Options for {@link buildImpactIndex}. */
export interface ImpactOptions {
  /** Folders to scan (absolute, or relative to `root`); missing folders are skipped. */
  dirs: string[];
  /** Files are reported relative to this folder. */
  root: string;
}

interface Site {
  symbol: string;
  file: string;
  line: number;
}

/** A scan of the facade sources, queried per operation. */
export interface ImpactIndex {
  /** Uses of one operation, sorted by file and line, without duplicates. */
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

/** Scan the facade sources once. */
export function buildImpactIndex(options: ImpactOptions): ImpactIndex {
  const project = new Project({ skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, skipLoadingLibFiles: true, compilerOptions: { allowJs: false } });
  for (const dir of options.dirs) {
    const abs = path.resolve(options.root, dir);
    if (!existsSync(abs)) continue;
    project.addSourceFilesAtPaths([`${abs.split(path.sep).join('/')}/**/*.ts`, `!${abs.split(path.sep).join('/')}/**/*.d.ts`]);
  }

  const byName = new Map<string, Site[]>();
  const byCall = new Map<string, Site[]>();
  const push = (map: Map<string, Site[]>, key: string, site: Site): void => {
    const list = map.get(key);
    if (list) list.push(site);
    else map.set(key, [site]);
  };

  const files: SourceFile[] = project.getSourceFiles().sort((a, b) => (a.getFilePath() < b.getFilePath() ? -1 : 1));
  for (const file of files) {
    const rel = path.relative(options.root, file.getFilePath()).split(path.sep).join('/');
    file.forEachDescendant((node) => {
      const kind = node.getKind();
      if (kind === SyntaxKind.StringLiteral || kind === SyntaxKind.NoSubstitutionTemplateLiteral) {
        const text = (node as Node & { getLiteralText(): string }).getLiteralText();
        if (/^[A-Za-z_$][\w$]*$/.test(text)) push(byName, text, { symbol: symbolOf(node), file: rel, line: node.getStartLineNumber() });
      } else if (Node.isPropertyAccessExpression(node)) {
        push(byName, node.getName(), { symbol: symbolOf(node), file: rel, line: node.getStartLineNumber() });
      } else if (Node.isCallExpression(node)) {
        const callee = node.getExpression();
        if (!Node.isPropertyAccessExpression(callee) || !HTTP_CALLS.has(callee.getName())) return;
        const first = node.getArguments()[0];
        if (!first || !(Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first))) return;
        push(byCall, `${callee.getName()} ${pathShape(first.getLiteralText())}`, { symbol: symbolOf(node), file: rel, line: node.getStartLineNumber() });
      }
    });
  }

  return {
    find(operation: OperationRef): Affect[] {
      const sites = [...(operation.operationId ? (byName.get(operation.operationId) ?? []) : []), ...(byCall.get(`${operation.method.toUpperCase()} ${pathShape(operation.path)}`) ?? [])];
      const seen = new Set<string>();
      const out: Affect[] = [];
      // One entry per symbol and file: a wrapper that names the operation and calls it on the
      // next line is one use, reported at its first line.
      for (const s of [...sites].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))) {
        const key = `${s.file}:${s.symbol}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ symbol: s.symbol, file: s.file, line: s.line });
      }
      return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)));
    },
  };
}

/**
 * Base operationIds of operations whose id changed, keyed `METHOD /revision/path`: the facade
 * still uses the old id until someone updates it.
 */
export function previousOperationIds(base: Record<string, any>, revision: Record<string, any>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of matchOperations(buildModel(base).operations, buildModel(revision).operations)) {
    if (!pair.base || !pair.revision || !pair.base.operationId || pair.base.operationId === pair.revision.operationId) continue;
    out.set(`${pair.revision.method.toUpperCase()} ${pair.revision.path}`, [pair.base.operationId]);
  }
  return out;
}

/**
 * Attach `affects` to every change whose operation the facade uses, by its current operationId
 * and by any previous one (`previousIds`, see {@link previousOperationIds}).
 */
export function attachImpact(result: DiffResult, index: ImpactIndex, previousIds: ReadonlyMap<string, string[]> = new Map()): DiffResult {
  const cache = new Map<string, Affect[]>();
  for (const change of result.changes) {
    if (!change.operation) continue;
    const opKey = `${change.operation.method} ${change.operation.path}`;
    const key = `${opKey} ${change.operation.operationId}`;
    let affects = cache.get(key);
    if (!affects) {
      affects = index.find(change.operation);
      for (const old of previousIds.get(opKey) ?? []) affects.push(...index.find({ ...change.operation, operationId: old }));
      affects = dedupe(affects);
      cache.set(key, affects);
    }
    if (affects.length > 0) change.affects = affects.map((a) => ({ ...a }));
  }
  return result;
}

function dedupe(list: Affect[]): Affect[] {
  const seen = new Set<string>();
  return list
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
    .filter((a) => {
      const key = `${a.file}:${a.symbol}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
}

/**
 * The review step of regen: for every provider being regenerated, diff its spec against the spec
 * its current generated code was built from (`generated/<p>/openapi.json`, so no git history is
 * needed), let the compiler confirm the verdicts against the old and new generated types, find
 * the facade functions that use each changed operation, type-check the whole facade (`src/`)
 * against the new types, and run the facade's contract calls against a mock of the new spec
 * (./contract.ts). Regen decides from this whether it may write, and renders the report
 * and the changeset from it (./report.ts).
 *
 * Loaded only when something changed: the unchanged path of regen never pays for TypeScript.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { ts } from 'ts-morph';
import { sharedProject, type ProjectGetter } from '../shared-project.js';
import { sha256, type SpecFile } from '../generate/spec-file.js';
import { compileCheck } from '../diff/compile-check.js';
import { attachImpact, buildImpactIndex, previousOperationIds } from '../diff/impact.js';
import { diffSpecs, finishResult } from '../diff/index.js';
import { withoutHeaderHashes } from '../generate/version.js';
import { repoRelative } from '../paths.js';
import type { Provider } from '../providers.js';
import { runContract } from './contract.js';
import type { FacadeMethodResult, ProviderReview } from './provider-review.js';

/**
 * The files of `program` that import one of `changed` (absolute paths), directly or through
 * other files of the program, with the changed files themselves; undefined when a changed file
 * can reach files that do not import it (a global script, `declare global`, or a declaration of
 * another module by name), so that every file must be checked. The same rule TypeScript's
 * incremental builds use to pick the files whose diagnostics a change can move.
 */
function filesReaching(program: ts.Program, changed: ReadonlySet<string>): Set<string> | undefined {
  const checker = program.getTypeChecker();
  const importers = new Map<string, Set<string>>();
  for (const file of program.getSourceFiles()) {
    if (program.isSourceFileFromExternalLibrary(file) || program.isSourceFileDefaultLibrary(file)) continue;
    const name = path.resolve(file.fileName);
    if (changed.has(name) && (!ts.isExternalModule(file) || file.statements.some((s) => ts.isModuleDeclaration(s) && (ts.isStringLiteral(s.name) || (s.flags & ts.NodeFlags.GlobalAugmentation) !== 0)))) return undefined;
    const visit = (node: ts.Node): void => {
      let specifier: ts.Expression | undefined;
      if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier) specifier = node.moduleSpecifier;
      else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) specifier = node.moduleReference.expression;
      else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) specifier = node.argument.literal;
      else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) specifier = node.arguments[0];
      const target = specifier && ts.isStringLiteralLike(specifier) ? checker.getSymbolAtLocation(specifier)?.declarations?.find(ts.isSourceFile) : undefined;
      if (target) {
        const to = path.resolve(target.fileName);
        if (!importers.has(to)) importers.set(to, new Set());
        importers.get(to)!.add(name);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  const reached = new Set<string>();
  const queue = [...changed];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (reached.has(file)) continue;
    reached.add(file);
    for (const importer of importers.get(file) ?? []) queue.push(importer);
  }
  return reached;
}

/**
 * The `.ts` files of `outputs` whose new content declares other types than the file on disk:
 * new files, and files that differ beyond the sha256 lines of their header comment.
 */
function changedTypeScript(outputs: ReadonlyMap<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [file, content] of outputs) {
    if (!file.endsWith('.ts')) continue;
    const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    if (current === content) continue;
    if (current === undefined || withoutHeaderHashes(current) !== withoutHeaderHashes(content)) changed.add(path.resolve(file));
  }
  return changed;
}

/**
 * Type-check the files under `src/` that the new generated files can affect, with the generated
 * files replaced by their new content (in memory), and return the errors by provider folder
 * (`src/<p>/…`); errors elsewhere in `src/` (shared code) are listed under every provider being
 * regenerated. A file that reaches no changed generated file (by its imports, directly or not)
 * type-checks exactly as it did against the files on disk: its errors, if any, are not this
 * change's doing, and `npm run typecheck` reports them. `project` is the run's package program
 * (../ts-project.ts), which the API report then emits declarations from without checking
 * anything twice.
 */
export async function typecheckFacade(root: string, outputs: ReadonlyMap<string, string>, providers: readonly string[], project: ProjectGetter = sharedProject(root, outputs)): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(providers.map((p) => [p, []]));
  const srcDir = path.join(root, 'src');
  if (!existsSync(srcDir)) return out;
  const changed = changedTypeScript(outputs);
  if (changed.size === 0) return out;
  const program = (await project()).getProgram().compilerObject;
  const affected = filesReaching(program, changed);
  // Syntax and type errors of our own files; declaration-emit problems are the build's to report.
  for (const file of program.getSourceFiles()) {
    const name = path.resolve(file.fileName);
    if (!name.startsWith(srcDir + path.sep) || (affected !== undefined && !affected.has(name))) continue;
    for (const diagnostic of [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]) {
      if (diagnostic.category !== ts.DiagnosticCategory.Error) continue;
      const rel = repoRelative(file.fileName, root);
      const line = diagnostic.start === undefined ? 0 : file.getLineAndCharacterOfPosition(diagnostic.start).line + 1;
      const text = `${rel}:${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ').replace(/\s+/g, ' ')}`;
      const owner = rel.split('/')[1];
      for (const p of owner !== undefined && out.has(owner) ? [owner] : providers) out.get(p)!.push(text);
    }
  }
  for (const list of out.values()) list.sort();
  return out;
}

/**
 * Review every provider being regenerated. `outputs` are the new generated files by absolute
 * path; `specTexts` the text of each spec (for the contract run's mock server).
 */
export async function reviewProviders(
  root: string,
  providers: readonly Provider[],
  specs: ReadonlyMap<string, SpecFile>,
  outputs: ReadonlyMap<string, string>,
  specTexts: ReadonlyMap<string, string>,
  options: { contract?: boolean; project?: ProjectGetter } = {},
): Promise<ProviderReview[]> {
  // The contract runs are processes of their own (vitest and a Prism mock): started first, one
  // provider after another, they run while this process type-checks and diffs.
  const contracts = new Map<string, Promise<{ methods?: FacadeMethodResult[]; error?: unknown }>>();
  let previous: Promise<unknown> = Promise.resolve();
  for (const provider of providers) {
    if (options.contract === false) continue;
    const run = previous.then(() => runContract(root, provider, specTexts.get(provider.id)!, outputs)).then(
      (methods) => (methods ? { methods } : {}),
      (error: unknown) => ({ error }),
    );
    contracts.set(provider.id, run);
    previous = run;
  }
  const project = options.project ?? sharedProject(root, outputs);
  const facadeErrors = await typecheckFacade(root, outputs, providers.map((p) => p.id), project);
  const reviews: ProviderReview[] = [];
  for (const provider of providers) {
    const spec = specs.get(provider.id)!;
    const baselineFile = path.join(provider.generatedDir, 'openapi.json');
    const errors = facadeErrors.get(provider.id) ?? [];
    const review: ProviderReview = { provider: provider.id, status: 'reviewed', spec: spec.rel, specSha256: spec.sha256, result: finishResult([]), facade: { ok: errors.length === 0, errors } };
    if (existsSync(baselineFile)) {
      const text = readFileSync(baselineFile, 'utf8');
      const baseline = JSON.parse(text) as Record<string, any>;
      review.baseline = repoRelative(baselineFile, root);
      review.baselineSha256 = sha256(text);
      let result = diffSpecs(baseline, spec.doc);
      // The compiler verdict uses the types already on disk for the base and the new output for
      // the revision: exactly the two versions a consumer would compile against.
      const oldTypesFile = path.join(provider.generatedDir, 'schema.ts');
      const newTypes = outputs.get(oldTypesFile);
      if (result.changes.length > 0 && existsSync(oldTypesFile) && newTypes !== undefined) {
        result = await compileCheck(baseline, spec.doc, result, { baseTypes: readFileSync(oldTypesFile, 'utf8'), revisionTypes: newTypes });
      }
      const srcDir = path.join(root, 'src', provider.id);
      if (existsSync(srcDir) && result.changes.some((c) => c.operation)) {
        // The facade as it stands, read from the package program the type-check already built:
        // the calls and their paths are the facade's, whichever generated types they now meet.
        attachImpact(result, buildImpactIndex({ dirs: [srcDir], root, project: await project() }), previousOperationIds(baseline, spec.doc));
      }
      review.result = result;
    }
    const contract = await contracts.get(provider.id);
    if (contract?.error !== undefined) throw contract.error;
    if (contract?.methods) review.methods = contract.methods;
    reviews.push(review);
  }
  return reviews;
}

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
import { Project, ts } from 'ts-morph';
import { sha256, type SpecFile } from '../generate/spec-file.js';
import { compileCheck } from '../diff/compile-check.js';
import { attachImpact, buildImpactIndex, previousOperationIds } from '../diff/impact.js';
import { diffSpecs, finishResult } from '../diff/index.js';
import { repoRelative } from '../paths.js';
import type { Provider } from '../providers.js';
import { runContract } from './contract.js';
import type { ProviderReview } from './provider-review.js';

/**
 * Type-check every file under `src/` with the generated files replaced by their new content
 * (in memory), and return the errors by provider folder (`src/<p>/…`); errors elsewhere in
 * `src/` (shared code) are listed under every provider being regenerated.
 */
export function typecheckFacade(root: string, outputs: ReadonlyMap<string, string>, providers: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>(providers.map((p) => [p, []]));
  const srcDir = path.join(root, 'src');
  if (!existsSync(srcDir)) return out;
  // The project's own compiler options, minus checking library declarations: the question is
  // whether our code compiles against the new types, and only src/ files are asked.
  const project = new Project({ tsConfigFilePath: path.join(root, 'tsconfig.json'), skipAddingFilesFromTsConfig: true, compilerOptions: { skipLibCheck: true } });
  const facadeFiles = project.addSourceFilesAtPaths(`${srcDir.split(path.sep).join('/')}/**/*.ts`);
  for (const [file, content] of outputs) if (file.endsWith('.ts')) project.createSourceFile(file, content, { overwrite: true });
  project.resolveSourceFileDependencies();
  for (const diagnostic of facadeFiles.flatMap((f) => f.getPreEmitDiagnostics())) {
    if (diagnostic.getCategory() !== ts.DiagnosticCategory.Error) continue;
    const file = diagnostic.getSourceFile()?.getFilePath();
    if (!file || !path.resolve(file).startsWith(srcDir + path.sep)) continue;
    const rel = repoRelative(file, root);
    const text = `${rel}:${diagnostic.getLineNumber() ?? 0}: ${ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, ' ').replace(/\s+/g, ' ')}`;
    const owner = rel.split('/')[1];
    for (const p of owner !== undefined && out.has(owner) ? [owner] : providers) out.get(p)!.push(text);
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
  options: { contract?: boolean } = {},
): Promise<ProviderReview[]> {
  const facadeErrors = typecheckFacade(root, outputs, providers.map((p) => p.id));
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
        attachImpact(result, buildImpactIndex({ dirs: [srcDir], root }), previousOperationIds(baseline, spec.doc));
      }
      review.result = result;
    }
    if (options.contract !== false) {
      const methods = await runContract(root, provider, specTexts.get(provider.id)!, outputs);
      if (methods) review.methods = methods;
    }
    reviews.push(review);
  }
  return reviews;
}

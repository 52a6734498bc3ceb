/**
 * One ts-morph project over TypeScript read from the real file system without a tsconfig: the
 * facade sources (diff impact) or emitted declarations (API report). Both only ask which
 * package declares a name and what a type is, so they share these settings: ES2022 on Node's
 * module resolution (imports of packages such as openapi-fetch resolve to node_modules), strict,
 * no ambient `@types` and no checking of libraries' declarations (`npm run typecheck` does that).
 */
import { Project, ts } from 'ts-morph';

/** The compiler options every such project starts from; `extra` adds to or overrides them. */
export const SOURCE_PROJECT_OPTIONS: Readonly<ts.CompilerOptions> = Object.freeze({
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  skipLibCheck: true,
  types: [],
});

/** A project with no files yet (add them with `createSourceFile`/`addSourceFilesAtPaths`). */
export function createSourceProject(extra: ts.CompilerOptions = {}): Project {
  return new Project({ skipAddingFilesFromTsConfig: true, compilerOptions: { ...SOURCE_PROJECT_OPTIONS, ...extra } });
}

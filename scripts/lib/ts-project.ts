/**
 * The ts-morph projects of the pipeline, in one place so they share their settings:
 *
 * - {@link createSourceProject}: TypeScript read from the real file system without a tsconfig,
 *   the facade sources (diff impact) or emitted declarations (API report). Both only ask which
 *   package declares a name and what a type is: ES2022 on Node's module resolution (imports of
 *   packages such as openapi-fetch resolve to node_modules), strict, no ambient `@types` and no
 *   checking of libraries' declarations (`npm run typecheck` does that).
 * - {@link createPackageProject}: the one program a regen run builds (../shared-project.ts)
 *   over the package's sources (`tsconfig.build.json`: `src/` and the generated code it
 *   imports), with regen's new generated files in place of the ones on disk. Regen type-checks
 *   the facade and then emits its declarations for the API report: with one program (one
 *   checker) the second asks only for what the first already computed, and the libraries'
 *   declarations are parsed once. The emit itself checks no body (api-report/surface.ts;
 *   `npm run typecheck` does that), so `npm run api:report` alone pays only for what the
 *   declarations need. Built lazily, so a run that needs neither (a cached API surface) never
 *   builds it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
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

/** Where declarations are emitted in memory (never written to disk), relative to the root. */
export const VIRTUAL_DTS_DIR = '.api-report-dts';

/** The build's config, which the API report needs (its `include` is the package's source). */
export function buildConfigOf(root: string): string {
  return path.join(root, 'tsconfig.build.json');
}

/**
 * The package program: the build's compiler options plus in-memory declaration emit (so
 * `@internal` members are stripped exactly as in the published `.d.ts`), library declarations
 * not checked (`npm run typecheck` does that), and each `.ts` file of `overrides` (absolute
 * path → content) read from memory instead of disk. A tree without `tsconfig.build.json` (no
 * package build, so no API report) gets `tsconfig.json`'s options over every file of `src/`.
 */
export async function createPackageProject(root: string, overrides?: ReadonlyMap<string, string>): Promise<Project> {
  const outDir = path.join(root, VIRTUAL_DTS_DIR);
  const build = existsSync(buildConfigOf(root));
  const project = new Project({
    tsConfigFilePath: build ? buildConfigOf(root) : path.join(root, 'tsconfig.json'),
    skipAddingFilesFromTsConfig: !build,
    compilerOptions: {
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      noEmitOnError: false,
      removeComments: false,
      skipLibCheck: true,
      rootDir: root,
      outDir,
      declarationDir: outDir,
    },
  });
  if (!build) project.addSourceFilesAtPaths(`${path.join(root, 'src').split(path.sep).join('/')}/**/*.ts`);
  for (const [file, content] of overrides ?? []) if (file.endsWith('.ts')) project.createSourceFile(file, content, { overwrite: true });
  return project;
}

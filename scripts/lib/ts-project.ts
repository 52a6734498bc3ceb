/**
 * The one TypeScript program a run builds over the package's sources (`tsconfig.build.json`:
 * `src/` and the generated code it imports), with regen's new generated files in place of the
 * ones on disk. Type-checking the facade and emitting its declarations for the API report both
 * need the whole source checked; with one program (one checker) the second asks only for what
 * the first already computed, and the libraries' declarations are parsed once.
 *
 * Built lazily: {@link sharedProject} returns a getter, so a run that needs neither (the
 * unchanged path, a cached API surface) never loads the compiler.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Project } from 'ts-morph';

/** Where declarations are emitted in memory (never written to disk), relative to the root. */
export const VIRTUAL_DTS_DIR = '.api-report-dts';

/** A getter for the run's program, built on first call and the same object after. */
export type ProjectGetter = () => Promise<Project>;

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
  const { Project } = await import('ts-morph');
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

/** One lazily built package program for a run; hand the getter to every step that needs it. */
export function sharedProject(root: string, overrides?: ReadonlyMap<string, string>): ProjectGetter {
  let made: Promise<Project> | undefined;
  return () => (made ??= createPackageProject(root, overrides));
}

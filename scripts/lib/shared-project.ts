/**
 * The run's one package program (./ts-project.ts), built on first use and the same object after:
 * regen hands the getter to the facade type-check and the API report, which then share one
 * checker. Apart from ./ts-project.ts so that holding a getter loads no compiler: a regen whose
 * review is reused and whose API surface is cached never builds, or loads, TypeScript.
 */
import type { Project } from 'ts-morph';

/** A getter for the run's program, built on first call and the same object after. */
export type ProjectGetter = () => Promise<Project>;

/** {@link ProjectGetter} of {@link sharedProject}, which also tells whether a call built it yet. */
export type SharedProject = ProjectGetter & { readonly built: boolean };

/**
 * One lazily built package program for a run over `root`, with `overrides` read from memory.
 * The program is a checked one: a caller that needs only declarations and finds it not `built`
 * (no facade check ran) is better served by a program that checks no bodies.
 */
export function sharedProject(root: string, overrides?: ReadonlyMap<string, string>): SharedProject {
  let made: Promise<Project> | undefined;
  const get = () => (made ??= import('./ts-project.js').then((m) => m.createPackageProject(root, overrides)));
  return Object.defineProperty(get, 'built', { get: () => made !== undefined }) as SharedProject;
}

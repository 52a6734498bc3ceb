/**
 * How soon V8 optimizes a hot function, for the pipeline's short processes.
 *
 * A command runs for seconds, most of it in TypeScript's compiler (the facade type-check, the
 * declaration emit, openapi-typescript). On Node 20 (V8 11), whose only optimizing tier is
 * TurboFan, a function is optimized once it has run through 66 KB of bytecode budget. Of a
 * ZITADEL regen's 12.5 s of CPU time, about 4 s ran off the main thread, nearly all of it those
 * compilations: moved to the main thread (`--no-concurrent-recompilation`), CPU and wall time
 * came out equal. Giving each function three times that budget took the same regen to 10.9 s
 * of CPU and from 8.0 to 7.6 s of wall time (means of five runs, 2 cores). Newer V8 versions
 * tier differently (a mid tier, Maglev, with budgets of its own) and this was measured on Node 20
 * alone, so nothing changes there; nor where the process was started with its own
 * `--interrupt-budget`.
 *
 * The launcher (./run.mjs) applies it to every command, vitest's config to its workers, and
 * tests to the processes they start that run for seconds in TypeScript's compiler (not the
 * files of test/contract/, which are copied alone into scratch trees). Plain JavaScript: the
 * launcher and vitest's config load it without a compiler.
 */
import { setFlagsFromString } from 'node:v8';

/** V8's default on Node 20, times three. */
const INTERRUPT_BUDGET = 3 * 67_584;

/** The V8 flags to start a pipeline process with on this Node version (none on newer V8). */
export function tieringFlags(versions = process.versions) {
  return /^11\./.test(versions.v8) ? [`--interrupt-budget=${INTERRUPT_BUDGET}`] : [];
}

/**
 * Apply {@link tieringFlags} to the running process, unless it was started with its own budget.
 * Called before any of the command's modules is loaded, so every function they create counts
 * against the new budget. Returns the flags it set (a code cache is keyed by them).
 */
export function applyTiering() {
  // `--interrupt-budget[=N]` or its underscore spelling, not the other `--interrupt-budget-*` flags.
  if (process.execArgv.some((arg) => /^--interrupt[-_]budget(=|$)/.test(arg))) return [];
  const flags = tieringFlags();
  for (const flag of flags) setFlagsFromString(flag);
  return flags;
}

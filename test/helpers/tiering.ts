import { tieringFlags } from '../../scripts/build/tiering.mjs';

/**
 * Node's flags for the processes tests start that run for seconds in TypeScript's compiler:
 * the tiering the commands and the test workers use (scripts/build/tiering.mjs). It changes
 * how soon V8 optimizes, never what a process computes. (Not for test/contract/: those files
 * are copied alone into the replay's copies and the review's contract runs.)
 */
export const TIERING: readonly string[] = tieringFlags();

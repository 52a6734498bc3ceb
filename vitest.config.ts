import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { tieringFlags } from './scripts/build/tiering.mjs';

/**
 * Seconds each slow file took in a clean-clone run on a 2-core machine (only their order
 * matters). A clean clone has no timing cache, so vitest would start files by size and a
 * multi-minute file could start last, leaving one worker idle at the end; starting the slowest
 * first lets the workers finish together. Files not listed follow in vitest's own order.
 */
const SLOW_FILES: readonly (readonly [seconds: number, file: string])[] = [
  [58, 'test/replay/replay.test.ts'],
  [25, 'test/scripts/regen/kill.test.ts'],
  [22, 'test/package/round-trip.test.ts'],
  [19, 'test/scripts/normalize/upstream.test.ts'],
  [16, 'test/scripts/regen/regen.test.ts'],
  [15, 'test/scripts/pull/breaking-step.test.ts'],
  [14, 'test/workflows/breaking-sync.test.ts'],
  [14, 'test/scripts/regen/contract.test.ts'],
  [14, 'test/scripts/api-report.test.ts'],
  [13, 'test/scripts/regen/review.test.ts'],
  [10, 'test/scripts/regen/freshness.test.ts'],
  [7, 'test/src/faults/fault-mix.test.ts'],
  [7, 'test/scripts/cli/commands.test.ts'],
  [6, 'test/src/api/one-api.test.ts'],
  [6, 'test/scripts/diff/cli.test.ts'],
  [6, 'test/scripts/cli/build.test.ts'],
];

const slowSeconds = new Map(SLOW_FILES.map(([seconds, file]) => [file, seconds]));

/** vitest's order (failed first, then by cached duration or size), with the known slow files moved to the front, slowest first. */
class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const seconds = (spec: TestSpecification): number => slowSeconds.get(path.relative(spec.project.config.root, spec.moduleId).split(path.sep).join('/')) ?? 0;
    return sorted.map((spec, index) => ({ spec, index, seconds: seconds(spec) })).sort((a, b) => b.seconds - a.seconds || a.index - b.index).map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    // Several suites start real servers (mock servers, a private registry) or read the large
    // upstream documents; give them room without letting a hung test stall CI forever.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // The workers run the pipeline's libraries in-process (the spec diff, Redocly, TypeScript):
    // the same tiering and code cache as the commands themselves (scripts/build/tiering.mjs,
    // scripts/build/compile-cache.cjs). A worker runs many files that parse the large upstream
    // documents again and again: with 64 MB semi-spaces instead of V8's 16 MB, eight of the
    // heaviest such files (alone, one worker) spent 3.4-3.7 s in GC instead of 4.9-5.1 s, of
    // 34-36 s of CPU instead of 36-38.
    execArgv: [...tieringFlags(), '--max-semi-space-size=64', '--require', fileURLToPath(new URL('./scripts/build/compile-cache-preload.cjs', import.meta.url))],
    sequence: { sequencer: SlowFirstSequencer },
    // A worker runs one file after another instead of starting anew for each: no file mocks a
    // module, stubs a global or changes the working directory or environment, and a fork with
    // fresh imports of vitest, the helpers and what the file tests (the spec diff, YAML parsers,
    // Redocly, TypeScript, the facade, openapi-fetch, undici) cost 0.8 s of CPU per file, a
    // fifth to a third of an in-process file's time.
    isolate: false,
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // which leaves a core idle while a file waits on its child processes and servers (most of
    // the suite's wall time). One worker per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        // The pipeline's commands as child processes in throwaway copies, and its libraries in-process.
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/package/**', 'test/src/**'] },
      },
      {
        // The facade's tests: in-process clients against loopback servers (`--project client`).
        extends: true,
        test: { name: 'client', include: ['test/src/**/*.test.ts'] },
      },
      {
        // The package round trip: build, pack, publish to a throwaway registry, install in a
        // fresh consumer project, compile and run it. `npm run test:package` runs it alone.
        extends: true,
        test: { name: 'package', include: ['test/package/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 },
      },
    ],
  },
});

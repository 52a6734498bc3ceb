import { availableParallelism } from 'node:os';
import path from 'node:path';
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
  [144, 'test/replay/replay.test.ts'],
  [71, 'test/scripts/regen/kill.test.ts'],
  [41, 'test/scripts/regen/contract.test.ts'],
  [40, 'test/scripts/regen/regen.test.ts'],
  [37, 'test/scripts/pull/breaking-step.test.ts'],
  [37, 'test/scripts/regen/freshness.test.ts'],
  [31, 'test/scripts/api-report.test.ts'],
  [29, 'test/scripts/regen/api-reports.test.ts'],
  [28, 'test/scripts/regen/review.test.ts'],
  [27, 'test/package/round-trip.test.ts'],
  [25, 'test/scripts/normalize/upstream.test.ts'],
  [19, 'test/workflows/breaking-sync.test.ts'],
  [18, 'test/scripts/cli/commands.test.ts'],
  [14, 'test/scripts/diff/cli.test.ts'],
  [13, 'test/generated/typed-calls.test.ts'],
  [12, 'test/src/faults/fault-mix.test.ts'],
  [12, 'test/src/api/one-api.test.ts'],
];
/** Folders of in-process library tests that share one worker's module cache (project 'pipeline-lib'). */
const PIPELINE_LIB = ['test/scripts/diff', 'test/scripts/openapi', 'test/scripts/lint', 'test/scripts/normalize'];

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
    // the same tiering as the commands themselves (scripts/build/tiering.mjs).
    execArgv: tieringFlags(),
    sequence: { sequencer: SlowFirstSequencer },
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // which leaves a core idle while a file waits on its child processes and servers (most of
    // the suite's wall time). One worker per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        // The rest: mostly the real commands as child processes, in throwaway copies. No file
        // mocks a module, stubs a global or changes the working directory or environment, so a
        // worker runs one file after another instead of starting anew for each (a fork and the
        // imports of vitest, the helpers and the pipeline's libraries per file: 0.8 s of CPU
        // each, measured on fifteen of them).
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/package/**', 'test/src/**', ...PIPELINE_LIB.map((dir) => `${dir}/**`)], isolate: false },
      },
      {
        // The spec diff, OpenAPI loading, lint and importer tests call the library in-process
        // (the few child processes they start do not depend on the worker): sharing the module
        // cache of the YAML parsers, Redocly and TypeScript saves a fifth to a third of their CPU.
        extends: true,
        test: { name: 'pipeline-lib', include: PIPELINE_LIB.map((dir) => `${dir}/*.test.ts`), isolate: false },
      },
      {
        // The facade's tests: in-process clients against loopback servers, no global mocks, so
        // their files can share a worker's module cache instead of re-importing the facade,
        // openapi-fetch and undici for each file (a third of their CPU time).
        extends: true,
        test: { name: 'client', include: ['test/src/**/*.test.ts'], isolate: false },
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

import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Several suites start real servers (mock servers, a private registry) or read the large
    // upstream documents; give them room without letting a hung test stall CI forever.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // vitest's default is one worker fewer than the cores: a single worker on a 2-core machine,
    // which leaves a core idle while a file waits on its child processes and servers (most of
    // the suite's wall time). One worker per core keeps both busy.
    maxWorkers: Math.max(2, availableParallelism()),
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, 'test/package/**'] },
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

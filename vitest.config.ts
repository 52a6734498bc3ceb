import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Several suites start real servers (mock servers, registries) or read the large upstream
    // documents; give them room without letting a hung test stall CI forever.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

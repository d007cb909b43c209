import { defineConfig } from 'vitest/config';

// End-to-end tests: the built UI in a real Chromium against the real engine. One worker, one
// browser at a time, generous timeouts for slow CI machines.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    teardownTimeout: 20_000,
  },
});

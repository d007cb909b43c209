import { defineConfig } from 'vitest/config';

// Unit tests: beside the code (src/**) and in tests/. The browser end-to-end suite has its own
// config (vitest.e2e.config.ts) because it needs the built app and a real Chromium.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts'],
    exclude: ['e2e/**', 'node_modules/**', 'out/**', '.tools/**'],
    environment: 'node',
    pool: 'forks',
    // The CI machines have two cores.
    maxWorkers: 2,
    testTimeout: 20_000,
    restoreMocks: true,
  },
});

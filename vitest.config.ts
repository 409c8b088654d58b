import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Two cores: keep workers modest so end-to-end suites with their fake servers do not starve each other.
    maxWorkers: 2,
  },
});

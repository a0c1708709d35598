import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // The browser tests need the built app; building once here keeps `npm test` self-contained.
    globalSetup: ['test/e2e/build.setup.ts'],
  },
});

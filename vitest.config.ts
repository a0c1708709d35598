import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // The Citus tier needs a cluster: `npm run test:citus` (vitest.citus.config.ts) runs it.
    exclude: [...configDefaults.exclude, 'test/citus/**'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    globalSetup: [
      // The browser tests need the built app; building once here keeps `npm test` self-contained.
      'test/e2e/build.setup.ts',
      // A PostgreSQL server for the run when DATABASE_URL names none.
      'test/server/postgres.setup.ts',
    ],
  },
});

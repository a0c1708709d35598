/**
 * `npm run test:citus`: the backend's PostgreSQL tests on a Citus cluster (the coordinator at
 * CITUS_URL, e.g. from `../shared/citus/citus-cluster start DIR`), and the tests of the layout
 * and the repricer there (test/citus/). Not part of `npm test`, which needs no cluster.
 */
import { defineConfig } from 'vitest/config';

const url = process.env.CITUS_URL;
if (!url) {
  throw new Error(
    'CITUS_URL: required by npm run test:citus (the coordinator of a Citus cluster; ../shared/citus/citus-cluster start DIR prints it)',
  );
}

export default defineConfig({
  test: {
    include: ['test/server/**/*.test.ts', 'test/citus/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The tests and the servers they start read DATABASE_URL; here it is the coordinator.
    env: { DATABASE_URL: url, CITUS_URL: url, AICM_TEST_TIER: 'citus' },
  },
});

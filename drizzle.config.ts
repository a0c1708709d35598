/**
 * drizzle-kit generates the backend's migrations from its schema: `npm run db:generate` (which
 * also embeds them in src/server/db/migrate/generated.ts, what the server runs).
 */
import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/server/db/schema.ts',
  out: './src/server/db/drizzle',
});

/**
 * The second half of `npm run db:generate`: after drizzle-kit has written its migrations into
 * src/server/db/drizzle/, embeds them in src/server/db/migrations/generated.json, which the
 * server imports (it runs them at start; see src/server/db/migrate.ts).
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readGenerated } from '../src/server/db/migrations/embed.js';

const db = fileURLToPath(new URL('../src/server/db/', import.meta.url));
const steps = readGenerated(`${db}drizzle`);
writeFileSync(`${db}migrations/generated.json`, `${JSON.stringify(steps, null, 2)}\n`);
console.log(
  `embedded ${steps.length} generated migration(s): ${steps.map((s) => s.name).join(', ')}`,
);

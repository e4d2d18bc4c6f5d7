import { defineConfig } from 'drizzle-kit';

// Migrations are generated (`npm run db:generate -- --name <what>`), reviewed, and applied by db/migrate.ts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './db/migrations',
  migrations: { prefix: 'timestamp' },
});

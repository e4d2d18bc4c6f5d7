import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type Db } from './client';
import { withDatabase } from './test-server';

export type TestDatabase = { url: string; db: Db; drop(): Promise<void> };

/**
 * A fresh, migrated database for one integration test file, copied from the run's template database.
 * Call in `beforeAll` and `drop()` in `afterAll`.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = inject('testAdminUrl');
  const template = inject('testTemplateDb');
  const name = `huiban_t_${template.slice(11)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { max: 5, applicationName: 'huiban-test' });
  return {
    url,
    db,
    async drop() {
      await db.$client.end({ timeout: 5 });
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await sql.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await sql.end();
      }
    },
  };
}

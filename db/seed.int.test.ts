import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, users } from './schema';
import { seed } from './seed';
import { DEMO_USERS } from './seed-data';
import { createTestDatabase, type TestDatabase } from './testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

test('seeding twice creates the demo org and the env admin once', async () => {
  const admin = { email: 'Ops@Example.com', password: 'a-long-password' };
  const first = await seed(t.db, { demo: true, admin });
  expect(first.createdUsers).toBe(DEMO_USERS.length + 1);
  const second = await seed(t.db, { demo: true, admin });
  expect(second.createdUsers).toBe(0);

  const all = await t.db.select().from(users);
  expect(all).toHaveLength(DEMO_USERS.length + 1);
  expect(
    all
      .filter((u) => u.role === 'admin')
      .map((u) => u.username ?? u.email)
      .sort(),
  ).toEqual(['ops@example.com', 'wangmin']);
  // Passwords are stored as scrypt hashes only (off the event loop).
  for (const user of all) expect(user.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$/);
  expect(await t.db.select().from(connectors).where(eq(connectors.kind, 'local'))).toHaveLength(1);
});

test('demo mode with a sandbox seeds one DingTalk and one Yida connector, sealed, however often it runs', async () => {
  const { ensureTestSecretsKey } = await import('@/lib/testing/factories');
  ensureTestSecretsKey();
  await seed(t.db, { demo: true, sandboxUrl: 'http://127.0.0.1:9' });
  await seed(t.db, { demo: true, sandboxUrl: 'http://127.0.0.1:8' });
  const yida = await t.db.select().from(connectors).where(eq(connectors.kind, 'yida'));
  expect(yida).toHaveLength(1);
  expect(yida[0]?.config).toMatchObject({
    apps: [{ appType: 'APP_DEMOYIDA0000000001' }],
    apiBase: 'http://127.0.0.1:8',
    operatorUserId: 'wangmin',
  });
  expect(yida[0]?.secrets).not.toContain('DEMO-YIDA-SYSTEM-TOKEN');
  expect(await t.db.select().from(connectors).where(eq(connectors.kind, 'dingtalk'))).toHaveLength(1);
});

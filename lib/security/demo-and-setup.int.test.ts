import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, connectors, users } from '@/db/schema';
import { seed } from '@/db/seed';
import { DEMO_PASSWORD } from '@/db/seed-data';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { ensureTestSecretsKey } from '@/lib/testing/factories';
import { signInWithPassword } from '../auth/sign-in-with-password';
import { disableDemoData } from '../operations/disable-demo-data';
import { completeSetup } from '../people/complete-setup';
import { hasActiveAdmin, isSetupPending, issueSetupToken } from '../people/setup-token';

let t: TestDatabase;
beforeAll(async () => {
  ensureTestSecretsKey();
  t = await createTestDatabase();
});
afterAll(async () => {
  await t.drop();
});

test('turning demo off disables the demo accounts and connectors, with an audit line; turning it on restores them', async () => {
  await seed(t.db, { demo: true, sandboxUrl: 'http://127.0.0.1:9' });
  expect((await signInWithPassword(t.db, { login: 'wangmin', password: DEMO_PASSWORD })).ok).toBe(true);
  // Somebody took over one demo account for real: it has its own password now and must stay.
  const { hashPassword } = await import('@/lib/auth/passwords');
  await t.db
    .update(users)
    .set({ passwordHash: await hashPassword('a-real-password') })
    .where(eq(users.username, 'lisi'));

  const disabled = await disableDemoData(t.db);
  expect(disabled.users).toContain('wangmin');
  expect(disabled.users).not.toContain('lisi');
  expect(disabled.connectors).toHaveLength(2);
  expect((await signInWithPassword(t.db, { login: 'wangmin', password: DEMO_PASSWORD })).ok).toBe(false);
  expect((await signInWithPassword(t.db, { login: 'lisi', password: 'a-real-password' })).ok).toBe(true);
  const enabled = await t.db.select({ kind: connectors.kind, enabled: connectors.enabled }).from(connectors);
  expect(enabled.filter((c) => c.kind !== 'local').every((c) => !c.enabled)).toBe(true);
  const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'demo.disabled'));
  expect(audit).toHaveLength(1);
  expect(await disableDemoData(t.db)).toEqual({ users: [], connectors: [] });

  await seed(t.db, { demo: true, sandboxUrl: 'http://127.0.0.1:9' });
  expect((await signInWithPassword(t.db, { login: 'wangmin', password: DEMO_PASSWORD })).ok).toBe(true);
  // Leave no admin behind for the setup test below.
  await disableDemoData(t.db);
});

test('the setup token creates the first admin once; then setup is closed', async () => {
  expect(await hasActiveAdmin(t.db)).toBe(false);
  const stale = await issueSetupToken(t.db);
  const token = await issueSetupToken(t.db);
  expect(await isSetupPending(t.db)).toBe(true);
  const input = { username: 'ops', name: '运维', password: 'a-long-password' };
  await expect(completeSetup(t.db, { ...input, token: stale }, {})).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(completeSetup(t.db, { ...input, token: 'guess' }, {})).rejects.toMatchObject({
    code: 'forbidden',
  });

  const results = await Promise.allSettled([
    completeSetup(t.db, { ...input, token }, { ip: '203.0.113.1' }),
    completeSetup(t.db, { ...input, username: 'ops2', token }, { ip: '203.0.113.2' }),
  ]);
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  expect(await isSetupPending(t.db)).toBe(false);
  await expect(completeSetup(t.db, { ...input, username: 'ops3', token }, {})).rejects.toMatchObject({
    code: 'not_found',
  });
  const admins = await t.db.select({ username: users.username }).from(users).where(eq(users.role, 'admin'));
  expect(admins.filter((a) => a.username?.startsWith('ops'))).toHaveLength(1);
  expect((await signInWithPassword(t.db, { login: 'ops', password: 'a-long-password' })).ok).toBe(true);
  expect(await t.db.select().from(auditLog).where(eq(auditLog.action, 'setup.completed'))).toHaveLength(1);
});

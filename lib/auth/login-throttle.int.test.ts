import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { auditLog, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import { ACCOUNT_POLICY } from './login-throttle';
import { signInWithPassword } from './sign-in-with-password';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
  await createUser(t.db, { username: 'alice', name: 'Alice', password: 'alice-password' });
  await createUser(t.db, { username: 'bob', name: 'Bob', password: 'bob-password' });
});
afterAll(async () => {
  await t.drop();
});

test('an account is locked after N failures; the right password is then refused, other people sign in', async () => {
  const results = [];
  for (let i = 0; i < ACCOUNT_POLICY.lockAfter; i++) {
    results.push(
      await signInWithPassword(t.db, { login: 'alice', password: `guess-${i}`, ip: '203.0.113.9' }),
    );
  }
  // The first failures are free; then attempts are refused before the password is checked.
  expect(results.slice(0, ACCOUNT_POLICY.freeFailures).every((r) => !r.ok && r.reason === 'invalid')).toBe(
    true,
  );
  expect(results.at(-1)).toMatchObject({ ok: false, reason: 'throttled' });
  const locked = await signInWithPassword(t.db, {
    login: 'alice',
    password: 'alice-password',
    ip: '198.51.100.1',
  });
  expect(locked).toMatchObject({ ok: false, reason: 'throttled' });
  if (!locked.ok && locked.reason === 'throttled') {
    expect(locked.retryAt.getTime() - Date.now()).toBeGreaterThan(10 * 60_000);
  }

  // Another user on the same address is not affected (the address has its own, higher limit).
  const bob = await signInWithPassword(t.db, { login: 'bob', password: 'bob-password', ip: '203.0.113.9' });
  expect(bob.ok).toBe(true);

  const actions = await t.db.select({ action: auditLog.action, ip: auditLog.ip }).from(auditLog);
  expect(actions.filter((a) => a.action === 'auth.sign_in_failed').length).toBeGreaterThanOrEqual(
    ACCOUNT_POLICY.freeFailures,
  );
  expect(actions.filter((a) => a.action === 'auth.sign_in_blocked').length).toBeGreaterThan(0);
  expect(actions).toContainEqual({ action: 'auth.sign_in', ip: '203.0.113.9' });
});

test('a bcrypt hash from before the switch still signs in and is upgraded to scrypt', async () => {
  const bcrypt = (await import('bcryptjs')).default;
  await createUser(t.db, { username: 'carol', name: 'Carol' });
  await t.db
    .update(users)
    .set({ passwordHash: await bcrypt.hash('carol-password', 4) })
    .where(eq(users.username, 'carol'));
  expect((await signInWithPassword(t.db, { login: 'carol', password: 'carol-password' })).ok).toBe(true);
  const [carol] = await t.db
    .select({ hash: users.passwordHash })
    .from(users)
    .where(eq(users.username, 'carol'));
  expect(carol?.hash).toMatch(/^scrypt\$/);
  expect((await signInWithPassword(t.db, { login: 'carol', password: 'carol-password' })).ok).toBe(true);
});

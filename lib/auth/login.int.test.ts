import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '../people/create-user';
import { authenticateWithPassword } from './authenticate-with-password';
import { resolveDingTalkLogin } from './resolve-dingtalk-login';

let t: TestDatabase;
let aliceId: string;
beforeAll(async () => {
  t = await createTestDatabase();
  await createUser(t.db, {
    username: 'alice',
    email: 'alice@corp.cn',
    name: 'Alice',
    password: 'correct-horse',
    mobile: '13900000001',
  });
  await createUser(t.db, { username: 'bob', name: 'Bob', password: 'battery-staple' });
  const [alice] = await t.db.select().from(users).where(eq(users.username, 'alice'));
  aliceId = alice!.id;
});
afterAll(async () => {
  await t.drop();
});

test('password login by username or email, case-insensitive; wrong or unknown gives null', async () => {
  expect(await authenticateWithPassword(t.db, { login: 'alice', password: 'correct-horse' })).toEqual({
    userId: aliceId,
  });
  expect(
    await authenticateWithPassword(t.db, { login: ' ALICE@corp.cn ', password: 'correct-horse' }),
  ).toEqual({
    userId: aliceId,
  });
  expect(await authenticateWithPassword(t.db, { login: 'alice', password: 'battery-staple' })).toBeNull();
  expect(await authenticateWithPassword(t.db, { login: 'nobody', password: 'correct-horse' })).toBeNull();
  expect(await authenticateWithPassword(t.db, { login: 'alice', password: '' })).toBeNull();
});

test('a disabled account cannot sign in', async () => {
  await createUser(t.db, { username: 'carol', name: 'Carol', password: 'carol-password' });
  await t.db.update(users).set({ status: 'disabled' }).where(eq(users.username, 'carol'));
  expect(await authenticateWithPassword(t.db, { login: 'carol', password: 'carol-password' })).toBeNull();
});

test('DingTalk login maps through a linked identity first, then email or mobile; strangers get nothing', async () => {
  const [connector] = await t.db.insert(connectors).values({ kind: 'dingtalk', name: 'corp' }).returning();
  const [bob] = await t.db.select().from(users).where(eq(users.username, 'bob'));
  await t.db
    .insert(identities)
    .values({ connectorId: connector!.id, userId: bob!.id, externalUserId: 'bob01', unionId: 'union_bob' });

  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_bob' })).toEqual({ userId: bob!.id });
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_x', email: 'Alice@corp.cn' })).toEqual({
    userId: aliceId,
  });
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_y', mobile: '13900000001' })).toEqual({
    userId: aliceId,
  });
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_z', email: 'stranger@else.cn' })).toBeNull();
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_z' })).toBeNull();
});

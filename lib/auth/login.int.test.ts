import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createUser } from '@/lib/people/create-user';
import { findMatchingUser } from '@/lib/people/match-identity';
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

test('DingTalk login maps only through a recorded identity in a configured corp; email or mobile never link', async () => {
  const [connector] = await t.db
    .insert(connectors)
    .values({ kind: 'dingtalk', name: 'corp', corpId: 'ding-corp' })
    .returning();
  const [bob] = await t.db.select().from(users).where(eq(users.username, 'bob'));
  await t.db
    .insert(identities)
    .values({ connectorId: connector!.id, userId: bob!.id, externalUserId: 'bob01', unionId: 'union_bob' });

  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_bob' })).toEqual({ userId: bob!.id });
  // A DingTalk account carrying Alice's email or mobile does not get Alice's account.
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_x', email: 'Alice@corp.cn' })).toBeNull();
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_y', mobile: '13900000001' })).toBeNull();
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_z', email: 'stranger@else.cn' })).toBeNull();
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_z' })).toBeNull();
});

test("no automatic admin linking: neither a DingTalk login nor a directory identity with the admin's email", async () => {
  await createUser(t.db, {
    username: 'root',
    email: 'root@corp.cn',
    mobile: '13900000099',
    name: 'Root',
    password: 'root-password',
    role: 'admin',
  });
  expect(
    await resolveDingTalkLogin(t.db, { unionId: 'union_evil', email: 'root@corp.cn', mobile: '13900000099' }),
  ).toBeNull();
  const [corp] = await t.db
    .insert(connectors)
    .values({ kind: 'dingtalk', name: 'other corp', corpId: 'ding-other' })
    .returning();
  const match = await findMatchingUser(t.db, {
    id: '00000000-0000-4000-8000-000000000001',
    connectorId: corp!.id,
    externalUserId: 'evil',
    unionId: 'union_evil',
    email: 'root@corp.cn',
    mobile: '13900000099',
    jobNumber: null,
  });
  expect(match).toBeNull();
});

test('a unionId recorded only under a connector without a corp does not sign in', async () => {
  const [api] = await t.db.insert(connectors).values({ kind: 'api', name: 'erp' }).returning();
  const [carol] = await t.db.select().from(users).where(eq(users.username, 'bob'));
  await t.db
    .insert(identities)
    .values({ connectorId: api!.id, userId: carol!.id, externalUserId: 'x1', unionId: 'union_api_only' });
  expect(await resolveDingTalkLogin(t.db, { unionId: 'union_api_only' })).toBeNull();
});

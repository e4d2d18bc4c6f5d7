import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createUsers } from '@/lib/testing/factories';
import { countInbox } from './count-inbox';
import { listInbox } from './list-inbox';

let t: TestDatabase;
let ids: Record<string, string>;
const viewer = (u: string) => ({ userId: ids[u]!, name: u, isAdmin: false });

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'alice', name: 'Alice' },
    { username: 'bob', name: 'Bob' },
    { username: 'carol', name: 'Carol' },
  ]);
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name: 'src' }).returning();
  await t.db
    .insert(identities)
    .values(
      ['alice', 'bob', 'carol'].map((u) => ({ connectorId: c!.id, externalUserId: u, userId: ids[u]! })),
    );
  // 25 instances by alice, each with a pending approval for bob and a cc for carol.
  for (let i = 0; i < 25; i++) {
    const at = new Date(Date.UTC(2026, 10, 20, 8, i));
    await applySnapshot(t.db, {
      connectorId: c!.id,
      source: 'api',
      snapshot: {
        externalId: `inst-${i}`,
        title: `差旅报销申请 #${i}`,
        originator: { externalUserId: 'alice', name: 'Alice' },
        status: 'running',
        createdAt: at,
        sourceUpdatedAt: at,
        taskScope: 'full',
        tasks: [
          {
            externalTaskId: `t${i}`,
            kind: 'approval',
            assigneeExternalId: 'bob',
            status: i < 20 ? 'pending' : 'done',
            result: i < 20 ? null : 'agree',
            receivedAt: at,
          },
          {
            externalTaskId: `cc:${i}`,
            kind: 'cc',
            assigneeExternalId: 'carol',
            status: 'done',
            receivedAt: at,
          },
        ],
      },
    });
  }
});
afterAll(async () => {
  await t.drop();
});

test('each view shows the viewer only their own items, newest first, paged by cursor', async () => {
  const first = await listInbox(t.db, viewer('bob'), { view: 'pending', limit: 15 });
  expect(first.items).toHaveLength(15);
  expect(first.items[0]?.title).toBe('差旅报销申请 #19');
  const second = await listInbox(t.db, viewer('bob'), {
    view: 'pending',
    limit: 15,
    cursor: first.nextCursor!,
  });
  expect(second.items.map((r) => r.title)).toEqual([4, 3, 2, 1, 0].map((i) => `差旅报销申请 #${i}`));
  expect(second.nextCursor).toBeNull();
  expect((await listInbox(t.db, viewer('bob'), { view: 'done' })).items).toHaveLength(5);
  expect((await listInbox(t.db, viewer('carol'), { view: 'cc', limit: 100 })).items).toHaveLength(25);
  expect((await listInbox(t.db, viewer('alice'), { view: 'initiated', limit: 100 })).items).toHaveLength(25);
  expect(await countInbox(t.db, viewer('bob'))).toEqual({ pending: 20, ccUnread: 0, overdue: 0 });
  expect(await countInbox(t.db, viewer('carol'))).toEqual({ pending: 0, ccUnread: 25, overdue: 0 });
});

test("a second user cannot see someone else's tasks in any view", async () => {
  for (const view of ['pending', 'done', 'initiated'] as const) {
    expect((await listInbox(t.db, viewer('carol'), { view, limit: 100 })).items).toHaveLength(0);
  }
  expect((await listInbox(t.db, viewer('alice'), { view: 'pending' })).items).toHaveLength(0);
  expect((await listInbox(t.db, viewer('bob'), { view: 'cc' })).items).toHaveLength(0);
  expect((await listInbox(t.db, viewer('bob'), { view: 'initiated' })).items).toHaveLength(0);
});

test('an acted task leaves 待我处理 at once and shows under 我已处理', async () => {
  const [one] = (await listInbox(t.db, viewer('bob'), { view: 'pending', limit: 1 })).items;
  await t.db.update(tasks).set({ actedAt: new Date() }).where(eq(tasks.id, one!.id));
  const pending = await listInbox(t.db, viewer('bob'), { view: 'pending', limit: 100 });
  expect(pending.items.map((r) => r.id)).not.toContain(one!.id);
  const done = await listInbox(t.db, viewer('bob'), { view: 'done', limit: 100 });
  expect(done.items.find((r) => r.id === one!.id)?.status).toBe('acted');
});

test('a garbage cursor is a 400, not a 500', async () => {
  await expect(
    listInbox(t.db, viewer('bob'), { view: 'pending', cursor: 'not-a-cursor' }),
  ).rejects.toMatchObject({ code: 'bad_request' });
});

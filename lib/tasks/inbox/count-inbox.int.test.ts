import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createUsers } from '@/lib/testing/factories';
import { countInbox, countInboxQuery } from './count-inbox';
import { listInbox } from './list-inbox';

let t: TestDatabase;
let ids: Record<string, string>;
const viewer = (u: string) => ({ userId: ids[u]!, name: u, isAdmin: false });
const NOW = new Date(Date.UTC(2026, 10, 25, 8));

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'alice', name: 'Alice' },
    { username: 'bob', name: 'Bob' },
  ]);
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name: 'src' }).returning();
  await t.db
    .insert(identities)
    .values(['alice', 'bob'].map((u) => ({ connectorId: c!.id, externalUserId: u, userId: ids[u]! })));
  // 12 instances, each with an approval and a cc for bob: approvals 0–7 pending (0–2 overdue, 3 due later,
  // 7 acted on from Huiban), 8–11 done; cc items 0–5 read, 6–11 unread.
  for (let i = 0; i < 12; i++) {
    const at = new Date(Date.UTC(2026, 10, 20, 8, i));
    await applySnapshot(t.db, {
      connectorId: c!.id,
      source: 'api',
      snapshot: {
        externalId: `inst-${i}`,
        title: `采购申请 #${i}`,
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
            status: i < 8 ? 'pending' : 'done',
            result: i < 8 ? null : 'agree',
            receivedAt: at,
          },
          {
            externalTaskId: `cc:${i}`,
            kind: 'cc',
            assigneeExternalId: 'bob',
            status: 'done',
            receivedAt: at,
          },
        ],
      },
    });
  }
  const approval = (i: number) => and(eq(tasks.externalTaskId, `t${i}`), eq(tasks.kind, 'approval'));
  for (const i of [0, 1, 2])
    await t.db
      .update(tasks)
      .set({ dueAt: new Date(Date.UTC(2026, 10, 21)) })
      .where(approval(i));
  await t.db
    .update(tasks)
    .set({ dueAt: new Date(Date.UTC(2026, 11, 30)) })
    .where(approval(3));
  await t.db.update(tasks).set({ actedAt: NOW }).where(approval(7));
  for (let i = 0; i < 6; i++)
    await t.db
      .update(tasks)
      .set({ readAt: NOW })
      .where(and(eq(tasks.externalTaskId, `cc:${i}`), eq(tasks.kind, 'cc')));
});
afterAll(async () => {
  await t.drop();
});

test('the badges count pending approvals not acted on, unread cc items and overdue pending approvals', async () => {
  expect(await countInbox(t.db, viewer('bob'), NOW)).toEqual({ pending: 7, ccUnread: 6, overdue: 3 });
  // The badge agrees with the list it counts.
  const pending = await listInbox(t.db, viewer('bob'), { view: 'pending', limit: 100, now: NOW });
  expect(pending.items).toHaveLength(7);
  expect(pending.items.filter((r) => r.isOverdue)).toHaveLength(3);
  const unread = await listInbox(t.db, viewer('bob'), { view: 'cc', limit: 100, filters: { unread: true } });
  expect(unread.items).toHaveLength(6);
  expect(await countInbox(t.db, viewer('alice'), NOW)).toEqual({ pending: 0, ccUnread: 0, overdue: 0 });
});

test('the counts come from the partial index alone (no heap rows once the table is vacuumed)', async () => {
  await t.db.execute(sql`VACUUM ANALYZE tasks`);
  // A planner on a dozen rows would rather scan the table; forbid that, as a table of millions does by cost.
  const query = countInboxQuery(t.db, viewer('bob'), NOW).toSQL();
  const plan = await t.db.$client.begin(async (tx) => {
    await tx`SET LOCAL enable_seqscan = off`;
    await tx`SET LOCAL enable_bitmapscan = off`;
    const rows = await tx.unsafe(`EXPLAIN ${query.sql}`, query.params as string[]);
    return rows.map((r) => String(r['QUERY PLAN'])).join('\n');
  });
  expect(plan).toMatch(/Index Only Scan using tasks_inbox_counts_idx/);
});

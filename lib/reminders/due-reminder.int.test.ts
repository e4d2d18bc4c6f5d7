import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, slaEscalations, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { scanSlaEscalations } from '@/lib/sla/escalation/scan-sla-escalations';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';

/**
 * The reminder before due for a task whose due time came from its source and whose process has no SLA (docs/sla.md,
 * docs/reminders.md): the SLA scan reminds the approver at DUE_REMINDER_PERCENT (default 80 %) of the working time
 * from arrival to due, once, like a process SLA's reminder.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
const at = (local: string) => new Date(`${local}:00+08:00`);

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(t.db, [{ username: 'li', name: '李四', email: 'li@t.example' }]);
  const { id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
    config: { agentId: TEST_APP.agentId },
  });
  const [api] = await t.db
    .insert(connectors)
    .values({ kind: 'api', name: 'OA', config: {} })
    .returning({ id: connectors.id });
  await t.db.insert(identities).values([
    { connectorId: dingtalkId, externalUserId: 'u2', userId: ids.li, name: '李四', matchedBy: 'email' },
    { connectorId: api!.id, externalUserId: 'li', userId: ids.li, name: '李四', matchedBy: 'email' },
  ]);
  // Monday 2026-12-07 09:00 → due 17:00 the same day (sent by the source; the process has no SLA).
  await applySnapshot(t.db, {
    connectorId: api!.id,
    source: 'api',
    snapshot: {
      externalId: 'po-due',
      processCode: 'po',
      title: '采购单',
      status: 'running',
      createdAt: at('2026-12-07T09:00'),
      sourceUpdatedAt: at('2026-12-07T09:00'),
      taskScope: 'full',
      tasks: [
        {
          externalTaskId: 't1',
          kind: 'approval',
          assigneeExternalId: 'li',
          status: 'pending',
          receivedAt: at('2026-12-07T09:00'),
          dueAt: at('2026-12-07T17:00'),
        },
      ],
    },
  });
  // The arrival Huiban counts from is when it received the task: pinned to the source's time for the arithmetic.
  await t.db
    .update(tasks)
    .set({ receivedAt: at('2026-12-07T09:00') })
    .where(eq(tasks.dueSource, 'source'));
});

afterAll(async () => {
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
  await sandbox?.close();
});

test('a source-given due time without a process SLA: reminded at 80 % of the working time, once', async () => {
  // 09:00–17:00 less lunch is 7 working hours; 80 % is 5 h 36 min: 15:36.
  expect((await scanSlaEscalations(t.db, { now: at('2026-12-07T15:30') })).claimed).toBe(0);
  const both = await Promise.all([
    scanSlaEscalations(t.db, { now: at('2026-12-07T15:40') }),
    scanSlaEscalations(t.db, { now: at('2026-12-07T15:40') }),
  ]);
  expect(both.map((r) => r.claimed).sort()).toEqual([0, 1]);
  // Overdue: no manager notice (the default asks only for the reminder), nothing more.
  expect((await scanSlaEscalations(t.db, { now: at('2026-12-07T17:30') })).claimed).toBe(0);
  expect(sandbox.control.notices({ userId: 'u2' })).toHaveLength(1);
  const steps = await t.db.select().from(slaEscalations);
  expect(steps.map((s) => [s.stage, s.status, s.recipientUserId])).toEqual([['remind', 'sent', ids.li]]);
  expect((await t.db.select().from(tasks).where(eq(tasks.dueSource, 'source'))).length).toBe(1);
});

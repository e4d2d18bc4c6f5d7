import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundEvents, processInstances, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { processInboundEvents } from '@/lib/sync/process-inbound-events';
import { reconcileConnector } from '@/lib/sync/reconcile-connector';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';

let sandbox: RunningSandbox;
let t: TestDatabase;
let connectorId: string;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
    config: { processCodes: [TEST_PROCESS_CODE] },
  }));
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

async function nodeNames(externalId: string) {
  const rows = await t.db
    .select({ assignee: tasks.assigneeExternalId, nodeName: tasks.nodeName })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, externalId)));
  return rows.map((r) => `${r.assignee}:${r.nodeName}`);
}

test('a task nobody has acted on yet is named by its event’s activityName, and a later re-fetch keeps the name', async () => {
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'], name: '部门主管' }],
  });
  const id = processInstanceId as string;
  // The instance detail names the pending task's node nowhere (no record on its activity yet).
  const detail = sandbox.control.getInstance(id) as { tasks: Record<string, unknown>[] };
  expect(detail.tasks[0]?.taskGroupName).toBeUndefined();

  const started = sandbox.control
    .events({ eventType: 'bpms_task_change', processInstanceId: id })
    .find((e) => e.data.type === 'start');
  expect(started?.data.activityName).toBe('部门主管');
  const [row] = await t.db
    .insert(inboundEvents)
    .values({
      connectorId,
      sourceEventId: started?.eventId ?? 'missing',
      type: 'bpms_task_change',
      instanceExternalId: id,
      payload: started?.data ?? {},
    })
    .returning({ id: inboundEvents.id });
  const outcome = await processInboundEvents(
    t.db,
    { connectorId, instanceExternalId: id, inboundEventId: row!.id },
    { log, isFinalAttempt: true },
  );
  expect(outcome).toBe('applied');
  expect(await nodeNames(id)).toEqual(['u2:部门主管']);

  // Reconciliation re-fetches without events: the name stays until the source gives one of its own.
  await reconcileConnector(t.db, connectorId, { log });
  expect(await nodeNames(id)).toEqual(['u2:部门主管']);
});

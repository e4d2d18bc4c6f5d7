import { eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  connectors,
  inboundEvents,
  processInstances,
  processLogs,
  processSettings,
  reconciliationRunConnectors,
  reconciliationRuns,
  tasks,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { reconcileConnector } from './reconcile-connector';
import { runReconciliation } from './reconcile-run';

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
  }));
  await t.db
    .update(connectors)
    .set({
      config: {
        clientId: TEST_APP.clientId,
        apiBase: sandbox.url,
        oapiBase: sandbox.url,
        processCodes: [TEST_PROCESS_CODE],
      },
    })
    .where(eq(connectors.id, connectorId));
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

function start() {
  return sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
  }).processInstanceId as string;
}

async function statusOf(externalId: string) {
  const [row] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, externalId));
  if (!row) return null;
  const items = await t.db.select().from(tasks).where(eq(tasks.instanceId, row.id));
  return { status: row.status, tasks: items.map((x) => `${x.assigneeExternalId}:${x.status}`) };
}

test('events that never arrived: missed creates and missed completions are repaired, and the run is recorded', async () => {
  // No Stream client and no callback: every event of these instances is lost to Huiban.
  const missed = start();
  const summary = await reconcileConnector(t.db, connectorId, { log });
  expect(summary).toMatchObject({ missedCreated: 1, errors: 0 });
  expect(await statusOf(missed)).toEqual({ status: 'running', tasks: ['u2:pending'] });

  sandbox.control.act(missed, { userId: 'u2', action: 'agree' });
  const second = await reconcileConnector(t.db, connectorId, { log });
  expect(second).toMatchObject({ openChecked: 1, missedCreated: 0 });
  expect(await statusOf(missed)).toEqual({ status: 'completed', tasks: ['u2:done'] });

  const [connector] = await t.db.select().from(connectors).where(eq(connectors.id, connectorId));
  expect(connector?.health.lastReconcile).toMatchObject({ openChecked: 1 });
  expect(connector?.health.lastReconcileAt).toBeTruthy();

  // A third run finds nothing to do: no open instances, nothing missed.
  expect(await reconcileConnector(t.db, connectorId, { log })).toMatchObject({
    openChecked: 0,
    missedCreated: 0,
  });
});

test('stored events whose job was lost are queued again', async () => {
  await t.db.insert(inboundEvents).values({
    connectorId,
    sourceEventId: 'lost-1',
    type: 'bpms_task_change',
    instanceExternalId: 'x-1',
    payload: {},
    receivedAt: new Date(Date.now() - 10 * 60_000),
  });
  const summary = await reconcileConnector(t.db, connectorId, { log });
  expect(summary.stuckEventsRequeued).toBe(1);
});

test('with no process codes configured ("all processes"), the codes Huiban has seen are listed; excluded ones are not', async () => {
  await t.db
    .update(connectors)
    .set({ config: { clientId: TEST_APP.clientId, apiBase: sandbox.url, oapiBase: sandbox.url } })
    .where(eq(connectors.id, connectorId));
  // TEST_PROCESS_CODE instances were seen above; every event of this one is lost (or dead-lettered).
  const missed = start();
  expect(await reconcileConnector(t.db, connectorId, { log })).toMatchObject({ missedCreated: 1, errors: 0 });
  expect(await statusOf(missed)).toEqual({ status: 'running', tasks: ['u2:pending'] });

  // The mapping excludes the process: reconciliation does not pull its instances in either.
  await t.db.insert(processSettings).values({ connectorId, processCode: TEST_PROCESS_CODE, included: false });
  const excluded = start();
  expect(await reconcileConnector(t.db, connectorId, { log })).toMatchObject({ missedCreated: 0 });
  expect(await statusOf(excluded)).toBeNull();
});

test('an instance deleted at the source is ended after one run: pending items cancelled, 来源已删除 in the timeline, the run stored', async () => {
  await t.db
    .update(connectors)
    .set({
      config: {
        clientId: TEST_APP.clientId,
        apiBase: sandbox.url,
        oapiBase: sandbox.url,
        processCodes: [TEST_PROCESS_CODE],
      },
    })
    .where(eq(connectors.id, connectorId));
  await t.db.delete(processSettings).where(eq(processSettings.connectorId, connectorId));
  const doomed = start();
  await reconcileConnector(t.db, connectorId, { log });
  expect(await statusOf(doomed)).toEqual({ status: 'running', tasks: ['u2:pending'] });

  sandbox.control.deleteInstance(doomed);
  const run = await runReconciliation(
    t.db,
    { connectorIds: [connectorId], trigger: 'manual' },
    { log, orphanRecheckMs: 0 },
  );
  expect(run.connectors[connectorId]).toMatchObject({ goneAtSource: 1, orphanedClosed: 1, errors: 0 });
  expect(await statusOf(doomed)).toEqual({ status: 'deleted', tasks: ['u2:cancelled'] });
  const [instance] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.externalId, doomed));
  const timeline = await t.db.select().from(processLogs).where(eq(processLogs.instanceId, instance!.id));
  expect(timeline.map((l) => l.action)).toContain('source_deleted');

  const [stored] = await t.db
    .select()
    .from(reconciliationRunConnectors)
    .where(eq(reconciliationRunConnectors.runId, run.runId));
  expect(stored).toMatchObject({ connectorId, orphanedClosed: 1 });
  expect(stored?.findings).toContainEqual({ kind: 'orphaned', externalId: doomed, instanceId: instance!.id });
  const [header] = await t.db.select().from(reconciliationRuns).where(eq(reconciliationRuns.id, run.runId));
  expect(header?.finishedAt).toBeTruthy();

  // Closed once: the next run has nothing left to check for it.
  const again = await reconcileConnector(t.db, connectorId, { log, orphanRecheckMs: 0 });
  expect(again).toMatchObject({ orphanedClosed: 0, goneAtSource: 0 });
});

test('an instance the source answers "not found" for only once is checked again and left running', async () => {
  const flaky = start();
  await reconcileConnector(t.db, connectorId, { log });
  sandbox.control.failNextCalls({ kind: 'not_found', count: 1, api: '/v1.0/workflow/processInstances' });
  const summary = await reconcileConnector(t.db, connectorId, { log, orphanRecheckMs: 0 });
  expect(summary).toMatchObject({ goneAtSource: 0, orphanedClosed: 0 });
  expect(await statusOf(flaky)).toEqual({ status: 'running', tasks: ['u2:pending'] });
});

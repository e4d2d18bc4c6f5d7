import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { inboundEvents, processInstances, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { BOSS_SCHEMA } from '@/lib/jobs/boss';
import { sendJob } from '@/lib/jobs/send-job';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { processInboundBatch } from './process-inbound-batch';

let sandbox: RunningSandbox;
let t: TestDatabase;
let connectorId: string;
let worker: RunningWorker | undefined;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
  }));
});
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
  sandbox.control.clearFaults();
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

function startInstance(approver: string): string {
  return String(
    sandbox.control.startInstance({
      processCode: TEST_PROCESS_CODE,
      originatorUserId: 'u1',
      approvers: [{ actionType: 'NONE', userIds: [approver] }],
    }).processInstanceId,
  );
}

/** Stores one bpms_task_change event of the instance, as the ack path does; returns its row id. */
async function storeEvent(instanceId: string): Promise<string> {
  const [row] = await t.db
    .insert(inboundEvents)
    .values({
      connectorId,
      sourceEventId: randomUUID(),
      type: 'bpms_task_change',
      instanceExternalId: instanceId,
      payload: { processInstanceId: instanceId, processCode: TEST_PROCESS_CODE, type: 'start' },
    })
    .returning({ id: inboundEvents.id });
  return row!.id;
}

async function eventStatuses(instanceId: string) {
  const rows = await t.db
    .select({ status: inboundEvents.status })
    .from(inboundEvents)
    .where(and(eq(inboundEvents.connectorId, connectorId), eq(inboundEvents.instanceExternalId, instanceId)));
  return rows.map((r) => r.status);
}

async function pendingAssignees(instanceId: string) {
  const rows = await t.db
    .select({ assignee: tasks.assigneeExternalId })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(
        eq(processInstances.connectorId, connectorId),
        eq(processInstances.externalId, instanceId),
        eq(tasks.status, 'pending'),
      ),
    );
  return rows.map((r) => r.assignee);
}

test('a batch with two jobs of one instance fetches that instance once, and each instance of the batch is applied', async () => {
  const a = startInstance('u2');
  const b = startInstance('u3');
  const jobs = [];
  for (const instance of [a, a, b]) {
    const eventId = await storeEvent(instance);
    jobs.push({
      id: randomUUID(),
      input: { connectorId, instanceExternalId: instance, inboundEventId: eventId },
      isFinalAttempt: false,
      retriesLeft: 6,
    });
  }
  sandbox.control.resetApiCalls();

  const { failures, outcomes } = await processInboundBatch(t.db, jobs, { log });

  expect(failures).toEqual([]);
  expect(outcomes).toEqual(['applied', 'applied']);
  // 1.00 API calls per change: the two events of `a` share one fetch.
  expect(sandbox.control.apiCalls().byInstance).toEqual({ [a]: 1, [b]: 1 });
  expect(await eventStatuses(a)).toEqual(['processed', 'processed']);
  expect(await eventStatuses(b)).toEqual(['processed']);
  expect(await pendingAssignees(a)).toEqual(['u2']);
  expect(await pendingAssignees(b)).toEqual(['u3']);

  // Idempotent: the same batch again finds nothing open and calls nobody.
  const again = await processInboundBatch(t.db, jobs, { log });
  expect(again).toEqual({ failures: [], outcomes: ['nothing-to-do', 'nothing-to-do'] });
  expect(sandbox.control.apiCalls().byInstance).toEqual({ [a]: 1, [b]: 1 });
});

type JobRow = { id: string; state: string; instance: string; retry_count: number };

test('in the worker, a failing instance of a batch retries only itself; the rest of the batch completes', async () => {
  const a = startInstance('u4');
  const b = startInstance('u5');
  // Three jobs committed together, so one consumer fetches them as one batch.
  await t.db.transaction(async (tx) => {
    for (const instance of [a, a, b]) {
      const [row] = await tx
        .insert(inboundEvents)
        .values({
          connectorId,
          sourceEventId: randomUUID(),
          type: 'bpms_task_change',
          instanceExternalId: instance,
          payload: { processInstanceId: instance, processCode: TEST_PROCESS_CODE, type: 'start' },
        })
        .returning({ id: inboundEvents.id });
      await sendJob(tx, 'process-inbound-events', {
        connectorId,
        instanceExternalId: instance,
        inboundEventId: row!.id,
      });
    }
  });
  // The first instance fetch of the batch answers 5xx (which of the two instances comes first is the worker's).
  sandbox.control.failNextCalls({ kind: '5xx', count: 1, apiExact: 'GET /v1.0/workflow/processInstances' });

  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });

  const jobsOf = async () =>
    (await t.db.execute(
      sql.raw(`SELECT id, state, data->>'instanceExternalId' AS instance, retry_count FROM ${BOSS_SCHEMA}.job
        WHERE name = 'process-inbound-events' AND data->>'instanceExternalId' IN ('${a}', '${b}')`),
    )) as unknown as JobRow[];
  await expect
    .poll(async () => (await jobsOf()).filter((j) => j.state === 'created' || j.state === 'active').length, {
      timeout: 30_000,
    })
    .toBe(0);
  const jobs = await jobsOf();
  const retried = jobs.filter((j) => j.state === 'retry');
  expect(retried).toHaveLength(1);
  const failed = retried[0]!.instance;
  const healthy = failed === a ? b : a;
  // Every other job of the batch completed: the failed instance's second job (if it had one) too, its events
  // being carried by the retried job.
  expect(jobs.filter((j) => j.id !== retried[0]!.id).map((j) => j.state)).toEqual(
    jobs.filter((j) => j.id !== retried[0]!.id).map(() => 'completed'),
  );
  expect(new Set(await eventStatuses(failed))).toEqual(new Set(['failed']));
  expect(new Set(await eventStatuses(healthy))).toEqual(new Set(['processed']));
  expect(await pendingAssignees(healthy)).toEqual([healthy === a ? 'u4' : 'u5']);

  // The retry (pg-boss backoff, ~10–20 s) applies the failed instance with all its events.
  await expect
    .poll(async () => new Set(await eventStatuses(failed)), { timeout: 90_000, interval: 1_000 })
    .toEqual(new Set(['processed']));
  expect(await pendingAssignees(failed)).toEqual([failed === a ? 'u4' : 'u5']);
  const rows = await t.db
    .select({ id: inboundEvents.id })
    .from(inboundEvents)
    .where(and(inArray(inboundEvents.instanceExternalId, [a, b]), eq(inboundEvents.status, 'processed')));
  expect(rows).toHaveLength(3);
}, 120_000);

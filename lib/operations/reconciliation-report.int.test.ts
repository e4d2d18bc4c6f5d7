import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { runReconciliation } from '@/lib/sync/reconcile-run';
import { createDingTalkConnector, createYidaConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import {
  minimalScenario,
  TEST_APP,
  TEST_CORP_ID,
  TEST_PROCESS_CODE,
  TEST_YIDA,
} from '@/sandbox/scenarios/minimal';
import { getConnectorSyncHealth } from './get-sync-health';
import { listReconciliationRunsAsAdmin } from './list-reconciliation-runs';

let sandbox: RunningSandbox;
let t: TestDatabase;
let dingtalkId: string;
let pushOnlyId: string;
const log = pino({ level: 'silent' });
const admin: Viewer = { userId: '00000000-0000-4000-8000-000000000001', name: 'Admin', isAdmin: true };

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    deliveryMode: 'http',
    config: { processCodes: [TEST_PROCESS_CODE] },
  }));
  ({ id: pushOnlyId } = await createYidaConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
    config: { oapiBase: sandbox.url, snapshotSource: 'push' },
  }));
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

test('runs are stored and listed with the instances they touched; drift above the threshold degrades the connector', async () => {
  const before = await getConnectorSyncHealth(t.db, { connectorId: dingtalkId });
  expect(before[0]).toMatchObject({ drift: null, canReconcile: true });

  // Every event of this instance is lost: the run creates it, one repair of one instance looked at.
  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
  });
  const run = await runReconciliation(
    t.db,
    { connectorIds: [dingtalkId, pushOnlyId], trigger: 'schedule' },
    { log, orphanRecheckMs: 0 },
  );

  const report = await listReconciliationRunsAsAdmin(t.db, admin);
  expect(report.runs[0]?.id).toBe(run.runId);
  const part = report.runs[0]?.connectors.find((c) => c.connectorId === dingtalkId);
  expect(part).toMatchObject({ missedCreated: 1, orphanedClosed: 0, errors: 0, skipped: null });
  expect(part?.findings).toEqual([
    { kind: 'missed', externalId: processInstanceId, instanceId: expect.any(String) },
  ]);
  // The push-only connector is in the run, marked as one that cannot be reconciled.
  expect(report.runs[0]?.connectors.find((c) => c.connectorId === pushOnlyId)?.skipped).toBe(
    'cannot_reconcile',
  );
  expect(report.trend).toHaveLength(14);
  expect(report.trend.at(-1)).toMatchObject({ missed: 1, looked: 1 });

  const [health] = await getConnectorSyncHealth(t.db, { connectorId: dingtalkId });
  expect(health?.drift).toMatchObject({ looked: 1, repaired: 1, rate: 1 });
  expect(health?.status).toBe('degraded');
  expect(health?.reasons).toContain('drift_high');

  // The next run finds nothing to repair: the drift rate drops and the connector is no longer degraded by it.
  await runReconciliation(t.db, { connectorIds: [dingtalkId], trigger: 'schedule' }, { log });
  const [after] = await getConnectorSyncHealth(t.db, { connectorId: dingtalkId });
  expect(after?.drift).toMatchObject({ looked: 1, repaired: 0, rate: 0 });
  expect(after?.reasons).not.toContain('drift_high');
});

test('a push-only Yida connector says it cannot be reconciled', async () => {
  const [health] = await getConnectorSyncHealth(t.db, { connectorId: pushOnlyId });
  expect(health?.canReconcile).toBe(false);
});

test('the drift report is for admins only', async () => {
  await expect(
    listReconciliationRunsAsAdmin(t.db, { userId: admin.userId, name: 'someone', isAdmin: false }),
  ).rejects.toMatchObject({ code: 'forbidden' });
});

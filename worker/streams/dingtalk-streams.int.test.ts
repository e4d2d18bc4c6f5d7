import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { connectors, inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';
import { type DingTalkStreams, startDingTalkStreams } from './dingtalk-streams';

let sandbox: RunningSandbox;
let t: TestDatabase;
let connectorId: string;
let streams: DingTalkStreams | undefined;

beforeAll(async () => {
  sandbox = await startSandbox();
  t = await createTestDatabase();
});

afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

beforeEach(async () => {
  sandbox.control.reset(minimalScenario(), { streamPingIntervalMs: 0, streamDisconnectGraceMs: 5000 });
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
});

afterEach(async () => {
  await streams?.stop();
  streams = undefined;
  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, connectorId));
});

// Fast backoff; random 0.5 makes the jitter zero so the delays are exact.
const start = () =>
  startDingTalkStreams(t.db, log.child({ test: 'streams' }), {
    reconnect: { initialDelayMs: 50, multiplier: 2, maxDelayMs: 1000, stableAfterMs: 60_000 },
    random: () => 0.5,
  });

async function health() {
  const [row] = await t.db
    .select({ health: connectors.health })
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  return row!.health;
}

async function storedEvents(processInstanceId: string) {
  const rows = await t.db
    .select({ type: inboundEvents.type })
    .from(inboundEvents)
    .where(
      and(
        eq(inboundEvents.connectorId, connectorId),
        eq(inboundEvents.instanceExternalId, processInstanceId),
      ),
    );
  return rows.map((r) => r.type);
}

test('while the gateway fails, health shows the backoff; after it recovers the event sent meanwhile is stored and health says connected', async () => {
  sandbox.control.failNextCalls({ kind: '503', count: 3, api: 'connections/open' });
  streams = start();
  await streams.refresh(); // the first attempt fails; the client retries on its own
  await expect
    .poll(async () => (await health()).stream?.lastError, { timeout: 5000 })
    .toBe('DingTalk Stream gateway answered HTTP 503');
  expect((await health()).streamState).not.toBe('connected');

  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '网络中断期间' },
  });
  const id = String(processInstanceId);
  await waitFor(() => streams?.status(connectorId)?.state === 'connected', 5000);
  expect(streams.status(connectorId)).toMatchObject({ reconnectAttempts: 3, lastDelayMs: 200 });

  // Nothing lost: both events were stored (and only then acked SUCCESS).
  await expect
    .poll(async () => (await storedEvents(id)).sort(), { timeout: 5000 })
    .toEqual(['bpms_instance_change', 'bpms_task_change']);
  await sandbox.control.waitForIdle();
  expect(sandbox.control.streamAcks().map((a) => a.status)).toEqual(['SUCCESS', 'SUCCESS']);

  await expect.poll(async () => (await health()).streamState, { timeout: 5000 }).toBe('connected');
  const h = await health();
  expect(h.stream).toMatchObject({
    reconnectAttempts: 3,
    lastError: 'DingTalk Stream gateway answered HTTP 503',
    nextRetryAt: null,
  });
  expect(Date.parse(h.stream!.connectedSince!)).toBeLessThanOrEqual(Date.now());
});

test('a gateway disconnect shows in health, and the connector reconnects and keeps storing events', async () => {
  streams = start();
  await streams.refresh();
  await expect.poll(async () => (await health()).streamState, { timeout: 5000 }).toBe('connected');
  expect((await health()).stream?.reconnectAttempts).toBe(0);

  sandbox.control.disconnectStream({ clientId: TEST_APP.clientId, reason: 'connection is expired' });
  await waitFor(
    () => sandbox.control.streamConnections().filter((c) => c.state === 'open').length === 1,
    5000,
  );
  await waitFor(() => streams?.status(connectorId)?.state === 'connected', 5000);
  await expect.poll(health, { timeout: 5000 }).toMatchObject({
    streamState: 'connected',
    stream: { reconnectAttempts: 1, lastError: 'gateway sent disconnect: connection is expired' },
  });

  const { processInstanceId } = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '重连之后' },
  });
  await expect
    .poll(async () => (await storedEvents(String(processInstanceId))).length, { timeout: 5000 })
    .toBe(2);

  // Stopping the worker's streams leaves "disconnected" in health, not a stale "connected".
  await streams.stop();
  streams = undefined;
  expect((await health()).streamState).toBe('disconnected');
});

import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';
import {
  DingTalkStreamClient,
  type StreamAckOutcome,
  type StreamClientConfig,
  type StreamConnectionStatus,
  type StreamEvent,
} from './stream-client';

let sandbox: RunningSandbox;
const clients: DingTalkStreamClient[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.control.reset(minimalScenario(), {
    streamAckTimeoutMs: 1500,
    streamRedeliveryDelaysMs: [100, 100, 100],
    streamPingIntervalMs: 0,
  });
});

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

function client(options: Partial<StreamClientConfig> = {}): DingTalkStreamClient {
  const c = new DingTalkStreamClient({
    clientId: TEST_APP.clientId,
    clientSecret: TEST_APP.clientSecret,
    apiBase: sandbox.url,
    oapiBase: sandbox.url,
    ua: 'huiban-test',
    ...options,
  });
  clients.push(c);
  return c;
}

function startApproval(): string {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '显示器' },
  });
  return String(started.processInstanceId);
}

test('the official SDK connects through the configured gateway, receives events and acks SUCCESS after the handler resolves', async () => {
  const c = client();
  const received: StreamEvent[] = [];
  const acks: StreamAckOutcome[] = [];
  c.onAck((a) => acks.push(a));
  c.onStreamEvent(async (event) => {
    // A slow "commit": the ack must wait for it.
    await new Promise((r) => setTimeout(r, 200));
    received.push(event);
  });
  await c.connect();
  await c.waitUntilConnected();
  expect(await c.getAccessToken()).toMatch(/^[0-9a-f]{32}$/);

  const id = startApproval();
  await waitFor(() => acks.length >= 2);
  await sandbox.control.waitForIdle();

  expect(received.map((e) => [e.eventType, (e.data as { type: string }).type])).toEqual([
    ['bpms_instance_change', 'start'],
    ['bpms_task_change', 'start'],
  ]);
  const first = received[0]!;
  expect(first.eventCorpId).toBe('dingtestcorp0001');
  expect(first.eventId).toMatch(/^[0-9a-f]{32}$/);
  expect((first.data as { processInstanceId: string }).processInstanceId).toBe(id);
  expect(typeof first.eventBornTime).toBe('number');

  const serverAcks = sandbox.control.streamAcks();
  expect(serverAcks.map((a) => [a.eventId, a.code, a.status, a.accepted])).toEqual(
    received.map((e) => [e.eventId, 200, 'SUCCESS', true]),
  );
  // The ack went out only after the handler's 200 ms.
  const deliveries = sandbox.control.streamDeliveries();
  for (const d of deliveries) {
    expect(d.outcome).toBe('success');
    expect((d.ackedAt ?? 0) - d.sentAt).toBeGreaterThanOrEqual(190);
  }
  expect(sandbox.control.streamConnections()[0]).toMatchObject({
    clientId: TEST_APP.clientId,
    ua: 'huiban-test',
    state: 'open',
  });
  expect(c.state()).toMatchObject({ connected: true, eventsReceived: 2, acksSent: 2, acksLost: 0 });
});

test('a rejected handler acks LATER and the event is redelivered with the same eventId', async () => {
  const c = client();
  const seen: StreamEvent[] = [];
  let failures = 0;
  c.onStreamEvent(async (event) => {
    seen.push(event);
    if (event.eventType === 'bpms_instance_change' && failures < 2) {
      failures += 1;
      throw new Error('db unavailable');
    }
  });
  await c.connect();
  await c.waitUntilConnected();
  startApproval();
  await waitFor(() => seen.filter((e) => e.eventType === 'bpms_instance_change').length === 3, 5000);
  await sandbox.control.waitForIdle();

  const instanceEvents = seen.filter((e) => e.eventType === 'bpms_instance_change');
  expect(new Set(instanceEvents.map((e) => e.eventId)).size).toBe(1);
  expect(new Set(instanceEvents.map((e) => e.messageId)).size).toBe(3); // a fresh messageId per delivery
  const acks = sandbox.control.streamAcks().filter((a) => a.eventId === instanceEvents[0]!.eventId);
  expect(acks.map((a) => a.status)).toEqual(['LATER', 'LATER', 'SUCCESS']);
  expect(JSON.parse(JSON.parse(acks[0]!.raw).data)).toEqual({ status: 'LATER', message: 'db unavailable' });
});

test('an event that is never acked is redelivered with the same eventId until the retries run out', async () => {
  sandbox.control.setOptions({ streamAckTimeoutMs: 150, streamRedeliveryDelaysMs: [50, 50] });
  const c = client();
  const seen: StreamEvent[] = [];
  // A handler that never settles: the ack never goes out.
  c.onStreamEvent((event) => {
    seen.push(event);
    return new Promise<void>(() => {});
  });
  await c.connect();
  await c.waitUntilConnected();
  startApproval();
  await waitFor(() => sandbox.control.streamGaveUp().length === 2, 5000);
  const byEvent = new Map<string, number>();
  for (const e of seen) byEvent.set(e.eventId, (byEvent.get(e.eventId) ?? 0) + 1);
  expect([...byEvent.values()]).toEqual([3, 3]);
  expect(sandbox.control.streamDeliveries().every((d) => d.outcome === 'timeout')).toBe(true);
});

test('after a gateway disconnect the client reconnects and later events still arrive', async () => {
  sandbox.control.setOptions({ streamDisconnectGraceMs: 5000 });
  const c = client();
  const seen: StreamEvent[] = [];
  c.onStreamEvent((event) => {
    seen.push(event);
  });
  await c.connect();
  await c.waitUntilConnected();
  expect(
    sandbox.control.disconnectStream({
      clientId: TEST_APP.clientId,
      reason: 'persistent connection is timeout',
    }),
  ).toBe(1);
  await waitFor(
    () =>
      sandbox.control.streamConnections().filter((x) => x.state === 'open').length === 1 &&
      sandbox.control.streamConnections().length === 2,
    5000,
  );
  await waitFor(() => c.status().state === 'connected');
  expect(c.status()).toMatchObject({
    state: 'connected',
    reconnectAttempts: 1,
    lastError: 'gateway sent disconnect: persistent connection is timeout',
  });
  startApproval();
  await waitFor(() => seen.length === 2, 5000);
  await sandbox.control.waitForIdle();
  const open = sandbox.control.streamConnections().find((x) => x.state === 'open')!;
  expect(
    sandbox.control
      .streamDeliveries()
      .every((d) => d.connectionId === open.connectionId && d.outcome === 'success'),
  ).toBe(true);
});

/** Fast backoff for tests; `random: 0.5` makes the jitter zero, so delays are exact. */
const FAST = { initialDelayMs: 40, multiplier: 2, maxDelayMs: 2000, jitter: 0.2, stableAfterMs: 400 };

function recordStatuses(c: DingTalkStreamClient) {
  const seen: (StreamConnectionStatus & { at: number })[] = [];
  c.onStatusChange((s) => seen.push({ ...s, at: Date.now() }));
  return seen;
}

test('a failing gateway gives growing delays; after it recovers the client connects and an event started meanwhile arrives', async () => {
  sandbox.control.failNextCalls({ kind: '503', count: 4, api: 'connections/open' });
  const c = client({ reconnect: FAST, random: () => 0.5 });
  const statuses = recordStatuses(c);
  const seen: StreamEvent[] = [];
  const acks: StreamAckOutcome[] = [];
  c.onStreamEvent((event) => {
    seen.push(event);
  });
  c.onAck((a) => acks.push(a));

  await c.connect(); // the first attempt fails; the client keeps trying on its own
  expect(c.status()).toMatchObject({
    state: 'disconnected',
    reconnectAttempts: 1,
    lastError: 'DingTalk Stream gateway answered HTTP 503',
    lastDelayMs: 40,
  });
  const id = startApproval(); // DingTalk holds it until a connection opens
  await c.waitUntilConnected(5000);

  const waits = statuses.filter((s) => s.state === 'disconnected').map((s) => s.lastDelayMs);
  expect(waits).toEqual([40, 80, 160, 320]);
  // The attempts really were spaced by those delays.
  const attempts = statuses.filter((s) => s.state === 'connecting').map((s) => s.at);
  expect(attempts).toHaveLength(5);
  for (let i = 1; i < attempts.length; i++)
    expect(attempts[i]! - attempts[i - 1]!).toBeGreaterThanOrEqual(waits[i - 1]! - 5);
  expect(c.status()).toMatchObject({ state: 'connected', reconnectAttempts: 4, nextRetryAt: null });
  expect(c.status().connectedSince).toBeGreaterThanOrEqual(attempts.at(-1)!);

  // Nothing lost: both events of the instance started while the gateway was failing arrive and are acked.
  await waitFor(() => acks.length === 2, 5000);
  expect(seen.map((e) => (e.data as { processInstanceId: string }).processInstanceId)).toEqual([id, id]);
  expect(acks.every((a) => a.status === 'SUCCESS')).toBe(true);

  // A connection that holds for stableAfterMs resets the backoff.
  await waitFor(() => c.status().reconnectAttempts === 0, 2000);
});

test('socket drops before the connection is stable back off further; a stable connection starts again from the first delay', async () => {
  const c = client({ reconnect: FAST, random: () => 0.5 });
  const statuses = recordStatuses(c);
  await c.connect();
  await c.waitUntilConnected();

  const drop = async () => {
    const before = sandbox.control.streamConnections().length;
    expect(sandbox.control.disconnectStream({ clientId: TEST_APP.clientId, mode: 'terminate' })).toBe(1);
    await waitFor(() => sandbox.control.streamConnections().length === before + 1, 5000);
    await c.waitUntilConnected();
    return statuses.filter((s) => s.state === 'disconnected').at(-1)!;
  };
  const first = await drop();
  expect(first).toMatchObject({ reconnectAttempts: 1, lastDelayMs: 40 });
  expect(first.lastError).toMatch(/^connection closed \(1006/);
  const second = await drop(); // right away: not stable yet
  expect(second).toMatchObject({ reconnectAttempts: 2, lastDelayMs: 80 });

  await waitFor(() => c.status().reconnectAttempts === 0, 2000);
  const third = await drop();
  expect(third).toMatchObject({ reconnectAttempts: 1, lastDelayMs: 40 });
});

test('disconnect() stops the client for good: no reconnect, state disconnected', async () => {
  const c = client({ reconnect: FAST, random: () => 0.5 });
  await c.connect();
  await c.waitUntilConnected();
  c.disconnect();
  await waitFor(() => sandbox.control.streamConnections().every((x) => x.state === 'closed'));
  await new Promise((r) => setTimeout(r, 200));
  expect(sandbox.control.streamConnections()).toHaveLength(1);
  expect(c.status()).toMatchObject({ state: 'disconnected', nextRetryAt: null, connectedSince: null });
});

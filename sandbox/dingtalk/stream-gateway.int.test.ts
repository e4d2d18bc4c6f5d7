import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP, TEST_PROCESS_CODE } from '../scenarios/minimal';
import { call, waitFor } from '../testing';

/** A bare WebSocket client, to see the wire frames exactly and to ack (or not) by hand. */
type Frame = { specVersion: string; type: string; headers: Record<string, unknown>; data: unknown };

let sandbox: RunningSandbox;
const sockets: WebSocket[] = [];

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.control.reset(minimalScenario(), {
    streamAckTimeoutMs: 300,
    streamRedeliveryDelaysMs: [50, 50],
    streamPingIntervalMs: 0,
  });
});

afterEach(() => {
  for (const s of sockets.splice(0)) {
    s.on('error', () => {}); // a refused upgrade leaves a socket that errors when terminated
    if (s.readyState !== WebSocket.CLOSED) s.terminate();
  }
});

async function open(): Promise<{ endpoint: string; ticket: string }> {
  const res = await call<{ endpoint: string; ticket: string }>(
    sandbox.url,
    'POST',
    '/v1.0/gateway/connections/open',
    {
      headers: { accept: 'application/json' },
      body: {
        clientId: TEST_APP.clientId,
        clientSecret: TEST_APP.clientSecret,
        ua: 'raw-test',
        subscriptions: [{ type: 'EVENT', topic: '*' }],
      },
    },
  );
  expect(res.status).toBe(200);
  return res.body;
}

async function connect(
  ack: (frame: Frame, ws: WebSocket) => void,
): Promise<{ ws: WebSocket; frames: Frame[] }> {
  const { endpoint, ticket } = await open();
  const ws = new WebSocket(`${endpoint}?ticket=${encodeURIComponent(ticket)}`);
  sockets.push(ws);
  const frames: Frame[] = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    frames.push(frame);
    ack(frame, ws);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, frames };
}

function reply(ws: WebSocket, frame: Frame, code: number, data: unknown): void {
  ws.send(
    JSON.stringify({
      code,
      headers: { contentType: 'application/json', messageId: frame.headers.messageId },
      message: code === 200 ? 'OK' : 'client internal error',
      data: JSON.stringify(data),
    }),
  );
}

function startApproval(): void {
  sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '显示器' },
  });
}

test('connections/open: bad credentials 401 authFailed; tickets are single-use (401 on the upgrade)', async () => {
  const bad = await call(sandbox.url, 'POST', '/v1.0/gateway/connections/open', {
    body: { clientId: TEST_APP.clientId, clientSecret: 'x', subscriptions: [] },
  });
  expect(bad.status).toBe(401);
  expect(bad.body).toMatchObject({ code: 'authFailed', message: '鉴权失败' });

  const { endpoint, ticket } = await open();
  expect(endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/connect$/);
  const first = new WebSocket(`${endpoint}?ticket=${ticket}`);
  sockets.push(first);
  await new Promise((r) => first.once('open', r));
  const second = new WebSocket(`${endpoint}?ticket=${ticket}`);
  sockets.push(second);
  const status = await new Promise<number>((resolve) =>
    second.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)),
  );
  expect(status).toBe(401);
});

test('EVENT frames: string headers, data as a JSON string; LATER, code 500 and silence are redelivered with the same eventId', async () => {
  const attempts = new Map<string, number>();
  const { frames } = await connect((frame, ws) => {
    if (frame.type !== 'EVENT') return;
    const eventId = String(frame.headers.eventId);
    const n = (attempts.get(eventId) ?? 0) + 1;
    attempts.set(eventId, n);
    if (frame.headers.eventType === 'bpms_instance_change') {
      // 1st: LATER, 2nd: code 500 (Java SDK on a throwing listener), 3rd: SUCCESS.
      if (n === 1) reply(ws, frame, 200, { status: 'LATER', message: 'later' });
      else if (n === 2) reply(ws, frame, 500, {});
      else reply(ws, frame, 200, { status: 'SUCCESS', message: 'success' });
    } else if (n === 3) {
      // Python SDK style: data without a status counts as success (§2.4).
      reply(ws, frame, 200, { processInstanceId: 'x' });
    }
  });
  startApproval();
  await waitFor(() => [...attempts.values()].every((n) => n === 3) && attempts.size === 2, 5000);
  await sandbox.control.waitForIdle();

  const events = frames.filter((f) => f.type === 'EVENT');
  const first = events[0]!;
  expect(first.specVersion).toBe('1.0');
  expect(Object.keys(first.headers).sort()).toEqual(
    [
      'appId',
      'connectionId',
      'contentType',
      'eventBornTime',
      'eventCorpId',
      'eventId',
      'eventType',
      'eventUnifiedAppId',
      'messageId',
      'time',
      'topic',
    ].sort(),
  );
  for (const v of Object.values(first.headers)) expect(typeof v).toBe('string');
  expect(first.headers.topic).toBe('*');
  expect(first.headers.eventBornTime).toMatch(/^\d{13}$/);
  expect(typeof first.data).toBe('string');
  expect(JSON.parse(first.data as string)).toMatchObject({ eventId: first.headers.eventId, type: 'start' });
  expect(first.headers.messageId).toMatch(/^[0-9a-f]{8}_\d+_[0-9a-f]+_[0-9a-f]{4}$/);
  expect(new Set(events.map((e) => e.headers.messageId)).size).toBe(6);

  const deliveries = sandbox.control.streamDeliveries();
  const outcomes = (type: string) => deliveries.filter((d) => d.eventType === type).map((d) => d.outcome);
  expect(outcomes('bpms_instance_change')).toEqual(['later', 'error', 'success']);
  expect(outcomes('bpms_task_change')).toEqual(['timeout', 'timeout', 'success']);
});

test('events are spread across the connections of one app; a forced redelivery reuses the eventId', async () => {
  const ackAll = (frame: Frame, ws: WebSocket) => {
    if (frame.type === 'EVENT') reply(ws, frame, 200, { status: 'SUCCESS' });
  };
  const a = await connect(ackAll);
  const b = await connect(ackAll);
  startApproval();
  startApproval();
  await sandbox.control.waitForIdle();
  const countA = a.frames.filter((f) => f.type === 'EVENT').length;
  const countB = b.frames.filter((f) => f.type === 'EVENT').length;
  expect(countA + countB).toBe(4);
  expect(countA).toBe(2);
  expect(countB).toBe(2);

  const eventId = String(a.frames[0]!.headers.eventId);
  sandbox.control.redeliverEvent(eventId);
  await sandbox.control.waitForIdle();
  const all = [...a.frames, ...b.frames].filter((f) => f.headers.eventId === eventId);
  expect(all).toHaveLength(2);
});

test('SYSTEM ping is sent and the echo recorded; disconnect stops delivery on that connection and closes it after the grace period', async () => {
  sandbox.control.setOptions({ streamPingIntervalMs: 50, streamDisconnectGraceMs: 100 });
  const { ws, frames } = await connect((frame, socket) => {
    // Pong like the Node SDK: echo headers and data.
    if (frame.type === 'SYSTEM' && frame.headers.topic === 'ping') {
      socket.send(JSON.stringify({ code: 200, headers: frame.headers, message: 'OK', data: frame.data }));
    }
  });
  await waitFor(() => (sandbox.control.streamConnections()[0]?.pingsEchoed ?? 0) >= 2);
  const ping = frames.find((f) => f.headers.topic === 'ping')!;
  expect(JSON.parse(ping.data as string)).toHaveProperty('opaque');

  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  sandbox.control.disconnectStream({
    clientId: TEST_APP.clientId,
    reason: 'persistent connection is timeout',
  });
  startApproval();
  expect(await closed).toBe(1000);
  const disconnect = frames.find((f) => f.headers.topic === 'disconnect')!;
  expect(JSON.parse(disconnect.data as string)).toEqual({ reason: 'persistent connection is timeout' });
  // Nothing was sent after the disconnect: the events wait for the next connection.
  expect(frames.filter((f) => f.type === 'EVENT')).toEqual([]);
  const next = await connect((frame, socket) => {
    if (frame.type === 'EVENT') reply(socket, frame, 200, { status: 'SUCCESS' });
  });
  await waitFor(() => next.frames.filter((f) => f.type === 'EVENT').length === 2);
});

test('delivery faults: duplicate, reorder and drop', async () => {
  const { frames } = await connect((frame, socket) => {
    if (frame.type === 'EVENT') reply(socket, frame, 200, { status: 'SUCCESS' });
  });
  const eventTypes = () =>
    frames.filter((f) => f.type === 'EVENT').map((f) => JSON.parse(f.data as string).type as string);

  sandbox.control.setDeliveryFaults({ duplicateNext: 1 });
  startApproval();
  await sandbox.control.waitForIdle();
  expect(eventTypes()).toEqual(['start', 'start', 'start']);

  frames.length = 0;
  sandbox.control.setDeliveryFaults({ reorderNext: 2 });
  startApproval();
  await sandbox.control.waitForIdle();
  const reordered = frames.filter((f) => f.type === 'EVENT').map((f) => f.headers.eventType);
  expect(reordered).toEqual(['bpms_task_change', 'bpms_instance_change']);

  frames.length = 0;
  sandbox.control.setDeliveryFaults({ dropPercent: 100 });
  startApproval();
  await sandbox.control.waitForIdle();
  expect(frames.filter((f) => f.type === 'EVENT')).toEqual([]);
  expect(sandbox.control.droppedDeliveries()).toHaveLength(2);
  sandbox.control.clearFaults();
});

import { randomUUID } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { connectors, inboundEvents, processInstances, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { reconcileConnector } from '@/lib/sync/reconcile-connector';
import { createYidaConnector } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { waitFor } from '@/sandbox/testing';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { yidaPushSign } from './signature';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let close: () => Promise<void>;
let base: string;
/** OpenAPI mode (the default): pushes, then the authoritative re-read. */
let connectorId: string;
/** Push-only mode: the rows are exactly what the pushes say. */
let pushOnlyId: string;
const log = pino({ level: 'silent' });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  const common = {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
  };
  ({ id: connectorId } = await createYidaConnector(t.db, { ...common, config: { oapiBase: sandbox.url } }));
  ({ id: pushOnlyId } = await createYidaConnector(t.db, {
    ...common,
    config: {
      oapiBase: sandbox.url,
      snapshotSource: 'push',
      enabledActions: ['create', 'complete', 'cancel', 'delete'],
    },
  }));
  const { POST } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
  ({ close, base } = await serveRoute(POST, ['connectorId', 'action']));
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await close?.();
  await t?.drop();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.control.setYidaPushFaults({ dropPercent: 0, duplicateNext: 0 });
  pointPushesAt(connectorId);
});

function pointPushesAt(id: string) {
  const url = (action: string) => `${base}/api/callbacks/yida/${id}/${action}`;
  sandbox.control.setYidaPushTargets(TEST_YIDA.appType, {
    create: url('create'),
    complete: url('complete'),
    cancel: url('cancel'),
    delete: url('delete'),
    cc: url('cc'),
  });
}

function startYida(cc: string[] = []): string {
  const started = sandbox.control.startYidaInstance({
    appType: TEST_YIDA.appType,
    originatorId: 'u1',
    data: { textField_visitor: '访客甲' },
    ccUserIds: cc,
  });
  return String(started.processInstanceId);
}

async function rowsOf(connector: string, externalId: string) {
  const [inst] = await t.db
    .select()
    .from(processInstances)
    .where(eq(processInstances.externalId, externalId));
  if (!inst || inst.connectorId !== connector) return null;
  const items = await t.db.select().from(tasks).where(eq(tasks.instanceId, inst.id));
  return {
    status: inst.status,
    result: inst.result,
    title: inst.title,
    items: items
      .map((x) => `${x.kind}:${x.assigneeExternalId}:${x.status}${x.result ? `:${x.result}` : ''}`)
      .sort(),
  };
}

async function settle(connector: string, externalId: string, expected: unknown) {
  await sandbox.control.waitForIdle();
  return waitFor(async () => {
    const rows = await rowsOf(connector, externalId);
    return JSON.stringify(rows) === JSON.stringify(expected) ? rows : undefined;
  }, 15_000).catch(async () => {
    expect(await rowsOf(connector, externalId)).toEqual(expected);
  });
}

async function eventCount(): Promise<number> {
  const [row] = await t.db.select({ n: count() }).from(inboundEvents);
  return row?.n ?? 0;
}

function signed(
  params: Record<string, string>,
  token: string = TEST_YIDA.systemToken,
): Record<string, string> {
  return { ...params, sign: yidaPushSign(params, token) };
}

function post(
  connector: string,
  action: string,
  params: Record<string, string>,
  encoding: 'json' | 'form' = 'json',
) {
  return fetch(`${base}/api/callbacks/yida/${connector}/${action}`, {
    method: 'POST',
    headers: {
      'content-type': encoding === 'json' ? 'application/json' : 'application/x-www-form-urlencoded',
    },
    body: encoding === 'json' ? JSON.stringify(params) : new URLSearchParams(params).toString(),
  });
}

test('the five pushes end in the right rows: create, cc, complete, cancel (或签 sibling), delete', async () => {
  const id = startYida(['u5']);
  // create ×2 (u2, u3 of the 或签 node) and cc (u5).
  await settle(connectorId, id, {
    status: 'running',
    result: null,
    title: '张一发起的访客申请',
    items: ['approval:u2:pending', 'approval:u3:pending', 'cc:u5:done:none'],
  });
  const [inst] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  expect(inst?.summary).toContain('访客甲');
  expect(inst?.pcUrl).toBe(
    `https://www.aliwork.com/${TEST_YIDA.appType}/processDetail?procInsId=${id}&ddtab=true`,
  );

  // u2 agrees in Yida: complete (u2), cancel (u3), create (u4 of the next node).
  sandbox.control.actYida(id, { userId: 'u2', action: 'agree', remark: '同意' });
  await settle(connectorId, id, {
    status: 'running',
    result: null,
    title: '张一发起的访客申请',
    items: ['approval:u2:done:agree', 'approval:u3:cancelled', 'approval:u4:pending', 'cc:u5:done:none'],
  });
  const nodes = await t.db.select({ node: tasks.nodeName, who: tasks.assigneeExternalId }).from(tasks);
  expect(nodes).toContainEqual({ node: '行政审批', who: 'u4' });

  sandbox.control.actYida(id, { userId: 'u4', action: 'agree', remark: '好' });
  await settle(connectorId, id, {
    status: 'completed',
    result: 'agree',
    title: '张一发起的访客申请',
    items: ['approval:u2:done:agree', 'approval:u3:cancelled', 'approval:u4:done:agree', 'cc:u5:done:none'],
  });

  sandbox.control.actYida(id, { userId: 'u1', action: 'delete' });
  await settle(connectorId, id, {
    status: 'deleted',
    result: 'agree',
    title: '张一发起的访客申请',
    items: [
      'approval:u2:deleted:agree',
      'approval:u3:deleted',
      'approval:u4:deleted:agree',
      'cc:u5:deleted:none',
    ],
  });
  const eventsOf = () =>
    t.db
      .select({ type: inboundEvents.type, status: inboundEvents.status })
      .from(inboundEvents)
      .where(eq(inboundEvents.instanceExternalId, id));
  // The rows change before the job marks its events processed (it still asks the OpenAPI, which says gone).
  await expect
    .poll(async () => (await eventsOf()).every((e) => e.status === 'processed'), { timeout: 15_000 })
    .toBe(true);
  expect(new Set((await eventsOf()).map((e) => e.type))).toEqual(
    new Set(['yida.create', 'yida.cc', 'yida.complete', 'yida.cancel', 'yida.delete']),
  );
});

test('identical complete and cancel bodies end differently by URL; a complete for an unknown task is recorded; late pushes change nothing', async () => {
  const instanceId = randomUUID();
  const flat = (taskId: string, user: string, at: number) =>
    signed({
      appType: TEST_YIDA.appType,
      corpId: TEST_CORP_ID,
      taskId,
      actualWorkId: user,
      formInstId: instanceId,
      dateTime: String(at),
    });
  const now = Date.now();
  const body = flat('9001', 'u2', now);
  // The same parameters to two URLs: two stored events, one done task, one cancelled task.
  expect((await post(pushOnlyId, 'complete', body)).status).toBe(200);
  expect((await post(pushOnlyId, 'cancel', { ...flat('9002', 'u3', now) }, 'form')).status).toBe(200);
  const same = flat('9003', 'u4', now);
  expect((await post(pushOnlyId, 'cancel', same)).status).toBe(200);
  // A redelivery of the same push is stored once.
  expect((await post(pushOnlyId, 'cancel', same)).status).toBe(200);
  await settle(pushOnlyId, instanceId, {
    status: 'running',
    result: null,
    title: `宜搭审批 ${instanceId.slice(0, 8)}`,
    items: ['approval:u2:done', 'approval:u3:cancelled', 'approval:u4:cancelled'],
  });
  const stored = await t.db
    .select({ type: inboundEvents.type })
    .from(inboundEvents)
    .where(eq(inboundEvents.instanceExternalId, instanceId));
  expect(stored.map((e) => e.type).sort()).toEqual(['yida.cancel', 'yida.cancel', 'yida.complete']);

  // The same signed body on a second URL is a replay: cancel of task 9004 stands, complete is refused.
  const twin = flat('9004', 'u5', now + 1000);
  expect((await post(pushOnlyId, 'cancel', twin)).status).toBe(200);
  await settle(pushOnlyId, instanceId, {
    status: 'running',
    result: null,
    title: `宜搭审批 ${instanceId.slice(0, 8)}`,
    items: ['approval:u2:done', 'approval:u3:cancelled', 'approval:u4:cancelled', 'approval:u5:cancelled'],
  });
  expect((await post(pushOnlyId, 'complete', twin)).status).toBe(401);
  await waitFor(
    async () =>
      (await eventCount()) > 0 &&
      (await t.db.select().from(inboundEvents).where(eq(inboundEvents.status, 'received'))).length === 0,
    10_000,
  );

  // A create dated before the complete (it arrived late) does not reopen task 9001.
  const task = JSON.stringify({
    actionerId: 'u2',
    appType: TEST_YIDA.appType,
    createTime: now - 60_000,
    dataMap: { textField_visitor: '访客乙' },
    formInstanceId: instanceId,
    originatorCorpId: TEST_CORP_ID,
    originatorDisplayName: '用户一',
    originatorId: 'u1',
    processCode: TEST_YIDA.processCode,
    processInstanceId: '',
    processInstanceStatus: 'RUNNING',
    taskId: '9001',
    title: '用户一的访客申请',
  });
  expect((await post(pushOnlyId, 'create', signed({ task, dateTime: String(now - 30_000) }))).status).toBe(
    200,
  );
  // A create for a new task, dated now: the instance takes its title and form from the task JSON.
  const task2 = task
    .replace('"taskId":"9001"', '"taskId":"9005"')
    .replace('"actionerId":"u2"', '"actionerId":"u1"');
  expect(
    (await post(pushOnlyId, 'create', signed({ task: task2, dateTime: String(now + 5000) }))).status,
  ).toBe(200);
  await settle(pushOnlyId, instanceId, {
    status: 'running',
    result: null,
    title: '用户一的访客申请',
    items: [
      'approval:u1:pending',
      'approval:u2:done',
      'approval:u3:cancelled',
      'approval:u4:cancelled',
      'approval:u5:cancelled',
    ],
  });
});

test('bad pushes get 404/401/400 with a reason and write nothing', async () => {
  const before = await eventCount();
  const now = String(Date.now());
  const good = signed({
    appType: TEST_YIDA.appType,
    corpId: TEST_CORP_ID,
    formInstId: randomUUID(),
    dateTime: now,
  });
  const cases: [string, string, Record<string, string> | string, number, RegExp][] = [
    [randomUUID(), 'delete', good, 404, /connector/],
    ['not-a-uuid', 'delete', good, 404, /connector/],
    [connectorId, 'approve', good, 404, /action/],
    // cc is not enabled on the push-only connector.
    [pushOnlyId, 'cc', good, 404, /not enabled/],
    [connectorId, 'delete', { ...good, sign: 'f'.repeat(32) }, 401, /Signature/],
    [connectorId, 'delete', signed({ ...good, sign: '' }, 'wrong-token'), 401, /Signature/],
    [connectorId, 'delete', { ...good, formInstId: `${good.formInstId}x` }, 401, /Signature/],
    [connectorId, 'delete', signed({ ...good, sign: '', appType: 'APP_UNKNOWN' }), 401, /systemToken/],
    [
      connectorId,
      'delete',
      signed({ ...good, sign: '', dateTime: String(Date.now() - 3600_000) }),
      401,
      /window/,
    ],
    [connectorId, 'delete', { appType: TEST_YIDA.appType, sign: good.sign ?? '' }, 400, /dateTime/],
    [connectorId, 'complete', good, 400, /taskId/],
    [connectorId, 'create', signed({ task: '{not json', dateTime: now }), 400, /task/],
    [connectorId, 'create', signed({ task: '{"appType":"APP_X"}', dateTime: now }), 400, /formInstanceId/],
    [connectorId, 'create', '{"task":{"formInstanceId":"x"},"dateTime":"1","sign":"x"}', 400, /JSON text/],
    [connectorId, 'delete', '{"dateTime":', 400, /JSON/],
    [connectorId, 'delete', signed({ ...good, sign: '', corpId: 'dingothercorp' }), 400, /corpId/],
  ];
  for (const [id, action, params, status, reason] of cases) {
    const res =
      typeof params === 'string'
        ? await fetch(`${base}/api/callbacks/yida/${id}/${action}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: params,
          })
        : await post(id, action, params);
    const body = (await res.json()) as { error?: { message: string } };
    expect({ id, action, status: res.status }).toEqual({ id, action, status });
    expect(body.error?.message).toMatch(reason);
  }
  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, pushOnlyId));
  expect((await post(pushOnlyId, 'delete', good)).status).toBe(404);
  await t.db.update(connectors).set({ enabled: true }).where(eq(connectors.id, pushOnlyId));
  expect(await eventCount()).toBe(before);
});

test('dropped pushes (never retried) are repaired by reconciliation, and the report counts them', async () => {
  // Every push of these instances is lost on the way.
  sandbox.control.setYidaPushFaults({ dropPercent: 100 });
  const missed = startYida();
  const known = startYida();
  sandbox.control.setYidaPushFaults({ dropPercent: 0 });
  // `known` is seen once (its creates get through), then its complete/cancel pushes are lost.
  sandbox.control.triggerYidaPush({ processInstanceId: known, action: 'create' });
  await settle(connectorId, known, {
    status: 'running',
    result: null,
    title: '张一发起的访客申请',
    items: ['approval:u2:pending', 'approval:u3:pending'],
  });
  sandbox.control.setYidaPushFaults({ dropPercent: 100 });
  sandbox.control.actYida(known, { userId: 'u3', action: 'disagree', remark: '不批' });
  await sandbox.control.waitForIdle();
  const dropped = sandbox.control.yidaPushes().filter((p) => p.outcome === 'dropped');
  expect(dropped.length).toBeGreaterThanOrEqual(6);
  expect(await rowsOf(connectorId, missed)).toBeNull();

  const summary = await reconcileConnector(t.db, connectorId, { log });
  expect(summary).toMatchObject({ missedCreated: 1, staleRepaired: 1, goneAtSource: 0, errors: 0 });
  expect(await rowsOf(connectorId, missed)).toEqual({
    status: 'running',
    result: null,
    title: '张一发起的访客申请',
    items: ['approval:u2:pending', 'approval:u3:pending'],
  });
  expect(await rowsOf(connectorId, known)).toEqual({
    status: 'completed',
    result: 'refuse',
    title: '张一发起的访客申请',
    items: ['approval:u2:cancelled', 'approval:u3:done:refuse'],
  });
  // Read only through GetInstanceById (which names no process): the form's name from Yida's default title
  // (`{发起人}发起的{表单名}`), never left blank for the lists to show the process code.
  const [missedRow] = await t.db
    .select({ processName: processInstances.processName, processCode: processInstances.processCode })
    .from(processInstances)
    .where(eq(processInstances.externalId, missed));
  expect(missedRow).toEqual({ processName: '访客申请', processCode: TEST_YIDA.processCode });
  const [row] = await t.db.select().from(connectors).where(eq(connectors.id, connectorId));
  expect(row?.health.lastReconcile).toMatchObject({ missedCreated: 1, staleRepaired: 1 });

  // A push-only connector has nothing to re-read: its open instances are not counted as orphaned.
  expect(await reconcileConnector(t.db, pushOnlyId, { log })).toMatchObject({
    openChecked: 0,
    goneAtSource: 0,
  });

  // Nothing left to repair.
  const again = await reconcileConnector(t.db, connectorId, { log });
  expect(again).toMatchObject({ missedCreated: 0, staleRepaired: 0 });
});

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP } from '../scenarios/minimal';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(() => {
  sandbox.control.reset(minimalScenario());
});

type SyncAnswer = {
  list: { triggerId: string; bizPrimaryKey: string; success: boolean; subErrCode: string | null }[];
};

test('connect platform (Yida §5.3): define a trigger, push data, refusals per item and per request, read it back', async () => {
  const token = await appToken(sandbox.url, TEST_APP);
  // No token: the new-API auth error (HTTP 400 InvalidAuthentication, as for every new-API route here).
  const anonymous = await call<{ code: string }>(sandbox.url, 'POST', '/v1.0/connector/triggers/data/sync', {
    body: {},
  });
  expect([anonymous.status, anonymous.body.code]).toEqual([400, 'InvalidAuthentication']);

  const defined = await call<{ item: { dingTriggerId: string; success: boolean }[] }>(
    sandbox.url,
    'POST',
    '/v1.0/connector/triggers',
    {
      token,
      body: {
        triggerInfo: [
          {
            integratorTriggerId: 'huiban-task',
            name: '汇办任务',
            description: '任务事件',
            inputSchema: '{}',
          },
          { integratorTriggerId: 'broken', name: '缺少字段' },
        ],
      },
    },
  );
  expect(defined.status).toBe(200);
  expect(defined.body.item.map((i) => i.success)).toEqual([true, false]);
  const triggerId = defined.body.item[0]?.dingTriggerId ?? '';
  expect(triggerId).toMatch(/^G-TRIGGER-/);

  const item = (patch: Record<string, unknown> = {}) => ({
    triggerId,
    customTriggerId: 'evt_1',
    jsonData: JSON.stringify({ id: 'evt_1', type: 'task.created' }),
    dataGmtCreate: 1795420800000,
    dataGmtModified: 1795420800000,
    action: 'add',
    ...patch,
  });
  const synced = await call<SyncAnswer>(sandbox.url, 'POST', '/v1.0/connector/triggers/data/sync', {
    token,
    body: {
      appId: String(TEST_APP.agentId),
      triggerDataList: [
        item(),
        item({ triggerId: 'G-TRIGGER-UNKNOWN' }),
        item({ jsonData: 'not json' }),
        item({ action: 'upsert' }),
      ],
    },
  });
  expect(synced.status).toBe(200);
  expect(synced.body.list.map((i) => [i.success, i.subErrCode])).toEqual([
    [true, null],
    [false, '4004'],
    [false, '4001'],
    [false, '4001'],
  ]);
  expect(synced.body.list[0]?.bizPrimaryKey).toBe('evt_1');

  // Request-level refusals: another app's id, no list.
  const wrongApp = await call<{ code: string }>(sandbox.url, 'POST', '/v1.0/connector/triggers/data/sync', {
    token,
    body: { appId: '1', triggerDataList: [item()] },
  });
  expect([wrongApp.status, wrongApp.body.code]).toEqual([400, '4003']);
  const empty = await call<{ code: string }>(sandbox.url, 'POST', '/v1.0/connector/triggers/data/sync', {
    token,
    body: { appId: String(TEST_APP.agentId), triggerDataList: [] },
  });
  expect([empty.status, empty.body.code]).toEqual([400, '4001']);

  // The control API reads back every item received (accepted or not), with jsonData parsed.
  const data = await call<{ triggerId: string; success: boolean; data: unknown }[]>(
    sandbox.url,
    'GET',
    `/__control/connect-triggers/data?triggerId=${triggerId}`,
  );
  expect(data.body).toHaveLength(3);
  expect(data.body[0]).toMatchObject({ success: true, data: { id: 'evt_1', type: 'task.created' } });
  expect(sandbox.control.connectTriggerData()).toHaveLength(4);
  const controlDefined = await call<{ dingTriggerId: string }>(
    sandbox.url,
    'POST',
    '/__control/connect-triggers',
    {
      body: { integratorTriggerId: 'huiban-task', name: '汇办任务' },
    },
  );
  // Defining the same integrator id again keeps its dingTriggerId.
  expect([controlDefined.status, controlDefined.body.dingTriggerId]).toEqual([201, triggerId]);
});

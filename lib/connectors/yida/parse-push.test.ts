import { expect, test } from 'vitest';
import { mapYidaInstance } from './fetch-snapshot';
import { decodePushParams, parsePush, YidaPushFormatError } from './parse-push';
import { snapshotFromPush } from './push-snapshot';

const settings = {
  fieldLabels: { textField_visitor: '访客' },
  timeZone: 'Asia/Shanghai',
  summaryFields: [],
  yidaOrigin: 'https://yida.example.com',
  corpId: 'dingcorp',
  pcLinkTemplate: undefined,
  mobileLinkTemplate: undefined,
};
const flat = {
  appType: 'APP_X',
  corpId: 'dingcorp',
  taskId: '2846866145',
  actualWorkId: 'u2',
  formInstId: 'inst-1',
  dateTime: '1693462999000',
  sign: 'x',
};

test('params decode the same from JSON, form and query; task stays the received text', async () => {
  const task = '{"formInstanceId":"inst-1", "appType":"APP_X"}';
  const json = await decodePushParams({
    contentType: 'application/json',
    rawBody: JSON.stringify({ task, dateTime: 1693462999000, sign: 'x' }),
    query: new URLSearchParams(),
  });
  const form = await decodePushParams({
    contentType: 'application/x-www-form-urlencoded',
    rawBody: new URLSearchParams({ task, dateTime: '1693462999000', sign: 'x' }).toString(),
    query: new URLSearchParams(),
  });
  const query = await decodePushParams({
    contentType: '',
    rawBody: '',
    query: new URLSearchParams({ task, dateTime: '1693462999000', sign: 'x' }),
  });
  expect(json).toEqual({ task, dateTime: '1693462999000', sign: 'x' });
  expect(form).toEqual(json);
  expect(query).toEqual(json);
});

test('the action comes from the URL: complete and cancel parse the same body; seconds become ms', () => {
  const complete = parsePush('complete', flat);
  const cancel = parsePush('cancel', flat);
  expect({ ...complete, action: 'x' }).toEqual({ ...cancel, action: 'x' });
  expect(complete).toMatchObject({
    instanceId: 'inst-1',
    taskId: '2846866145',
    userId: 'u2',
    at: 1693462999000,
  });
  expect(parsePush('delete', { ...flat, dateTime: '1693462999' }).at).toBe(1693462999000);
  expect(() => parsePush('complete', { ...flat, taskId: '' })).toThrow(YidaPushFormatError);
  expect(() => parsePush('create', flat)).toThrow(/task/);
});

test('a complete for an unknown instance records the finished task under a placeholder; delete marks the instance', () => {
  const snap = snapshotFromPush(settings, parsePush('complete', flat), null);
  expect(snap).toMatchObject({
    externalId: 'inst-1',
    title: '宜搭审批 inst-1',
    taskScope: 'partial',
    tasks: [{ externalTaskId: '2846866145', assigneeExternalId: 'u2', status: 'done' }],
  });
  expect(snapshotFromPush(settings, parsePush('delete', flat), null)).toMatchObject({
    status: 'deleted',
    tasks: [],
  });
  expect(snapshotFromPush(settings, parsePush('cancel', flat), null).tasks?.[0]?.status).toBe('cancelled');
});

test('GetInstanceById + operation records map to a full snapshot with tasks, cc and log', () => {
  const snap = mapYidaInstance(settings, {
    appType: 'APP_X',
    instanceId: 'inst-1',
    fetchedAt: new Date('2026-11-23T10:00:00Z'),
    info: {
      title: '张三发起的访客申请',
      instanceStatus: 'COMPLETED',
      approvedResult: 'disagree',
      createTimeGMT: '2026-11-23T09:00:00Z',
      originator: { userId: 'u1', name: { nameInChinese: '张三' } },
      data: { textField_visitor: '访客甲', selectField_x: 'A', selectField_x_value: 'a' },
    },
    records: [
      {
        type: 'HISTORY',
        actionExit: 'submit',
        operatorUserId: 'u1',
        operateTimeGMT: '2026-11-23T09:00:00Z',
        taskId: 'null',
      },
      { type: 'HISTORY', actionExit: 'carbon', operatorUserId: 'u5', operateTimeGMT: '2026-11-23T09:00:00Z' },
      {
        type: 'HISTORY',
        actionExit: 'disagree',
        operatorUserId: 'u2',
        showName: '主管审批',
        remark: '不批',
        operateTimeGMT: '2026-11-23T09:30:00Z',
        activeTimeGMT: '2026-11-23T09:00:00Z',
        taskId: '11',
      },
    ],
  });
  expect(snap).toMatchObject({
    status: 'completed',
    result: 'refuse',
    originator: { externalUserId: 'u1', name: '张三' },
    summary: '访客: 访客甲 · selectField_x: A',
    pcUrl: 'https://yida.example.com/APP_X/processDetail?procInsId=inst-1&ddtab=true',
    taskScope: 'full',
  });
  expect(snap.tasks).toEqual([
    expect.objectContaining({ externalTaskId: '11', status: 'done', result: 'refuse', nodeName: '主管审批' }),
    expect.objectContaining({ externalTaskId: 'cc:u5', kind: 'cc' }),
  ]);
  expect(snap.logs?.map((l) => l.action)).toEqual(['start', 'refuse']);
  expect(snap.finishedAt).toEqual(new Date('2026-11-23T09:30:00Z'));
});

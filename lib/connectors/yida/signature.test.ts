import { expect, test } from 'vitest';
import { isValidYidaSign, javaCaseInsensitiveCompare, yidaPushSign } from './signature';

// yida-connect-api.md §1.6: a made-up token and the vectors computed with Node, Python and Java.
const TOKEN = 'TESTTOKEN-NOT-REAL-9X8Y7Z6W5V4U3T2S1R0Q';
const TASK =
  '{"actionerId":null,"actionerName":null,"appType":"APP_TESTAPP000000000001","createTime":1693462062502,"dataMap":{"textField_l4s57vm9":"访客甲","numberField_l4s57vma":"1"},"dataType":"pinst","formInstanceId":"65ab8549-aa06-486a-b5b7-8abe845303a5","formUuid":"FORM-TEST0000000000000000000000000000000001","modifiedTime":1693462062502,"originatorCorpId":"dingtestcorp000000000000000000001","originatorDisplayName":"张红","originatorId":"01690741902689","processCode":"TPROC--TEST000000000000000000000000000001","processId":0,"processInstanceId":"","processInstanceStatus":"","title":"张红的1位访客申请","version":10}';

const create = { task: TASK, dateTime: '1693462062600', sign: 'b5bf210cf45d42979ffdd66ac895d2f3' };
const complete = {
  actualWorkId: '01690741902689',
  appType: 'APP_TESTAPP000000000001',
  corpId: 'dingtestcorp000000000000000000001',
  dateTime: '1693462999000',
  formInstId: '65ab8549-aa06-486a-b5b7-8abe845303a5',
  taskId: '2846866145',
  sign: '038249600d832b01a2622cfa171ac353',
};
const remove = {
  appType: 'APP_TESTAPP000000000001',
  corpId: 'dingtestcorp000000000000000000001',
  dateTime: '1693463111000',
  formInstId: '65ab8549-aa06-486a-b5b7-8abe845303a5',
  sign: '40ed1ac2b2d5e1e9fe1100872efe839b',
};

test('the reference vectors for create, complete and delete verify', () => {
  expect(TASK.length).toBe(600);
  for (const params of [create, complete, remove]) {
    expect(yidaPushSign(params, TOKEN)).toBe(params.sign);
    expect(isValidYidaSign(params, TOKEN)).toBe(true);
    expect(isValidYidaSign({ ...params, sign: params.sign.toUpperCase() }, TOKEN)).toBe(true);
  }
});

test('a changed byte anywhere fails', () => {
  expect(isValidYidaSign({ ...create, task: TASK.replace('张红的', '张虹的') }, TOKEN)).toBe(false);
  expect(isValidYidaSign({ ...create, task: TASK.replace('"version":10', '"version":11') }, TOKEN)).toBe(
    false,
  );
  expect(isValidYidaSign({ ...complete, taskId: '2846866146' }, TOKEN)).toBe(false);
  expect(isValidYidaSign({ ...remove, dateTime: '1693463111001' }, TOKEN)).toBe(false);
  expect(isValidYidaSign({ ...remove, sign: `${remove.sign.slice(0, 31)}c` }, TOKEN)).toBe(false);
  expect(isValidYidaSign(remove, `${TOKEN}x`)).toBe(false);
  expect(isValidYidaSign({ ...remove, sign: '' }, TOKEN)).toBe(false);
  // Re-serialised JSON (other spacing) is a different text, so it must not verify.
  expect(isValidYidaSign({ ...create, task: JSON.stringify(JSON.parse(TASK), null, 1) }, TOKEN)).toBe(false);
});

test('keys sort with Java CASE_INSENSITIVE_ORDER, not locale or code-point order', () => {
  const keys = ['b', 'A', '_x', 'a_', 'Ab', 'aa'];
  expect([...keys].sort(javaCaseInsensitiveCompare)).toEqual(['_x', 'A', 'a_', 'aa', 'Ab', 'b']);
  expect(yidaPushSign({ b: '2', A: '1', _x: '3', a_: '4', Ab: '5', aa: '6' }, TOKEN)).toBe(
    '95dafd3430f25b461cc83a6ac8ea242c',
  );
});

import { expect, test } from 'vitest';
import {
  javaCaseInsensitiveCompare,
  verifyYidaPush,
  yidaPushSign,
  yidaSignaturePlaintext,
} from './yida-signature';

// yida-connect-api.md §1.6, verbatim.
const TOKEN = 'TESTTOKEN-NOT-REAL-9X8Y7Z6W5V4U3T2S1R0Q';
const CREATE_TASK =
  '{"actionerId":null,"actionerName":null,"appType":"APP_TESTAPP000000000001","createTime":1693462062502,"dataMap":{"textField_l4s57vm9":"访客甲","numberField_l4s57vma":"1"},"dataType":"pinst","formInstanceId":"65ab8549-aa06-486a-b5b7-8abe845303a5","formUuid":"FORM-TEST0000000000000000000000000000000001","modifiedTime":1693462062502,"originatorCorpId":"dingtestcorp000000000000000000001","originatorDisplayName":"张红","originatorId":"01690741902689","processCode":"TPROC--TEST000000000000000000000000000001","processId":0,"processInstanceId":"","processInstanceStatus":"","title":"张红的1位访客申请","version":10}';

test('create push vector', () => {
  const params = { task: CREATE_TASK, dateTime: '1693462062600' };
  expect(yidaPushSign(params, TOKEN)).toBe('b5bf210cf45d42979ffdd66ac895d2f3');
  expect(verifyYidaPush({ ...params, sign: 'b5bf210cf45d42979ffdd66ac895d2f3' }, TOKEN)).toBe(true);
  expect(verifyYidaPush({ ...params, sign: 'B5BF210CF45D42979FFDD66AC895D2F3' }, TOKEN)).toBe(true);
});

test('complete push vector (cancel has the same shape)', () => {
  const params = {
    actualWorkId: '01690741902689',
    appType: 'APP_TESTAPP000000000001',
    corpId: 'dingtestcorp000000000000000000001',
    dateTime: '1693462999000',
    formInstId: '65ab8549-aa06-486a-b5b7-8abe845303a5',
    taskId: '2846866145',
  };
  expect(yidaSignaturePlaintext(params, TOKEN)).toBe(
    `01690741902689APP_TESTAPP000000000001dingtestcorp000000000000000000001169346299900065ab8549-aa06-486a-b5b7-8abe845303a52846866145${TOKEN}`,
  );
  expect(yidaPushSign(params, TOKEN)).toBe('038249600d832b01a2622cfa171ac353');
  expect(verifyYidaPush({ ...params, sign: '038249600d832b01a2622cfa171ac353' }, TOKEN)).toBe(true);
});

test('delete push vector', () => {
  const params = {
    appType: 'APP_TESTAPP000000000001',
    corpId: 'dingtestcorp000000000000000000001',
    dateTime: '1693463111000',
    formInstId: '65ab8549-aa06-486a-b5b7-8abe845303a5',
  };
  expect(yidaPushSign(params, TOKEN)).toBe('40ed1ac2b2d5e1e9fe1100872efe839b');
});

test('ordering vector: Java CASE_INSENSITIVE_ORDER, not ASCII, not locale', () => {
  const params = { b: '2', A: '1', _x: '3', a_: '4', Ab: '5', aa: '6' };
  expect(Object.keys(params).sort(javaCaseInsensitiveCompare)).toEqual(['_x', 'A', 'a_', 'aa', 'Ab', 'b']);
  expect(yidaSignaturePlaintext(params, TOKEN)).toBe(`314652${TOKEN}`);
  expect(yidaPushSign(params, TOKEN)).toBe('95dafd3430f25b461cc83a6ac8ea242c');
});

test('a tampered value or a wrong token fails verification', () => {
  const params = { task: CREATE_TASK, dateTime: '1693462062600', sign: 'b5bf210cf45d42979ffdd66ac895d2f3' };
  expect(verifyYidaPush({ ...params, dateTime: '1693462062601' }, TOKEN)).toBe(false);
  expect(verifyYidaPush(params, `${TOKEN}x`)).toBe(false);
  expect(verifyYidaPush({ ...params, sign: '' }, TOKEN)).toBe(false);
});

import { expect, test } from 'vitest';
import { createCore } from '../core';
import { DEMO_APP, DEMO_CORP_ID, DEMO_USERS, DEMO_YIDA, demoScenario } from './demo';
import { loadScenario } from './load';

test('the demo users are exactly the twelve Huiban seeds with their identity fields', () => {
  expect(DEMO_USERS.map((u) => [u.userId, u.name, u.department])).toEqual([
    ['wangmin', '王敏', '技术部'],
    ['zhangsan', '张三', '技术部'],
    ['lisi', '李四', '技术部'],
    ['wangwu', '王五', '财务部'],
    ['zhaoliu', '赵六', '人事部'],
    ['qianqi', '钱七', '采购部'],
    ['sunba', '孙八', '市场部'],
    ['zhoujiu', '周九', '市场部'],
    ['wushi', '吴十', '财务部'],
    ['zhengyi', '郑一', '行政部'],
    ['chener', '陈二', '采购部'],
    ['liuxing', '刘星', '人事部'],
  ]);
  expect(DEMO_USERS[0]).toMatchObject({
    unionId: 'union_wangmin',
    mobile: '13800000001',
    email: 'wangmin@demo.huiban.cn',
    jobNumber: 'E001',
    isManager: true,
  });
  expect(DEMO_USERS[11]).toMatchObject({
    unionId: 'union_liuxing',
    mobile: '13800000012',
    jobNumber: 'E012',
  });
  expect(DEMO_APP.aesKey).toMatch(/^[a-zA-Z0-9]{43}$/);
  expect(DEMO_CORP_ID).toBe('dingdemocorp0001');
});

test('the demo scenario loads with instances in every state, files in several formats, and Yida tasks', () => {
  const core = createCore();
  loadScenario(core, demoScenario());
  const org = core.state.org(DEMO_CORP_ID);
  const users = [...org.users.values()];
  expect(users.map((u) => [u.userId, u.mobile, u.email, u.jobNumber, u.unionId])).toEqual(
    DEMO_USERS.map((u) => [u.userId, u.mobile, u.email, u.jobNumber, u.unionId]),
  );
  const states = new Set([...org.instances.values()].map((i) => `${i.status}/${i.result}`));
  expect(states).toEqual(new Set(['RUNNING/', 'COMPLETED/agree', 'COMPLETED/refuse', 'TERMINATED/']));
  const types = new Set([...core.state.files.values()].map((f) => f.fileType));
  expect(types).toEqual(new Set(['pdf', 'png', 'csv', 'txt']));
  for (const f of core.state.files.values()) expect(f.bytes.length).toBeGreaterThan(0);
  const yida = [...core.state.yidaInstances.values()];
  expect(yida.every((i) => i.appType === DEMO_YIDA.appType)).toBe(true);
  expect(new Set(yida.map((i) => `${i.instanceStatus}/${i.approvedResult}`))).toEqual(
    new Set(['RUNNING/', 'COMPLETED/agree', 'COMPLETED/disagree']),
  );
  // Replayed history produces real events, queued for the first Stream client.
  expect(core.hub.log.length).toBeGreaterThan(30);
  core.hub.close();
});

/**
 * The demo organisation as Huiban knows it. The same people exist in the sandbox's demo scenario
 * (sandbox/scenarios/demo.ts), matched by email and mobile; a test keeps the two lists in step.
 */
export const DEMO_PASSWORD = 'huiban-demo';

export type DemoUser = {
  username: string;
  name: string;
  department: string;
  role: 'admin' | 'employee';
  mobile: string;
  email: string;
  jobNumber: string;
};

const PEOPLE: [username: string, name: string, department: string][] = [
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
];

export const DEMO_USERS: DemoUser[] = PEOPLE.map(([username, name, department], i) => ({
  username,
  name,
  department,
  // 王敏 (技术部 manager) administers Huiban in the demo.
  role: i === 0 ? 'admin' : 'employee',
  mobile: `138${String(i + 1).padStart(8, '0')}`,
  email: `${username}@demo.huiban.cn`,
  jobNumber: `E${String(i + 1).padStart(3, '0')}`,
}));

/** The demo org's DingTalk app, as the sandbox's demo scenario defines it (used for DingTalk login). */
export const DEMO_DINGTALK_APP = {
  clientId: 'dingdemoappkey0001',
  clientSecret: 'demo-app-secret-0001',
  /** sandbox/scenarios/demo.ts */
  agentId: 30000001,
};

/** The demo org's corp id and the name of its seeded DingTalk connector. */
export const DEMO_CORP_ID = 'dingdemocorp0001';
export const DEMO_CONNECTOR_NAME = '汇办演示科技 · 钉钉审批';

/** The demo org's Yida app (行政服务 · 用车申请), as the sandbox's demo scenario defines it (DEMO_YIDA there). */
export const DEMO_YIDA_APP = {
  appType: 'APP_DEMOYIDA0000000001',
  systemToken: 'DEMO-YIDA-SYSTEM-TOKEN-0001',
  formUuid: 'FORM-DEMO0CAR0000000000000000000000000001',
} as const;
export const DEMO_YIDA_CONNECTOR_NAME = '汇办演示科技 · 宜搭';

import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { type RunningSandbox, startSandbox } from '../index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '../scenarios/minimal';
import { appToken, call } from '../testing';

let sandbox: RunningSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
});

afterAll(async () => {
  await sandbox.close();
});

beforeEach(async () => {
  sandbox.control.reset(minimalScenario());
  token = await appToken(sandbox.url, TEST_APP);
});

type Forecast = { result: Record<string, unknown> & { workflowActivityRules?: Record<string, unknown>[] } };
type ErrorBody = { code: string; message: string; requestid: string };

const forecast = (body: Record<string, unknown>) =>
  call<Forecast & ErrorBody>(sandbox.url, 'POST', '/v1.0/workflow/processes/forecast', { token, body });

const request = {
  processCode: TEST_PROCESS_CODE,
  deptId: -1,
  userId: 'u1',
  formComponentValues: [{ name: '采购事由', value: '显示器' }],
};

test('a template with fixed approvers: one target_approval rule per node (会签/或签/依次) and a notifier rule for its cc', async () => {
  sandbox.control.addTemplate(TEST_CORP_ID, {
    processCode: 'PROC-FORECAST',
    name: '报销',
    formComponents: [{ componentType: 'TextField', props: { componentId: 'TextField_a', label: '事由' } }],
    defaultApprovers: [
      { actionType: 'NONE', userIds: ['u2'], name: '主管' },
      { actionType: 'AND', userIds: ['u3', 'u4'], name: '财务会签' },
      { actionType: 'OR', userIds: ['u4', 'u5'] },
    ],
    defaultCcUserIds: ['u5'],
  });
  const answer = await forecast({ ...request, processCode: 'PROC-FORECAST' });
  expect(answer.status).toBe(200);
  const r = answer.body.result;
  expect(r).toMatchObject({
    isForecastSuccess: true,
    processCode: 'PROC-FORECAST',
    userId: 'u1',
    isStaticWorkflow: true,
  });
  expect(typeof r.processId).toBe('number');
  const rules = r.workflowActivityRules ?? [];
  expect(
    rules.map((x) => {
      const actor = x.workflowActor as Record<string, unknown>;
      return [
        x.activityName,
        x.activityType,
        actor.actorType,
        actor.approvalMethod,
        (actor.actorSelectionRange as { approvals: { workNo: string; userName: string }[] }).approvals.map(
          (a) => `${a.workNo}:${a.userName}`,
        ),
      ];
    }),
  ).toEqual([
    ['主管', 'target_approval', 'approver', 'ONE_BY_ONE', ['u2:李二']],
    ['财务会签', 'target_approval', 'approver', 'AND', ['u3:王三', 'u4:赵四']],
    ['审批人', 'target_approval', 'approver', 'OR', ['u4:赵四', 'u5:钱五']],
    ['抄送人', 'target_approval', 'notifier', 'ONE_BY_ONE', ['u5:钱五']],
  ]);
  // A chain: each node names the one before it; the nodes list carries the outgoing edges.
  expect(rules[0]?.prevActivityId).toBe('sid-startevent');
  expect(rules[1]?.prevActivityId).toBe(rules[0]?.activityId);
  expect(String(rules[0]?.activityId)).toMatch(/^[0-9a-f]{4}_[0-9a-f]{4}$/);
  expect((r.workflowForecastNodes as { activityId: string }[]).map((n) => n.activityId)).toEqual(
    rules.map((x) => x.activityId),
  );
  expect(rules[1]?.activityActioners).toEqual([
    { userId: 'u3', name: '王三', avatar: expect.any(String) },
    { userId: 'u4', name: '赵四', avatar: expect.any(String) },
  ]);
  // Stable: the same template forecasts the same ids.
  const again = await forecast({ ...request, processCode: 'PROC-FORECAST' });
  expect(again.body.result.workflowActivityRules).toEqual(rules);
});

test('a template without approvers: one required originator-chosen node (target_select) with a stable actorKey', async () => {
  const answer = await forecast(request);
  expect(answer.status).toBe(200);
  const [rule] = answer.body.result.workflowActivityRules ?? [];
  expect(rule).toMatchObject({
    activityType: 'target_select',
    isTargetSelect: true,
    workflowActor: {
      actorType: 'approver',
      actorSelectionType: 'allStaff',
      actorSelectionRange: { approvals: [], labels: [] },
      required: true,
      actorKey: expect.stringMatching(/^manual_/),
    },
  });
  expect(rule?.activityActioners).toBeUndefined();
});

test('errors as documented: processCodeError, invalidUserId, userNotExist, invalidParameter, componentIsNull; InvalidAuthentication without a token', async () => {
  const cases: [Record<string, unknown>, string][] = [
    [{ ...request, processCode: 'PROC-NONE' }, 'processCodeError'],
    [{ ...request, userId: '' }, 'invalidUserId'],
    [{ ...request, userId: 'nobody' }, 'userNotExist'],
    [{ ...request, deptId: undefined }, 'invalidParameter'],
    [{ ...request, deptId: 999 }, 'invalidParameter'],
    [{ ...request, formComponentValues: undefined }, 'invalidParameter'],
    [
      {
        ...request,
        formComponentValues: Array.from({ length: 151 }, (_, i) => ({ name: `c${i}`, value: '' })),
      },
      'invalidParameter',
    ],
    [{ ...request, formComponentValues: [{ value: 'x' }] }, 'componentIsNull'],
  ];
  for (const [body, code] of cases) {
    const answer = await forecast(body);
    expect([answer.status, answer.body.code], code).toEqual([400, code]);
    expect(answer.body.requestid).toBeTruthy();
  }
  const anonymous = await call<ErrorBody>(sandbox.url, 'POST', '/v1.0/workflow/processes/forecast', {
    body: request,
  });
  expect([anonymous.status, anonymous.body.code]).toEqual([400, 'InvalidAuthentication']);
});

test('options: deptId -1 refused, activityActioners left out, and a failed forecast on demand', async () => {
  sandbox.control.addTemplate(TEST_CORP_ID, {
    processCode: 'PROC-FIXED',
    name: '请假',
    formComponents: [{ componentType: 'TextField', props: { componentId: 'TextField_a', label: '事由' } }],
    defaultApprovers: [{ actionType: 'NONE', userIds: ['u2'] }],
  });
  const fixed = { ...request, processCode: 'PROC-FIXED' };
  sandbox.control.setOptions({ forecastRootDept: 'reject', forecastActivityActioners: false });
  expect((await forecast(fixed)).body.code).toBe('invalidParameter');
  const withDept = await forecast({ ...fixed, deptId: 2 });
  expect(withDept.status).toBe(200);
  expect(withDept.body.result.workflowActivityRules?.[0]?.activityActioners).toBeUndefined();

  sandbox.control.setOptions({ forecastOutcome: 'unsuccessful' });
  const unsuccessful = await forecast({ ...fixed, deptId: 2 });
  expect(unsuccessful.body.result).toEqual({
    isForecastSuccess: false,
    processCode: 'PROC-FIXED',
    userId: 'u1',
  });
  sandbox.control.setOptions({ forecastOutcome: 'error' });
  const failed = await forecast({ ...fixed, deptId: 2 });
  expect([failed.status, failed.body.code]).toEqual([400, 'forecastError']);
});

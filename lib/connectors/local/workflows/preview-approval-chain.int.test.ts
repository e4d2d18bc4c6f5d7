import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, expect, test, vi } from 'vitest';
import { POST as previewRoute } from '@/app/api/workflows/[definitionId]/preview/route';
import { identities, localRuns, users, workflowDefinitions, workflowVersions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import type { ChainPreview } from '../build-chain-preview';
import type { WorkflowBody } from '../definition-schema';
import { previewApprovalChain } from './preview-approval-chain';

const session = vi.hoisted(() => ({ userId: undefined as string | undefined }));
vi.mock('next-auth', async (original) => ({
  ...(await original<typeof import('next-auth')>()),
  getServerSession: async () =>
    session.userId ? { userId: session.userId, sid: '00000000-0000-4000-8000-000000000001' } : null,
}));

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let definitionId: string;

const viewer = (name: string) => ({ userId: ids[name] as string, name, isAdmin: false });

function scenario() {
  const s = minimalScenario();
  // The DingTalk template's own flow: 会签 of 李二 and 王三, then cc 钱五.
  s.orgs[0]!.templates[0]!.defaultApprovers = [
    { actionType: 'AND', userIds: ['u2', 'u3'], name: '财务会签' },
  ];
  s.orgs[0]!.templates[0]!.defaultCcUserIds = ['u5'];
  // u1 (张三) works in two departments: 研发部 (2) and 市场部 (3).
  s.orgs[0]!.departments.push({ deptId: 3, name: '市场部' });
  s.orgs[0]!.users[0]!.deptIds = [2, 3];
  return s;
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: scenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    [
      ['emp', '张三'],
      ['lead', '王敏'],
      ['fin', '王五'],
      ['watch', '赵六'],
      ['boss', '管理员'],
      ['loner', '孤独'],
    ].map(([username, name]) => ({ username: username!, name: name!, email: `${username}@t.example` })),
  );
  await t.db.update(users).set({ managerId: ids.lead }).where(eq(users.id, ids.emp!));
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  await t.db.insert(identities).values({
    connectorId: dingtalkId,
    externalUserId: 'u1',
    unionId: 'union_u1',
    userId: ids.emp,
    name: '张三',
    matchedBy: 'email',
    departments: ['2', '3'],
  });
  const body: WorkflowBody = {
    form: {
      fields: [
        { key: 'amount', label: '金额', type: 'money', required: true },
        { key: 'reason', label: '事由', type: 'text', required: true },
        { key: 'pick', label: '复核人', type: 'user', required: false, multiple: false },
      ],
    },
    steps: [
      {
        id: 'lead',
        name: '主管审批',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'manager', levels: 1 },
      },
      {
        id: 'route',
        name: '按金额',
        kind: 'condition',
        branches: [
          {
            name: '大额',
            when: { fieldKey: 'amount', op: 'gt', value: 1000 },
            steps: [
              {
                id: 'dt',
                name: '钉钉采购审批',
                kind: 'dingtalkApproval',
                connectorId: dingtalkId,
                processCode: TEST_PROCESS_CODE,
                fieldMap: [
                  { fieldKey: 'reason', componentName: '采购事由' },
                  { fieldKey: 'amount', componentName: '金额（元）' },
                ],
              },
            ],
          },
          {
            name: '小额',
            steps: [
              {
                id: 'finance',
                name: '财务或签',
                kind: 'approval',
                mode: 'any',
                assignee: { type: 'users', userIds: [ids.fin!, ids.boss!] },
              },
            ],
          },
        ],
      },
      {
        id: 'review',
        name: '复核',
        kind: 'approval',
        mode: 'sequential',
        assignee: { type: 'originatorPick', fieldKey: 'pick' },
      },
      { id: 'cc', name: '抄送', kind: 'cc', assignee: { type: 'users', userIds: [ids.watch!] } },
    ],
    options: { mirrorTodoConnectorId: null, notifyAssignee: false },
  };
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'purchase', name: '采购', publishedVersion: 1 })
    .returning({ id: workflowDefinitions.id });
  definitionId = def!.id;
  await t.db.insert(workflowVersions).values({
    definitionId,
    version: 1,
    formSchema: body.form,
    steps: body.steps,
    options: body.options,
  });
});

afterAll(async () => {
  await sandbox?.close();
  const { closeDb } = await import('@/db/client');
  await closeDb();
  await t?.drop();
});

beforeEach(() => {
  sandbox.control.setOptions({ forecastOutcome: 'forecast', forecastActivityActioners: true });
});

/** Each step as one line: name [branch] kind/mode: people. */
function lines(preview: ChainPreview): string[] {
  return preview.steps.map((s) => {
    const head = `${s.name}${s.branch ? ` [${s.branch}]` : ''}`;
    switch (s.kind) {
      case 'approval':
        return `${head} ${s.mode}: ${s.approvers.join('、')}${s.toAdmins ? ' (admins)' : ''}`;
      case 'cc':
        return `${head} cc: ${s.recipients.join('、')}`;
      case 'automation':
        return `${head} automation`;
      default:
        return `${head} dingtalk ${s.forecast.status}${
          s.forecast.status === 'ok'
            ? `: ${s.forecast.nodes.map((n) => `${n.name} ${n.role}/${n.mode} ${n.people.join('、')}`).join(' → ')}`
            : ''
        }`;
    }
  });
}

test("a small amount: the originator's manager, the else branch's 或签, the picked reviewer, the cc", async () => {
  const preview = await previewApprovalChain(t.db, viewer('emp'), {
    definitionId,
    values: { amount: 200, pick: ids.fin },
  });
  expect(preview.originator).toBe('张三');
  expect(lines(preview)).toEqual([
    '主管审批 sequential: 王敏',
    '财务或签 [小额] any: 王五、管理员',
    '复核 sequential: 王五',
    '抄送 cc: 赵六',
  ]);
});

test("a large amount takes the DingTalk branch: its chain comes from DingTalk's forecast (sandbox)", async () => {
  const preview = await previewApprovalChain(t.db, viewer('emp'), {
    definitionId,
    values: { amount: 5000, reason: '服务器' },
  });
  expect(lines(preview)).toEqual([
    '主管审批 sequential: 王敏',
    '钉钉采购审批 [大额] dingtalk ok: 财务会签 approver/all 李二、王三 → 抄送人 cc/sequential 钱五',
    // Nobody picked yet: the admins would approve.
    '复核 sequential: 管理员 (admins)',
    '抄送 cc: 赵六',
  ]);
  // Without the docs-only activityActioners the names come from actorSelectionRange.
  sandbox.control.setOptions({ forecastActivityActioners: false });
  const again = await previewApprovalChain(t.db, viewer('emp'), { definitionId, values: { amount: 5000 } });
  expect(lines(again)[1]).toBe(
    '钉钉采购审批 [大额] dingtalk ok: 财务会签 approver/all 李二、王三 → 抄送人 cc/sequential 钱五',
  );
});

test('a forecast DingTalk refuses or cannot make shows on its step; no DingTalk account; nothing written', async () => {
  sandbox.control.setOptions({ forecastOutcome: 'error' });
  const failed = await previewApprovalChain(t.db, viewer('emp'), { definitionId, values: { amount: 5000 } });
  expect(lines(failed)[1]).toBe('钉钉采购审批 [大额] dingtalk failed');
  sandbox.control.setOptions({ forecastOutcome: 'unsuccessful' });
  const unsuccessful = await previewApprovalChain(t.db, viewer('emp'), {
    definitionId,
    values: { amount: 5000 },
  });
  expect(lines(unsuccessful)[1]).toBe('钉钉采购审批 [大额] dingtalk unsuccessful');
  // No DingTalk account and no manager: the DingTalk step says so, the manager step falls to the admins.
  const loner = await previewApprovalChain(t.db, viewer('loner'), { definitionId, values: { amount: 5000 } });
  expect(lines(loner).slice(0, 2)).toEqual([
    '主管审批 sequential: 管理员 (admins)',
    '钉钉采购审批 [大额] dingtalk noAccount',
  ]);
  // Half-typed values of any shape never break the preview.
  const odd = await previewApprovalChain(t.db, viewer('emp'), {
    definitionId,
    values: { amount: 'abc', pick: 'not-a-user' },
  });
  expect(lines(odd)[1]).toBe('财务或签 [小额] any: 王五、管理员');
  const [runs] = await t.db.select({ n: count() }).from(localRuns);
  expect(runs?.n).toBe(0);
});

test('the forecast asks in the department the start would send: the chosen one, else the first (never -1)', async () => {
  const sentDeptIds = () => sandbox.control.forecastRequests().map((r) => r.body.deptId);
  const before = sentDeptIds().length;
  // Nothing chosen yet: the start would send their first department.
  await previewApprovalChain(t.db, viewer('emp'), { definitionId, values: { amount: 5000 } });
  // Chosen on the form: that one, as the start sends it.
  const chosen = await previewApprovalChain(t.db, viewer('emp'), {
    definitionId,
    values: { amount: 5000 },
    dingtalkDeptId: '3',
  });
  expect(lines(chosen)[1]).toMatch(/^钉钉采购审批 \[大额\] dingtalk ok: /);
  // A department that is not theirs is never sent (the start would refuse it; the forecast uses their first).
  await previewApprovalChain(t.db, viewer('emp'), {
    definitionId,
    values: { amount: 5000 },
    dingtalkDeptId: '9',
  });
  expect(sentDeptIds().slice(before)).toEqual([2, 3, 2]);
  const last = sandbox.control.forecastRequests().at(-1)?.body;
  expect(last).toMatchObject({ processCode: TEST_PROCESS_CODE, userId: 'u1', deptId: 2 });
  // Through the route, as 发起申请 sends it.
  session.userId = ids.emp;
  const res = await previewRoute(
    new Request(`http://test/api/workflows/${definitionId}/preview`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ values: { amount: 5000 }, dingtalkDeptId: '3' }),
    }),
    { params: Promise.resolve({ definitionId }) },
  );
  expect(res.status).toBe(200);
  expect(sentDeptIds().at(-1)).toBe(3);
});

test('the route: 200 with the chain for a starter, 404 for a definition the viewer cannot start, 401 anonymous', async () => {
  const post = (as: string | undefined, defId: string) => {
    session.userId = as ? ids[as] : undefined;
    return previewRoute(
      new Request(`http://test/api/workflows/${defId}/preview`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ values: { amount: 10 } }),
      }),
      { params: Promise.resolve({ definitionId: defId }) },
    );
  };
  const ok = await post('emp', definitionId);
  expect(ok.status).toBe(200);
  expect(((await ok.json()) as ChainPreview).steps[0]).toMatchObject({
    kind: 'approval',
    approvers: ['王敏'],
  });
  expect((await post('emp', '00000000-0000-4000-8000-000000000000')).status).toBe(404);
  expect((await post(undefined, definitionId)).status).toBe(401);
});

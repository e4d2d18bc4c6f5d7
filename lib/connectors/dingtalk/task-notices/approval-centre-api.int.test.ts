import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { identities, processInstances, sourceApprovalCentreInstances, users } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { apiNoticePolicy } from '@/lib/connectors/api/api-notice-policy';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { instanceUpsertSchema } from '@/lib/connectors/api/push-schema';
import { saveApiNoticesAsAdmin } from '@/lib/connectors/api/save-api-notices';
import { createApiConnectorWithKey, createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import type { PcInstance, PcTask } from '@/sandbox/dingtalk/process-centre';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID } from '@/sandbox/scenarios/minimal';
import { call } from '@/sandbox/testing';
import { announceTasks } from './announce-tasks';
import { sourcePcCrashPoints } from './sync-approval-centre';

/**
 * An open-API connector whose instances go into DingTalk's approval centre (§5.10), against the sandbox: the
 * instance and one task per approver created once however often (and concurrently) the job runs, also across a
 * worker killed between the instance and its tasks or after a task's call; tasks updated on agree, cancelled and
 * the instance terminated on revoke; never also a 待办 (one channel per task).
 */

let t: TestDatabase;
let sandbox: RunningSandbox;
let ids: Record<string, string>;
let dingtalkId: string;
let api: { id: string };
const admin = () => ({ userId: ids.admin as string, name: 'admin', isAdmin: true });
const APP_URL = 'https://huiban.test.example';

type Centre = {
  templates: { processCode: string; name: string }[];
  instances: (PcInstance & { tasks: PcTask[] })[];
};
const centre = async () => (await call<Centre>(sandbox.url, 'GET', '/__control/process-centre')).body;

beforeAll(async () => {
  process.env.APP_URL = APP_URL;
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'admin'].map((u) => ({
      username: u,
      name: `用户${u}`,
      email: `${u}@test.example`,
    })),
  );
  await t.db
    .update(users)
    .set({ role: 'admin' })
    .where(eq(users.id, ids.admin as string));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    config: { agentId: TEST_APP.agentId },
  }));
  await t.db.insert(identities).values(
    ['u1', 'u2', 'u3', 'u4'].map((u) => ({
      connectorId: dingtalkId,
      externalUserId: u,
      unionId: `union_${u}`,
      userId: ids[u],
      name: u,
      matchedBy: 'email' as const,
    })),
  );
  api = await createApiConnectorWithKey(t.db, { name: 'ERP' });
  // The 待办 mirror is asked for too: the approval centre wins, one channel per task.
  await saveApiNoticesAsAdmin(t.db, admin(), api.id, {
    dingtalkConnectorId: dingtalkId,
    announce: false,
    mirrorTodo: true,
    approvalCentre: true,
  });
}, 60_000);

afterEach(() => {
  sourcePcCrashPoints.afterInstanceStored = undefined;
  sourcePcCrashPoints.afterTaskCreated = undefined;
});

afterAll(async () => {
  await sandbox?.close();
  await t?.drop();
});

type TaskIn = {
  id: string;
  to: string;
  status?: 'pending' | 'done' | 'cancelled';
  result?: 'agree' | 'refuse';
};

async function push(
  externalId: string,
  updatedAt: string,
  list: TaskIn[],
  status = 'running',
  result?: string,
) {
  await pushInstance(
    t.db,
    api.id,
    instanceUpsertSchema.parse({
      externalId,
      title: `采购 ${externalId}`,
      processName: '采购申请',
      originator: { email: 'u4@test.example', name: '用户u4' },
      formValues: [{ name: '金额', value: 1000 }],
      status,
      ...(result ? { result } : {}),
      createdAt: '2026-12-01T08:00:00Z',
      updatedAt,
      tasks: list.map((x) => ({
        externalTaskId: x.id,
        assignee: { email: `${x.to}@test.example` },
        nodeName: '主管审批',
        status: x.status ?? 'pending',
        ...(x.result ? { result: x.result } : {}),
      })),
    }),
  );
}

const key = (externalId: string) => ({ connectorId: api.id, externalId });

async function pcOf(externalId: string) {
  const [row] = await t.db
    .select({ pc: sourceApprovalCentreInstances.pcInstanceId })
    .from(sourceApprovalCentreInstances)
    .innerJoin(processInstances, eq(processInstances.id, sourceApprovalCentreInstances.instanceId))
    .where(eq(processInstances.externalId, externalId));
  return (await centre()).instances.find((i) => i.processInstanceId === row?.pc);
}

const tasksOf = (inst: { tasks: PcTask[] } | undefined) =>
  (inst?.tasks ?? []).map((x) => `${x.userId}:${x.status}${x.result ? `:${x.result}` : ''}`);

test('the policy: approval centre on, the 待办 mirror off even when asked for', async () => {
  expect(await apiNoticePolicy(t.db, { connectorId: api.id })).toMatchObject({
    approvalCentre: true,
    mirrorTodo: false,
  });
});

test('created once however often the job runs, updated on agree, finished when the instance completes', async () => {
  const before = (await centre()).instances.length;
  await push('PO-1', '2026-12-01T08:00:00Z', [{ id: 'PO-1-a', to: 'u1' }]);
  await Promise.all([announceTasks(t.db, key('PO-1')), announceTasks(t.db, key('PO-1'))]);
  await announceTasks(t.db, key('PO-1'));
  const c = await centre();
  expect(c.instances).toHaveLength(before + 1);
  expect(c.templates.map((x) => x.name)).toContain('采购申请（汇办）');
  const inst = await pcOf('PO-1');
  const [pi] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, 'PO-1'));
  expect(inst).toMatchObject({ status: 'RUNNING', originatorUserId: 'u4', title: '采购 PO-1' });
  expect(inst?.url).toBe(
    `dingtalk://dingtalkclient/page/link?url=${encodeURIComponent(`${APP_URL}/instances/${pi!.id}`)}&pc_slide=true`,
  );
  expect(tasksOf(inst)).toEqual(['u1:RUNNING']);
  // One channel per task: no 待办 was made.
  expect((await call<unknown[]>(sandbox.url, 'GET', '/__control/todos')).body).toEqual([]);

  // u1 agrees at the source; the next step is u2's.
  await push('PO-1', '2026-12-01T09:00:00Z', [
    { id: 'PO-1-a', to: 'u1', status: 'done', result: 'agree' },
    { id: 'PO-1-b', to: 'u2' },
  ]);
  await announceTasks(t.db, key('PO-1'));
  await announceTasks(t.db, key('PO-1'));
  expect(tasksOf(await pcOf('PO-1'))).toEqual(['u1:COMPLETED:AGREE', 'u2:RUNNING']);

  await push(
    'PO-1',
    '2026-12-01T10:00:00Z',
    [
      { id: 'PO-1-a', to: 'u1', status: 'done', result: 'agree' },
      { id: 'PO-1-b', to: 'u2', status: 'done', result: 'agree' },
    ],
    'completed',
    'agree',
  );
  await announceTasks(t.db, key('PO-1'));
  await announceTasks(t.db, key('PO-1'));
  const done = await pcOf('PO-1');
  expect(tasksOf(done)).toEqual(['u1:COMPLETED:AGREE', 'u2:COMPLETED:AGREE']);
  expect(done).toMatchObject({ status: 'COMPLETED', result: 'agree' });
  expect((await centre()).instances).toHaveLength(before + 1);
});

test('revoke: the open task is cancelled and the instance terminated', async () => {
  await push('PO-2', '2026-12-01T08:00:00Z', [{ id: 'PO-2-a', to: 'u1' }]);
  await announceTasks(t.db, key('PO-2'));
  expect(tasksOf(await pcOf('PO-2'))).toEqual(['u1:RUNNING']);
  await push('PO-2', '2026-12-01T09:00:00Z', [{ id: 'PO-2-a', to: 'u1', status: 'cancelled' }], 'terminated');
  await announceTasks(t.db, key('PO-2'));
  const inst = await pcOf('PO-2');
  expect(tasksOf(inst)).toEqual(['u1:CANCELED']);
  expect(inst?.status).toBe('TERMINATED');
});

test('a worker killed between the instance and its tasks, or after a task call: no empty, second or double', async () => {
  const before = (await centre()).instances.length;
  sourcePcCrashPoints.afterInstanceStored = () => {
    sourcePcCrashPoints.afterInstanceStored = undefined;
    throw new Error('worker killed');
  };
  await push('PO-3', '2026-12-01T08:00:00Z', [
    { id: 'PO-3-a', to: 'u1' },
    { id: 'PO-3-b', to: 'u2' },
  ]);
  await expect(announceTasks(t.db, key('PO-3'))).rejects.toThrow('worker killed');
  // DingTalk holds the instance without tasks; Huiban stored its id before creating any.
  expect((await centre()).instances).toHaveLength(before + 1);
  expect(tasksOf(await pcOf('PO-3'))).toEqual([]);

  sourcePcCrashPoints.afterTaskCreated = () => {
    sourcePcCrashPoints.afterTaskCreated = undefined;
    throw new Error('worker killed');
  };
  await expect(announceTasks(t.db, key('PO-3'))).rejects.toThrow('worker killed');
  await announceTasks(t.db, key('PO-3'));
  await announceTasks(t.db, key('PO-3'));
  expect((await centre()).instances).toHaveLength(before + 1);
  expect(tasksOf(await pcOf('PO-3')).sort()).toEqual(['u1:RUNNING', 'u2:RUNNING']);
});

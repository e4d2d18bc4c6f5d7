import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { identities, processInstances, taskActions, tasks } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createUsers, createYidaConnector } from '@/lib/testing/factories';
import { serveRoute } from '@/lib/testing/serve-route';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_YIDA } from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker;
let close: () => Promise<void>;
let ids: Record<string, string>;
let connectorId: string;
const viewer = (u: string) => ({ userId: ids[u] ?? '', name: u, isAdmin: false });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3', 'u4', 'u5'].map((u) => ({
      username: u,
      name: u,
      email: `${u}@test.example`,
      password: null,
    })),
  );
  ({ id: connectorId } = await createYidaConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
    config: { oapiBase: sandbox.url },
  }));
  const { POST } = await import('@/app/api/callbacks/yida/[connectorId]/[action]/route');
  let base: string;
  ({ close, base } = await serveRoute(POST, ['connectorId', 'action']));
  const url = (action: string) => `${base}/api/callbacks/yida/${connectorId}/${action}`;
  sandbox.control.setYidaPushTargets(TEST_YIDA.appType, {
    create: url('create'),
    complete: url('complete'),
    cancel: url('cancel'),
    delete: url('delete'),
    cc: url('cc'),
  });
  worker = await startWorker({ databaseUrl: t.url, schedules: false, streams: false });
});

afterAll(async () => {
  await worker?.stop();
  await close?.();
  await t?.drop();
  await sandbox?.close();
});

function startYida(ccUserIds: string[] = []): string {
  return String(
    sandbox.control.startYidaInstance({ appType: TEST_YIDA.appType, originatorId: 'u1', data: {}, ccUserIds })
      .processInstanceId,
  );
}

/** The user's pending item of an instance, once their Yida identity is linked to their Huiban account. */
async function pendingTaskOf(user: string, externalId: string) {
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select({ id: tasks.id })
            .from(tasks)
            .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
            .where(
              and(
                eq(processInstances.externalId, externalId),
                eq(tasks.assigneeUserId, viewer(user).userId),
                eq(tasks.status, 'pending'),
              ),
            )
        )[0],
      { timeout: 20_000 },
    )
    .toBeTruthy();
  const [row] = await t.db
    .select({ id: tasks.id, externalTaskId: tasks.externalTaskId })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .where(
      and(
        eq(processInstances.externalId, externalId),
        eq(tasks.assigneeUserId, viewer(user).userId),
        eq(tasks.status, 'pending'),
      ),
    );
  if (!row) throw new Error('no pending task');
  return row;
}

async function writeBack(actionId: string) {
  const [row] = await t.db.select().from(taskActions).where(eq(taskActions.id, actionId));
  return row?.writeBackStatus;
}

test('a comment with @mentions is written to Yida as SaveFormRemark with atUserId; its files stay in Huiban', async () => {
  const id = startYida();
  const task = await pendingTaskOf('u2', id);
  // u5 is known to this Yida connector (directory); u4 is mentioned too but has no Yida account: Huiban-only.
  await t.db
    .insert(identities)
    .values({ connectorId, externalUserId: 'u5', userId: viewer('u5').userId, matchedBy: 'manual' });
  const { actionId } = await actOnTask(t.db, viewer('u2'), {
    taskId: task.id,
    action: 'comment',
    remark: '请 @u5 看一下',
    mentionUserIds: [viewer('u5').userId],
  });
  await expect.poll(() => writeBack(actionId), { timeout: 20_000 }).not.toBe('pending');
  const inst = sandbox.control.getYidaInstance(id) as {
    remarks: { userId: string; content: string; atUserIds: string[] }[];
  };
  expect(inst.remarks).toEqual([
    expect.objectContaining({ userId: 'u2', content: '请 @u5 看一下', atUserIds: ['u5'] }),
  ]);
  const [row] = await t.db.select().from(processInstances).where(eq(processInstances.externalId, id));
  expect(await getInstanceForViewer(t.db, viewer('u5'), row!.id)).not.toBeNull();
});

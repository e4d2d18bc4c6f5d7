import { and, eq } from 'drizzle-orm';
import pino from 'pino';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { identities, processInstances } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { dingtalkSettings } from '@/lib/connectors/dingtalk/config';
import { fetchDingTalkSnapshot } from '@/lib/connectors/dingtalk/fetch-snapshot';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import type { ConnectorRuntime } from '@/lib/connectors/types';
import { resolveIdentity } from '@/lib/people/resolve-identity';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { listInboxFacets } from '@/lib/tasks/inbox/list-inbox-facets';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { refreshInstance } from './refresh-instance';

// DingTalk instances as Huiban stores them: fetched from the sandbox and applied the way the event job and a
// write-back's confirming re-read do it. The directory names people (张一 … 钱五); u1 has no Huiban account.
let sandbox: RunningSandbox;
let t: TestDatabase;
let connector: ConnectorRuntime;
let ids: Record<string, string>;
const log = pino({ level: 'silent' });
const viewer = (u: string) => ({ userId: ids[u]!, name: u, isAdmin: false });

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'u2', name: '李二', email: 'u2@test.example', password: null },
    { username: 'u3', name: '王三', email: 'u3@test.example', password: null },
    { username: 'u4', name: '赵四', email: 'u4@test.example', password: null },
    { username: 'u5', name: '钱五', email: 'u5@test.example', password: null },
  ]);
  const { id } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  });
  connector = (await unsafeLoadConnectorRuntime(t.db, id))!;
});
afterAll(async () => {
  await t?.drop();
  await sandbox?.close();
});

function start(input: {
  originator: string;
  approvers: { actionType: 'AND' | 'OR' | 'NONE'; userIds: string[] }[];
  cc?: string[];
  processCode?: string;
}) {
  return sandbox.control.startInstance({
    processCode: input.processCode ?? TEST_PROCESS_CODE,
    originatorUserId: input.originator,
    approvers: input.approvers,
    ccUserIds: input.cc ?? [],
    form: input.processCode ? {} : { 采购事由: '显示器' },
  }).processInstanceId as string;
}

/** What the event job does: the event names the process; then every new person is looked up in the directory. */
async function applyFromEvent(externalId: string, processCode = TEST_PROCESS_CODE) {
  await refreshInstance(t.db, connector, externalId, { log, processCode });
  const people = await t.db
    .select({ id: identities.id })
    .from(identities)
    .where(eq(identities.connectorId, connector.id));
  for (const p of people) await resolveIdentity(t.db, p.id, log);
}

async function instanceRow(externalId: string) {
  const [row] = await t.db
    .select()
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connector.id), eq(processInstances.externalId, externalId)));
  return row!;
}

test('the originator filter and facets find DingTalk instances by the name the list shows', async () => {
  const byUnmapped = start({ originator: 'u1', approvers: [{ actionType: 'NONE', userIds: ['u2'] }] });
  const byUser = start({ originator: 'u5', approvers: [{ actionType: 'NONE', userIds: ['u2'] }] });
  await applyFromEvent(byUnmapped);
  await applyFromEvent(byUser);
  // DingTalk names nobody: the source's originator name stays empty.
  expect((await instanceRow(byUnmapped)).originatorName).toBeNull();

  const pending = (originator: string) =>
    listInbox(t.db, viewer('u2'), { view: 'pending', filters: { originator } });
  const zhang = await pending('张一');
  expect(zhang.items.map((r) => [r.instanceId, r.originatorName])).toEqual([
    [(await instanceRow(byUnmapped)).id, '张一'],
  ]);
  const qian = await pending('钱五');
  expect(qian.items.map((r) => r.originatorName)).toEqual(['钱五']);
  expect((await pending('无此人')).items).toEqual([]);
  const initiated = await listInbox(t.db, viewer('u5'), {
    view: 'initiated',
    filters: { originator: '钱五' },
  });
  expect(initiated.items).toHaveLength(1);

  const facets = await listInboxFacets(t.db, viewer('u2'));
  expect(facets.originators).toEqual(expect.arrayContaining(['张一', '钱五']));
  expect(facets.processes).toEqual(['采购申请']);
});

test('a re-read that does not name the process (after a comment) keeps the process code and name', async () => {
  const id = start({ originator: 'u1', approvers: [{ actionType: 'NONE', userIds: ['u2'] }] });
  await applyFromEvent(id);
  expect(await instanceRow(id)).toMatchObject({ processCode: TEST_PROCESS_CODE, processName: '采购申请' });

  sandbox.control.act(id, { userId: 'u2', action: 'comment', remark: '请补充型号' });
  // The write-back's confirming re-read: no event, so no process code from one.
  await refreshInstance(t.db, connector, id, { log });
  const after = await instanceRow(id);
  expect(after).toMatchObject({ processCode: TEST_PROCESS_CODE, processName: '采购申请' });
  const byProcess = await listInbox(t.db, viewer('u2'), {
    view: 'pending',
    filters: { process: '采购申请' },
  });
  expect(byProcess.items.map((r) => r.instanceId)).toContain(after.id);

  // Even a snapshot fetched with no process code at all names nothing it could erase.
  const bare = await fetchDingTalkSnapshot(dingtalkSettings(connector), id);
  expect(bare).toMatchObject({ processCode: null, processName: null });
});

test('a failed process-name lookup is tried again within seconds, not cached for an hour', async () => {
  const code = 'TPROC--TEST00000000000000000000000000000NAME';
  sandbox.control.addTemplate(TEST_CORP_ID, { processCode: code, name: '用章申请', formComponents: [] });
  const id = start({
    originator: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    processCode: code,
  });
  sandbox.control.failNextCalls({ kind: '5xx', count: 1, api: '/v1.0/workflow/forms/schemas/processCodes' });
  const s = dingtalkSettings(connector);
  expect((await fetchDingTalkSnapshot(s, id, { processCode: code }))?.processName).toBeNull();
  await expect
    .poll(async () => (await fetchDingTalkSnapshot(s, id, { processCode: code }))?.processName, {
      timeout: 20_000,
      interval: 1_000,
    })
    .toBe('用章申请');
});

test('who holds the request: 会签 progress, the cc recipients, a transfer target, and cc rows showing the state', async () => {
  const id = start({
    originator: 'u1',
    approvers: [{ actionType: 'AND', userIds: ['u2', 'u3'] }],
    cc: ['u4'],
  });
  await applyFromEvent(id);
  const instanceId = (await instanceRow(id)).id;
  const detail = () => getInstanceForViewer(t.db, viewer('u2'), instanceId);

  const first = await detail();
  // The cc is logged with the start, at the same minute: the start still comes first, and names the recipient.
  expect(first?.logs.map((l) => l.action)).toEqual(['start', 'cc']);
  expect(first?.logs[1]?.targets).toEqual([{ userId: ids.u4, name: '赵四' }]);
  expect(first?.pendingStep).toMatchObject({
    approvers: [
      { userId: ids.u2, name: '李二' },
      { userId: ids.u3, name: '王三' },
    ],
    done: 0,
    total: 2,
  });
  // The cc item shows how the request stands, not 已处理.
  const [cc] = (await listInbox(t.db, viewer('u4'), { view: 'cc' })).items.filter(
    (r) => r.instanceId === instanceId,
  );
  expect(cc).toMatchObject({ status: 'running', result: null });

  sandbox.control.advanceClock(2 * 60_000);
  sandbox.control.act(id, { userId: 'u2', action: 'agree', remark: '同意' });
  await applyFromEvent(id);
  expect((await detail())?.pendingStep).toEqual({
    nodeName: '审批人',
    approvers: [{ userId: ids.u3, name: '王三' }],
    mode: 'and',
    done: 1,
    total: 2,
  });

  sandbox.control.advanceClock(2 * 60_000);
  sandbox.control.act(id, { userId: 'u3', action: 'redirect', toUserId: 'u5', remark: '请代批' });
  await applyFromEvent(id);
  const transferred = await detail();
  const redirect = transferred?.logs.find((l) => l.action === 'redirect');
  expect(redirect).toMatchObject({
    actorName: '王三',
    remark: '请代批',
    targets: [{ userId: ids.u5, name: '钱五' }],
  });
  const holder = { approvers: [{ userId: ids.u5, name: '钱五' }], mode: 'and', done: 1, total: 2 };
  expect(transferred?.pendingStep).toMatchObject(holder);
  // Every list row of the instance carries the same step (one query for the page).
  const [row] = (await listInbox(t.db, viewer('u5'), { view: 'pending' })).items.filter(
    (r) => r.instanceId === instanceId,
  );
  expect(row?.pendingStep).toMatchObject(holder);

  sandbox.control.act(id, { userId: 'u5', action: 'agree' });
  await applyFromEvent(id);
  expect((await detail())?.pendingStep).toBeNull();
  const [ccDone] = (await listInbox(t.db, viewer('u4'), { view: 'cc' })).items.filter(
    (r) => r.instanceId === instanceId,
  );
  expect(ccDone).toMatchObject({ status: 'completed', result: 'agree', pendingStep: null });
});

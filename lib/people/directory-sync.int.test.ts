import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  auditLog,
  connectors,
  directorySyncs,
  identities,
  inboundEvents,
  processInstances,
  processSettings,
  tasks,
  users,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { listProcessSettings, saveProcessSettingAsAdmin } from '@/lib/operations/process-settings';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { listInboxFacets } from '@/lib/tasks/inbox/list-inbox-facets';
import { createDingTalkConnector, createUsers, createYidaConnector } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import {
  minimalScenario,
  TEST_APP,
  TEST_CORP_ID,
  TEST_PROCESS_CODE,
  TEST_YIDA,
} from '@/sandbox/scenarios/minimal';
import { type RunningWorker, startWorker } from '@/worker/start-worker';
import { bulkMatchIdentitiesAsAdmin, previewBulkMatchAsAdmin } from './bulk-match-identities';
import { linkIdentityAsAdmin, unlinkIdentityAsAdmin } from './link-identity-as-admin';
import { listHandoverTasksAsAdmin } from './list-handover-tasks';
import { listUnmappedIdentitiesAsAdmin } from './list-unmapped-identities';
import { listDirectorySyncsAsAdmin, requestDirectorySyncAsAdmin } from './request-directory-sync';
import { searchDirectoryUsersAsAdmin } from './search-directory-users';
import { syncDirectory } from './sync-directory';

let sandbox: RunningSandbox;
let t: TestDatabase;
let worker: RunningWorker | undefined;
let connectorId: string;
let ids: Record<string, string>;
const admin = () => ({ userId: ids.admin as string, name: 'admin', isAdmin: true });
const viewer = (key: string) => ({ userId: ids[key] as string, name: key, isAdmin: false });

/**
 * The directory: each person matches a Huiban user by a different key. u6 has the mobile of ff, an account
 * with a password, which a directory field never links (only an admin does).
 */
function scenario() {
  const s = minimalScenario();
  const org = s.orgs[0];
  if (!org) throw new Error('minimal scenario has no org');
  org.users = [
    { userId: 'u1', name: '张一', deptIds: [2], mobile: '13900000001' },
    { userId: 'u2', name: '李二', deptIds: [2], email: 'Li2@Corp.example', managerUserId: 'u1' },
    { userId: 'u3', name: '王三', deptIds: [2], jobNumber: 'J-003', managerUserId: 'u1' },
    { userId: 'u4', name: '赵四', deptIds: [1], unionId: 'union_u4' },
    { userId: 'u5', name: '钱五', deptIds: [2] },
    { userId: 'u6', name: '孙六', deptIds: [2], mobile: '13900000006' },
  ];
  return s;
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: scenario() });
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'admin', name: '管理员' },
    // Accounts provisioned without a password (they sign in through DingTalk): a directory field links them.
    { username: 'aa', name: '张一', mobile: '13900000001', password: null },
    { username: 'bb', name: '李二', email: 'li2@corp.example', password: null },
    { username: 'cc', name: '王三', jobNumber: 'J-003', password: null },
    { username: 'dd', name: '赵四' },
    { username: 'ee', name: '钱五' },
    { username: 'ff', name: '孙六（新账号）', mobile: '13900000006' },
    { username: 'gg', name: '周七', mobile: '13900000007', password: null },
    { username: 'hh', name: '吴八' },
  ]);
  await t.db
    .update(users)
    .set({ role: 'admin' })
    .where(eq(users.id, ids.admin as string));
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  // u5 is already known to Huiban through the org's Yida connector (same corp, same DingTalk userId).
  const yida = await createYidaConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
    yida: TEST_YIDA,
    operatorUserId: 'u1',
  });
  await t.db.update(connectors).set({ enabled: false }).where(eq(connectors.id, yida.id));
  await t.db
    .insert(identities)
    .values({ connectorId: yida.id, externalUserId: 'u5', userId: ids.ee, matchedBy: 'manual' });
  // u4 signed in with DingTalk through another org's app: same unionId.
  const [other] = await t.db
    .insert(connectors)
    .values({ kind: 'dingtalk', name: '钉钉（集团）', corpId: 'dingothercorp', enabled: false, config: {} })
    .returning({ id: connectors.id });
  await t.db.insert(identities).values({
    connectorId: other!.id,
    externalUserId: 'x4',
    unionId: 'union_u4',
    userId: ids.dd,
    matchedBy: 'login',
  });
});

afterAll(async () => {
  await worker?.stop();
  await t?.drop();
  await sandbox?.close();
});

async function identity(externalUserId: string) {
  const [row] = await t.db
    .select()
    .from(identities)
    .where(and(eq(identities.connectorId, connectorId), eq(identities.externalUserId, externalUserId)));
  return row;
}

async function user(key: string) {
  const [row] = await t.db
    .select()
    .from(users)
    .where(eq(users.id, ids[key] as string));
  return row;
}

test('full sync: every directory person becomes an identity, auto-linked by userId, unionId, mobile, email or job number (never an account with a password); managers set', async () => {
  const result = await syncDirectory(t.db, { connectorId, trigger: 'manual' }, log);
  expect(result).toMatchObject({
    status: 'succeeded',
    stats: { people: 6, created: 6, updated: 0, linked: 5, left: 0, managersSet: 2 },
  });
  const linked = Object.fromEntries(
    await Promise.all(
      ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map(async (u) => {
        const row = await identity(u);
        return [u, `${row?.matchedBy ?? '-'}:${row?.userId ?? '-'}`];
      }),
    ),
  );
  expect(linked).toEqual({
    u1: `mobile:${ids.aa}`,
    u2: `email:${ids.bb}`,
    u3: `jobNumber:${ids.cc}`,
    u4: `unionId:${ids.dd}`,
    u5: `userId:${ids.ee}`,
    u6: '-:-',
  });
  // The account with a password waits for the admin: the bulk match by mobile offers it.
  expect(await previewBulkMatchAsAdmin(t.db, admin(), { field: 'mobile' })).toContainEqual(
    expect.objectContaining({ externalUserId: 'u6', userId: ids.ff }),
  );
  expect(await identity('u2')).toMatchObject({
    name: '李二',
    email: 'li2@corp.example',
    managerExternalId: 'u1',
    departments: ['2'],
    active: true,
  });
  expect((await user('bb'))?.managerId).toBe(ids.aa);
  expect((await user('cc'))?.managerId).toBe(ids.aa);

  // A second run over an unchanged directory changes nothing.
  const again = await syncDirectory(t.db, { connectorId, trigger: 'schedule' }, log);
  expect(again).toMatchObject({
    status: 'succeeded',
    stats: { people: 6, created: 0, updated: 6, linked: 0, left: 0, managersSet: 0 },
  });
  const runs = await t.db.select().from(directorySyncs).where(eq(directorySyncs.connectorId, connectorId));
  expect(runs.map((r) => `${r.trigger}:${r.status}`).sort()).toEqual([
    'manual:succeeded',
    'schedule:succeeded',
  ]);

  const [found] = await searchDirectoryUsersAsAdmin(t.db, admin(), { q: '李二' });
  expect(found?.managerName).toBe('张一');
  expect(found?.identities.map((i) => `${i.externalUserId}:${i.matchedBy}`)).toEqual(['u2:email']);
});

test('incremental: user_add_org links a newcomer, user_modify_org changes the manager (events stored first)', async () => {
  worker = await startWorker({ databaseUrl: t.url, schedules: false });
  sandbox.control.addDirectoryUser(TEST_CORP_ID, {
    userId: 'u7',
    name: '周七',
    deptIds: [2],
    mobile: '13900000007',
    managerUserId: 'u2',
  });
  await expect
    .poll(async () => `${(await identity('u7'))?.matchedBy}:${(await identity('u7'))?.userId}`, {
      timeout: 20_000,
    })
    .toBe(`mobile:${ids.gg}`);
  await expect.poll(async () => (await user('gg'))?.managerId, { timeout: 10_000 }).toBe(ids.bb);

  sandbox.control.modifyDirectoryUser(TEST_CORP_ID, 'u3', {
    managerUserId: 'u2',
    email: 'wang3@corp.example',
  });
  await expect.poll(async () => (await user('cc'))?.managerId, { timeout: 20_000 }).toBe(ids.bb);
  expect((await identity('u3'))?.email).toBe('wang3@corp.example');

  const contactEvents = async () =>
    (
      await t.db
        .select({ type: inboundEvents.type, status: inboundEvents.status })
        .from(inboundEvents)
        .where(eq(inboundEvents.connectorId, connectorId))
    )
      .filter((e) => e.type.startsWith('user_'))
      .map((e) => `${e.type}:${e.status}`)
      .sort();
  await expect
    .poll(contactEvents, { timeout: 10_000 })
    .toEqual(['user_add_org:processed', 'user_modify_org:processed']);
});

test('an unmapped identity’s waiting task appears in the user’s 待我处理 once an admin links it (and leaves on unlink)', async () => {
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u6'] }],
    form: { 采购事由: '显示器', '金额（元）': '1500' },
  });
  const externalId = started.processInstanceId as string;
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select({ id: tasks.id })
            .from(tasks)
            .where(and(eq(tasks.connectorId, connectorId), eq(tasks.assigneeExternalId, 'u6')))
        ).length,
      { timeout: 20_000 },
    )
    .toBe(1);
  const unmapped = await listUnmappedIdentitiesAsAdmin(t.db, admin());
  expect(unmapped.find((i) => i.externalUserId === 'u6')).toMatchObject({ name: '孙六', waitingTasks: 1 });
  expect((await listInbox(t.db, viewer('ff'), { view: 'pending' })).items).toEqual([]);

  const u6 = await identity('u6');
  expect(await linkIdentityAsAdmin(t.db, admin(), { identityId: u6!.id, userId: ids.ff as string })).toEqual({
    tasks: 1,
  });
  const inbox = await listInbox(t.db, viewer('ff'), { view: 'pending' });
  expect(inbox.items.map((i) => i.title)).toEqual([expect.stringContaining('采购')]);
  expect((await identity('u6'))?.matchedBy).toBe('manual');
  expect(externalId).toBeTruthy();

  // Someone else cannot see it.
  expect((await listInbox(t.db, viewer('hh'), { view: 'pending' })).items).toEqual([]);

  await unlinkIdentityAsAdmin(t.db, admin(), { identityId: u6!.id });
  expect((await listInbox(t.db, viewer('ff'), { view: 'pending' })).items).toEqual([]);
  await linkIdentityAsAdmin(t.db, admin(), { identityId: u6!.id, userId: ids.ff as string });
  expect((await listInbox(t.db, viewer('ff'), { view: 'pending' })).items).toHaveLength(1);

  const audits = await t.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.targetId, u6!.id));
  expect(audits.map((a) => a.action)).toEqual(['identity.link', 'identity.unlink', 'identity.link']);
  // Refused for a non-admin.
  await expect(
    linkIdentityAsAdmin(t.db, viewer('ff'), { identityId: u6!.id, userId: ids.ff as string }),
  ).rejects.toMatchObject({ code: 'forbidden' });
});

test('user_leave_org: identity inactive, the account resigned, their pending task flagged 需交接', async () => {
  sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u3'] }],
    form: { 采购事由: '键盘', '金额（元）': '300' },
  });
  await expect
    .poll(async () => (await listInbox(t.db, viewer('cc'), { view: 'pending' })).items.length, {
      timeout: 20_000,
    })
    .toBe(1);
  sandbox.control.removeDirectoryUser(TEST_CORP_ID, 'u3');
  await expect.poll(async () => (await user('cc'))?.status, { timeout: 20_000 }).toBe('resigned');
  expect((await identity('u3'))?.active).toBe(false);
  const handover = await listHandoverTasksAsAdmin(t.db, admin());
  expect(handover).toEqual([
    expect.objectContaining({ assigneeExternalId: 'u3', assigneeName: '王三', userStatus: 'resigned' }),
  ]);

  // A full sync agrees: nobody else left, u3 stays gone.
  const full = await syncDirectory(t.db, { connectorId, trigger: 'manual' }, log);
  expect(full).toMatchObject({ status: 'succeeded', stats: { people: 6, left: 0 } });
  expect((await identity('u3'))?.active).toBe(false);
});

test('bulk match by a chosen field: preview, then link what it showed', async () => {
  sandbox.control.addDirectoryUser(TEST_CORP_ID, { userId: 'u8', name: '吴八', deptIds: [2] });
  await expect.poll(async () => (await identity('u8'))?.name, { timeout: 20_000 }).toBe('吴八');
  expect((await identity('u8'))?.userId).toBeNull();

  expect(await previewBulkMatchAsAdmin(t.db, admin(), { field: 'mobile' })).toEqual([]);
  const preview = await previewBulkMatchAsAdmin(t.db, admin(), { field: 'name' });
  expect(preview).toEqual([
    expect.objectContaining({ externalUserId: 'u8', value: '吴八', userId: ids.hh, userName: '吴八' }),
  ]);
  expect(await bulkMatchIdentitiesAsAdmin(t.db, admin(), { field: 'name' })).toEqual({ linked: 1, tasks: 0 });
  expect(await identity('u8')).toMatchObject({ userId: ids.hh, matchedBy: 'name' });
  expect(await previewBulkMatchAsAdmin(t.db, admin(), { field: 'name' })).toEqual([]);
});

test('mapping: display name, category and summary fields show in the inbox; an excluded process is not ingested', async () => {
  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId,
    processCode: TEST_PROCESS_CODE,
    displayName: '采购（总部）',
    category: '财务',
    summaryFields: ['金额（元）', '采购事由'],
  });
  const [item] = (await listInbox(t.db, viewer('ff'), { view: 'pending' })).items;
  expect(item).toMatchObject({ processName: '采购（总部）', processCategory: '财务' });
  expect(item?.summary).toMatch(/^金额（元）: .*1500.* · 采购事由: 显示器$/);
  expect((await listInboxFacets(t.db, viewer('ff'))).processes).toEqual(['采购（总部）']);
  const filtered = await listInbox(t.db, viewer('ff'), {
    view: 'pending',
    filters: { process: '采购（总部）' },
  });
  expect(filtered.items).toHaveLength(1);
  const [row] = (await listProcessSettings(t.db)).filter(
    (r) => r.connectorId === connectorId && r.processCode === TEST_PROCESS_CODE,
  );
  expect(row).toMatchObject({ included: true, displayName: '采购（总部）', category: '财务' });
  expect(row?.formFields).toEqual(expect.arrayContaining(['采购事由', '金额（元）']));

  await saveProcessSettingAsAdmin(t.db, admin(), {
    connectorId,
    processCode: TEST_PROCESS_CODE,
    included: false,
  });
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u6'] }],
    form: { 采购事由: '不该进来', '金额（元）': '1' },
  });
  const externalId = started.processInstanceId as string;
  await expect
    .poll(
      async () =>
        (
          await t.db
            .select({ status: inboundEvents.status, lastError: inboundEvents.lastError })
            .from(inboundEvents)
            .where(eq(inboundEvents.instanceExternalId, externalId))
        ).map((e) => `${e.status}:${e.lastError?.startsWith('skipped')}`),
      { timeout: 20_000 },
    )
    .toEqual(expect.arrayContaining(['processed:true']));
  const rows = await t.db.select().from(processInstances).where(eq(processInstances.externalId, externalId));
  expect(rows).toEqual([]);
  expect((await listInbox(t.db, viewer('ff'), { view: 'pending' })).items).toHaveLength(1);
  // The rest of the mapping was kept.
  const [kept] = await t.db
    .select()
    .from(processSettings)
    .where(
      and(eq(processSettings.connectorId, connectorId), eq(processSettings.processCode, TEST_PROCESS_CODE)),
    );
  expect(kept).toMatchObject({
    included: false,
    displayName: '采购（总部）',
    summaryFields: ['金额（元）', '采购事由'],
  });
});

test('every identities / directory / mapping admin function refuses an employee (403 at the API)', async () => {
  const employee = viewer('ff');
  const [anyIdentity] = await t.db.select({ id: identities.id }).from(identities).limit(1);
  const calls: [string, () => Promise<unknown>][] = [
    ['search', () => searchDirectoryUsersAsAdmin(t.db, employee, { q: '' })],
    ['unmapped', () => listUnmappedIdentitiesAsAdmin(t.db, employee)],
    ['handover', () => listHandoverTasksAsAdmin(t.db, employee)],
    ['preview', () => previewBulkMatchAsAdmin(t.db, employee, { field: 'name' })],
    ['bulk', () => bulkMatchIdentitiesAsAdmin(t.db, employee, { field: 'name' })],
    [
      'link',
      () => linkIdentityAsAdmin(t.db, employee, { identityId: anyIdentity!.id, userId: employee.userId }),
    ],
    ['unlink', () => unlinkIdentityAsAdmin(t.db, employee, { identityId: anyIdentity!.id })],
    ['syncs', () => listDirectorySyncsAsAdmin(t.db, employee)],
    ['sync', () => requestDirectorySyncAsAdmin(t.db, employee, { connectorId })],
    [
      'mapping',
      () => saveProcessSettingAsAdmin(t.db, employee, { connectorId, processCode: 'X', included: false }),
    ],
  ];
  for (const [name, call] of calls) {
    await expect(call(), name).rejects.toMatchObject({ code: 'forbidden' });
  }
  const [left] = await t.db
    .select()
    .from(processSettings)
    .where(and(eq(processSettings.connectorId, connectorId), eq(processSettings.processCode, 'X')));
  expect(left).toBeUndefined();
});

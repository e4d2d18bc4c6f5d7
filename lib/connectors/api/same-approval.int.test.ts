import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import {
  auditLog,
  identities,
  processInstances,
  sameApprovalKeys,
  sameApprovalLinks,
  sameApprovalRules,
  taskActions,
  tasks,
} from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import { pushBatch } from '@/lib/connectors/api/push-batch';
import { pushInstance } from '@/lib/connectors/api/push-instance';
import { instanceUpsertSchema } from '@/lib/connectors/api/push-schema';
import { dingtalkApprovalKey } from '@/lib/connectors/dingtalk/links';
import { ensureLocalConnector } from '@/lib/connectors/local/local-connector';
import {
  createSameApprovalRuleAsAdmin,
  deleteSameApprovalRuleAsAdmin,
  listSameApprovalRuleChoicesAsAdmin,
  listSameApprovalRulesAsAdmin,
  updateSameApprovalRuleAsAdmin,
} from '@/lib/operations/same-approval-rules';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { countInbox } from '@/lib/tasks/inbox/count-inbox';
import { listInbox } from '@/lib/tasks/inbox/list-inbox';
import { getInstanceForViewer } from '@/lib/tasks/instance-queries';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createApiConnectorWithKey, createDingTalkConnector, createUsers } from '@/lib/testing/factories';

/**
 * One task for one approval: the three ways two copies of one approval reach Huiban — (a) a local
 * workflow's DingTalk step and the DingTalk instance it started, (b) an open-API push mirroring a DingTalk
 * approval by its `sameApprovalAs` reference, (c) an admin's rule on a form field — are linked in either arrival
 * order; the inbox lists the approval once and counts it once; the detail page shows both copies; acting once
 * settles both, with exactly one action (and one write-back job) per source.
 */

let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let localId: string;
let api: { id: string };
const viewer = (u: string): Viewer => ({ userId: ids[u] as string, name: u, isAdmin: false });
let clock = Date.parse('2026-12-01T08:00:00Z');
function tick(): string {
  clock += 60_000;
  return new Date(clock).toISOString();
}

beforeAll(async () => {
  t = await createTestDatabase();
  ids = await createUsers(
    t.db,
    ['u1', 'u2', 'u3'].map((u) => ({ username: u, name: `用户${u}`, email: `${u}@test.example` })),
  );
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: 'dingcorp',
    app: { clientId: 'app', clientSecret: 'secret' },
  }));
  localId = await ensureLocalConnector(t.db);
  api = await createApiConnectorWithKey(t.db, { name: 'ERP' });
  for (const u of ['u1', 'u2', 'u3'])
    await t.db.insert(identities).values([
      { connectorId: dingtalkId, externalUserId: `dt_${u}`, userId: ids[u], name: u, matchedBy: 'email' },
      {
        connectorId: localId,
        externalUserId: ids[u] as string,
        userId: ids[u],
        name: u,
        matchedBy: 'userId',
      },
    ]);
}, 60_000);

afterAll(async () => {
  await t?.drop();
});

/** A DingTalk instance as fetch-snapshot builds it (its own key), u1 approving, u2 originating. */
function dingtalkSnapshot(id: string, extra: Partial<InstanceSnapshot> = {}): InstanceSnapshot {
  return {
    externalId: id,
    processCode: 'PROC-DT',
    processName: '报销',
    title: `钉钉审批 ${id}`,
    originator: { externalUserId: 'dt_u2' },
    status: 'running',
    formValues: [{ name: '单号', type: 'text', value: `NO-${id}`, display: `NO-${id}` }],
    createdAt: tick(),
    sourceUpdatedAt: tick(),
    taskScope: 'full',
    tasks: [
      {
        externalTaskId: `${id}-t1`,
        kind: 'approval',
        assigneeExternalId: 'dt_u1',
        status: 'pending',
        receivedAt: tick(),
      },
    ],
    sameApproval: [{ key: dingtalkApprovalKey(id), role: 'own' }],
    ...extra,
  };
}

/** A local run whose DingTalk step started `dingtalkId` (no task of its own for that step), u2 originating. */
function localSnapshot(runId: string, dingtalkInstance: string): InstanceSnapshot {
  return {
    externalId: randomUUID(),
    processCode: 'purchase',
    processName: '采购申请',
    title: `采购申请 ${runId}`,
    originator: { externalUserId: ids.u2 as string },
    status: 'running',
    createdAt: tick(),
    sourceUpdatedAt: tick(),
    taskScope: 'full',
    tasks: [],
    sameApproval: [{ key: dingtalkApprovalKey(dingtalkInstance), role: 'started' }],
  };
}

async function pushMirror(
  externalId: string,
  dingtalkInstance: string | null,
  extra: Record<string, unknown> = {},
): Promise<{ instanceId: string }> {
  await pushInstance(
    t.db,
    api.id,
    instanceUpsertSchema.parse({
      externalId,
      title: `ERP 副本 ${externalId}`,
      processName: 'ERP 报销',
      originator: { email: 'u2@test.example' },
      updatedAt: tick(),
      tasks: [{ externalTaskId: `${externalId}-t1`, assignee: { email: 'u1@test.example' } }],
      ...(dingtalkInstance ? { sameApprovalAs: { dingtalkProcessInstanceId: dingtalkInstance } } : {}),
      ...extra,
    }),
  );
  const [row] = await t.db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, api.id), eq(processInstances.externalId, externalId)));
  return { instanceId: row!.id };
}

async function linkOf(twinInstanceId: string) {
  const [row] = await t.db
    .select()
    .from(sameApprovalLinks)
    .where(eq(sameApprovalLinks.twinInstanceId, twinInstanceId));
  return row;
}

async function pendingTitles(u: string) {
  return (await listInbox(t.db, viewer(u), { view: 'pending' })).items.map((i) => i.title);
}

test('(a) a local workflow and the DingTalk approval its step started, either order: 我发起的 lists the request once', async () => {
  // DingTalk copy first, then the local run.
  const dt1 = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('A1'),
  });
  const run1 = await applySnapshot(t.db, {
    connectorId: localId,
    source: 'local',
    snapshot: localSnapshot('run-a1', 'A1'),
  });
  expect(await linkOf(dt1.instanceId)).toMatchObject({
    primaryInstanceId: run1.instanceId,
    reason: 'started',
  });
  // Local run first, then the DingTalk copy.
  const run2 = await applySnapshot(t.db, {
    connectorId: localId,
    source: 'local',
    snapshot: localSnapshot('run-a2', 'A2'),
  });
  const dt2 = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('A2'),
  });
  expect(await linkOf(dt2.instanceId)).toMatchObject({
    primaryInstanceId: run2.instanceId,
    reason: 'started',
  });
  // Applying either again changes nothing.
  await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('A2'),
  });
  expect(await t.db.select().from(sameApprovalLinks)).toHaveLength(2);

  const initiated = (await listInbox(t.db, viewer('u2'), { view: 'initiated' })).items.map((i) => i.title);
  expect(initiated.filter((x) => x.includes('A1') || x.includes('run-a1'))).toEqual(['采购申请 run-a1']);
  expect(initiated.filter((x) => x.includes('A2') || x.includes('run-a2'))).toEqual(['采购申请 run-a2']);
  // The DingTalk approver has nothing on the local run: their DingTalk task stays in 待我处理.
  expect(await pendingTitles('u1')).toEqual(expect.arrayContaining(['钉钉审批 A1', '钉钉审批 A2']));
  // The originator's detail page of the request links the DingTalk copy.
  const detail = await getInstanceForViewer(t.db, viewer('u2'), run1.instanceId);
  expect(detail?.sameApproval).toEqual([
    expect.objectContaining({ instanceId: dt1.instanceId, source: 'dingtalk', isPrimary: false }),
  ]);
});

test('(b) an open-API mirror of a DingTalk approval, either order: shown once, counted once, acting once settles both', async () => {
  const before = (await countInbox(t.db, viewer('u1'))).pending;
  // Mirror first, then the DingTalk approval.
  const m1 = await pushMirror('ERP-B1', 'B1');
  const dt1 = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('B1'),
  });
  expect(await linkOf(m1.instanceId)).toMatchObject({ primaryInstanceId: dt1.instanceId, reason: 'mirror' });
  // DingTalk first, then the mirror.
  const dt2 = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('B2'),
  });
  const m2 = await pushMirror('ERP-B2', 'B2');
  expect(await linkOf(m2.instanceId)).toMatchObject({ primaryInstanceId: dt2.instanceId, reason: 'mirror' });
  // A push without the field keeps the reference; null drops it.
  await pushMirror('ERP-B2', null);
  expect(await linkOf(m2.instanceId)).toBeDefined();

  // 待我处理 lists each approval once (the DingTalk copy), and counts it once.
  const titles = await pendingTitles('u1');
  expect(titles).toEqual(expect.arrayContaining(['钉钉审批 B1', '钉钉审批 B2']));
  expect(titles.filter((x) => x.startsWith('ERP 副本'))).toEqual([]);
  expect((await countInbox(t.db, viewer('u1'))).pending).toBe(before + 2);
  // Both sources' links on the detail page.
  const detail = await getInstanceForViewer(t.db, viewer('u1'), dt1.instanceId);
  expect(detail?.sameApproval).toEqual([
    expect.objectContaining({
      instanceId: m1.instanceId,
      source: 'api',
      connectorName: 'ERP',
      isPrimary: false,
    }),
  ]);
  // Someone taking part in neither copy sees neither.
  expect(await getInstanceForViewer(t.db, viewer('u3'), dt1.instanceId)).toBeNull();

  // u1 agrees once, on the DingTalk copy: both tasks are settled, one action and one write-back job per source.
  const [dtTask] = await t.db.select().from(tasks).where(eq(tasks.instanceId, dt1.instanceId));
  const { actionId } = await actOnTask(t.db, viewer('u1'), {
    taskId: dtTask!.id,
    action: 'agree',
    remark: '同意',
  });
  const actions = await t.db
    .select({ instanceId: taskActions.instanceId, action: taskActions.action, params: taskActions.params })
    .from(taskActions)
    .where(sql`${taskActions.instanceId} in (${dt1.instanceId}, ${m1.instanceId})`);
  expect(actions).toHaveLength(2);
  expect(actions.map((a) => a.instanceId).sort()).toEqual([dt1.instanceId, m1.instanceId].sort());
  expect(actions.find((a) => a.instanceId === m1.instanceId)).toMatchObject({
    action: 'agree',
    params: { sameApprovalOf: actionId },
  });
  const jobs = await t.db.execute<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'write-back-action'
        AND data->>'actionId' IN (SELECT id::text FROM task_actions WHERE instance_id IN (${dt1.instanceId}, ${m1.instanceId}))`,
  );
  expect(Number(jobs[0]?.n)).toBe(2);
  const settled = await t.db
    .select({ actedAt: tasks.actedAt })
    .from(tasks)
    .where(sql`${tasks.instanceId} in (${dt1.instanceId}, ${m1.instanceId})`);
  expect(settled.every((s) => s.actedAt !== null)).toBe(true);
  // Acting again on the mirror is refused: it was settled with the primary.
  const [mirrorTask] = await t.db.select().from(tasks).where(eq(tasks.instanceId, m1.instanceId));
  await expect(
    actOnTask(t.db, viewer('u1'), { taskId: mirrorTask!.id, action: 'agree' }),
  ).rejects.toMatchObject({
    code: 'conflict',
  });
  expect((await countInbox(t.db, viewer('u1'))).pending).toBe(before + 1);
  expect(await pendingTitles('u1')).not.toContain('钉钉审批 B1');
});

test('(c) an admin rule on a form field (process A field X equals process B field Y), either order', async () => {
  const boss = { userId: ids.u3 as string, name: 'u3', isAdmin: true };
  const rule = {
    name: '报销单号',
    a: { connectorId: dingtalkId, processCode: 'PROC-DT', field: '单号' },
    b: { connectorId: api.id, processCode: 'ERP 报销', field: '报销单号' },
  };
  await expect(createSameApprovalRuleAsAdmin(t.db, viewer('u1'), rule)).rejects.toMatchObject({
    code: 'forbidden',
  });
  await expect(createSameApprovalRuleAsAdmin(t.db, boss, { ...rule, b: rule.a })).rejects.toMatchObject({
    code: 'bad_request',
  });
  await createSameApprovalRuleAsAdmin(t.db, boss, rule);
  await expect(createSameApprovalRuleAsAdmin(t.db, boss, rule)).rejects.toMatchObject({ code: 'conflict' });
  expect(await t.db.select().from(sameApprovalRules)).toHaveLength(1);
  const withNo = (no: string) => ({ formValues: [{ name: '报销单号', value: no }] });
  // B side first, then A.
  const m1 = await pushMirror('ERP-C1', null, withNo('NO-C1'));
  const dt1 = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('C1', { sameApproval: [] }),
  });
  expect(await linkOf(m1.instanceId)).toMatchObject({ primaryInstanceId: dt1.instanceId, reason: 'rule' });
  // A side first, then B.
  const dt2 = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('C2', { sameApproval: [] }),
  });
  const m2 = await pushMirror('ERP-C2', null, withNo('NO-C2'));
  expect(await linkOf(m2.instanceId)).toMatchObject({ primaryInstanceId: dt2.instanceId, reason: 'rule' });
  // A different value is a different approval.
  const m3 = await pushMirror('ERP-C3', null, withNo('NO-OTHER'));
  expect(await linkOf(m3.instanceId)).toBeUndefined();

  const titles = await pendingTitles('u1');
  expect(titles).toEqual(expect.arrayContaining(['钉钉审批 C1', '钉钉审批 C2', 'ERP 副本 ERP-C3']));
  expect(titles).not.toContain('ERP 副本 ERP-C1');
  expect(titles).not.toContain('ERP 副本 ERP-C2');

  // Refusing the mirror (opened directly) settles the DingTalk copy too.
  const [mirrorTask] = await t.db.select().from(tasks).where(eq(tasks.instanceId, m2.instanceId));
  await actOnTask(t.db, viewer('u1'), { taskId: mirrorTask!.id, action: 'refuse', remark: '不同意' });
  const rows = await t.db
    .select({ instanceId: taskActions.instanceId, action: taskActions.action })
    .from(taskActions)
    .where(sql`${taskActions.instanceId} in (${dt2.instanceId}, ${m2.instanceId})`);
  expect(
    rows.map((r) => `${r.instanceId === dt2.instanceId ? 'dingtalk' : 'api'}:${r.action}`).sort(),
  ).toEqual(['api:refuse', 'dingtalk:refuse']);
  expect(await pendingTitles('u1')).not.toContain('钉钉审批 C2');
});

test('the open-API batch links like single pushes: by reference, by rule and by stored keys, among items with none', async () => {
  // The rule of (c) is in place (process ERP 报销, field 报销单号). Three DingTalk approvals arrive first.
  const dts = [];
  for (const id of ['D1', 'D2']) {
    dts.push(
      await applySnapshot(t.db, {
        connectorId: dingtalkId,
        source: 'dingtalk',
        snapshot: dingtalkSnapshot(id),
      }),
    );
  }
  const item = (externalId: string, extra: Record<string, unknown> = {}) => ({
    op: 'upsert',
    instance: {
      externalId,
      title: `ERP 副本 ${externalId}`,
      processName: 'ERP 报销',
      originator: { email: 'u2@test.example' },
      updatedAt: tick(),
      tasks: [{ externalTaskId: `${externalId}-t1`, assignee: { email: 'u1@test.example' } }],
      ...extra,
    },
  });
  const answer = await pushBatch(t.db, api.id, [
    item('ERP-D1', { sameApprovalAs: { dingtalkProcessInstanceId: 'D1' } }),
    item('ERP-D2', { formValues: [{ name: '报销单号', value: 'NO-D2' }] }),
    ...Array.from({ length: 5 }, (_, i) => item(`ERP-PLAIN-${i}`)),
  ]);
  expect(answer.summary.failed).toBe(0);
  const idOf = async (externalId: string) =>
    (
      await t.db
        .select({ id: processInstances.id })
        .from(processInstances)
        .where(and(eq(processInstances.connectorId, api.id), eq(processInstances.externalId, externalId)))
    )[0]?.id as string;
  expect(await linkOf(await idOf('ERP-D1'))).toMatchObject({
    primaryInstanceId: dts[0]?.instanceId,
    reason: 'mirror',
  });
  expect(await linkOf(await idOf('ERP-D2'))).toMatchObject({
    primaryInstanceId: dts[1]?.instanceId,
    reason: 'rule',
  });
  for (let i = 0; i < 5; i++) expect(await linkOf(await idOf(`ERP-PLAIN-${i}`))).toBeUndefined();
  // A later batch dropping the reference (null) drops its stored key, as a single push does: an item with no
  // keys of its own is still visited when it has stored ones.
  const keysOf = async (instanceId: string) =>
    (await t.db.select().from(sameApprovalKeys).where(eq(sameApprovalKeys.instanceId, instanceId))).map(
      (k) => k.key,
    );
  const d1 = await idOf('ERP-D1');
  expect(await keysOf(d1)).toEqual(['dingtalk:D1']);
  await pushBatch(t.db, api.id, [item('ERP-D1', { sameApprovalAs: null })]);
  expect(await keysOf(d1)).toEqual([]);
});

test('rules admin: each rule lists the pairs it linked; an edit passes the same checks, applies from then on and keeps the pairs made', async () => {
  const boss = { userId: ids.u3 as string, name: 'u3', isAdmin: true };
  const rule = {
    name: '合同号',
    a: { connectorId: dingtalkId, processCode: 'PROC-CT', field: '合同号' },
    b: { connectorId: api.id, processCode: 'ERP 合同', field: '合同编号' },
  };
  const created = await createSameApprovalRuleAsAdmin(t.db, boss, rule);
  expect(created).toMatchObject({ enabled: true, linked: { total: 0, recent: [] } });
  const contract = (id: string, no: string) =>
    applySnapshot(t.db, {
      connectorId: dingtalkId,
      source: 'dingtalk',
      snapshot: dingtalkSnapshot(id, {
        processCode: 'PROC-CT',
        sameApproval: [],
        formValues: [{ name: '合同号', type: 'text', value: no, display: no }],
      }),
    });
  const erpContract = (id: string, field: string, no: string) =>
    pushMirror(id, null, { processName: 'ERP 合同', formValues: [{ name: field, value: no }] });
  const dt = await contract('E1', 'HT-1');
  const erp = await erpContract('ERP-E1', '合同编号', 'HT-1');

  // The list: both connectors named, and the pair the rule linked.
  const listed = (await listSameApprovalRulesAsAdmin(t.db, boss)).items.find((r) => r.id === created.id);
  expect(listed).toMatchObject({
    a: { connectorId: dingtalkId, processCode: 'PROC-CT', field: '合同号' },
    b: { connectorId: api.id, connectorName: 'ERP', processCode: 'ERP 合同', field: '合同编号' },
    linked: {
      total: 1,
      recent: [
        {
          value: 'HT-1',
          primary: { instanceId: dt.instanceId, title: '钉钉审批 E1' },
          twin: { instanceId: erp.instanceId, title: 'ERP 副本 ERP-E1' },
        },
      ],
    },
  });
  await expect(listSameApprovalRulesAsAdmin(t.db, viewer('u1'))).rejects.toMatchObject({ code: 'forbidden' });

  // The form's choices: each connector's processes as the rules name them (code, else name) with their fields.
  const choices = await listSameApprovalRuleChoicesAsAdmin(t.db, boss);
  const processesOf = (id: string) => choices.connectors.find((c) => c.id === id)?.processes ?? [];
  expect(processesOf(dingtalkId)).toContainEqual({ code: 'PROC-CT', name: '报销', fields: ['合同号'] });
  expect(processesOf(api.id)).toContainEqual({ code: 'ERP 合同', name: 'ERP 合同', fields: ['合同编号'] });
  await expect(listSameApprovalRuleChoicesAsAdmin(t.db, viewer('u1'))).rejects.toMatchObject({
    code: 'forbidden',
  });

  // An edit passes the checks a new rule does.
  const edit = (input: Parameters<typeof updateSameApprovalRuleAsAdmin>[3], as = boss, id = created.id) =>
    updateSameApprovalRuleAsAdmin(t.db, as, id, input);
  await expect(edit(rule, viewer('u1'))).rejects.toMatchObject({ code: 'forbidden' });
  await expect(edit({ ...rule, b: rule.a })).rejects.toMatchObject({ code: 'bad_request' });
  await expect(
    edit({ ...rule, b: { ...rule.b, connectorId: '00000000-0000-4000-8000-000000000000' } }),
  ).rejects.toMatchObject({ code: 'bad_request' });
  await expect(edit(rule, boss, '00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({
    code: 'not_found',
  });
  await expect(edit(rule, boss, 'not-a-uuid')).rejects.toMatchObject({ code: 'not_found' });
  const other = await createSameApprovalRuleAsAdmin(t.db, boss, {
    ...rule,
    name: '另一条',
    b: { ...rule.b, field: '编号' },
  });
  await expect(edit({ ...rule, b: { ...rule.b, field: other.b.field } })).rejects.toMatchObject({
    code: 'conflict',
  });
  await deleteSameApprovalRuleAsAdmin(t.db, boss, other.id);

  // Switched off: a new matching pair is not linked.
  await edit({ ...rule, enabled: false });
  const erpOff = await erpContract('ERP-E2', '合同编号', 'HT-2');
  await contract('E2', 'HT-2');
  expect(await linkOf(erpOff.instanceId)).toBeUndefined();

  // Edited to B's other field and on again: pairs on that field link from now on; the pair made before stays.
  const edited = await edit({
    ...rule,
    name: '合同号（新）',
    b: { ...rule.b, field: '合同号B' },
    enabled: true,
  });
  expect(edited).toMatchObject({ name: '合同号（新）', enabled: true, b: { field: '合同号B' } });
  const erpNew = await erpContract('ERP-E3', '合同号B', 'HT-3');
  const dtNew = await contract('E3', 'HT-3');
  expect(await linkOf(erpNew.instanceId)).toMatchObject({
    primaryInstanceId: dtNew.instanceId,
    reason: 'rule',
  });
  expect(await linkOf(erp.instanceId)).toMatchObject({ primaryInstanceId: dt.instanceId, reason: 'rule' });
  const after = (await listSameApprovalRulesAsAdmin(t.db, boss)).items.find((r) => r.id === created.id);
  expect(after?.linked.total).toBe(2);
  expect(after?.linked.recent.map((p) => p.value).sort()).toEqual(['HT-1', 'HT-3']);
  const audits = await t.db
    .select({ action: auditLog.action })
    .from(auditLog)
    .where(eq(auditLog.targetId, created.id));
  expect(audits.map((a) => a.action).sort()).toEqual([
    'same_approval_rule.create',
    'same_approval_rule.update',
    'same_approval_rule.update',
  ]);

  // Deleted: no longer listed, its links stay.
  await deleteSameApprovalRuleAsAdmin(t.db, boss, created.id);
  expect((await listSameApprovalRulesAsAdmin(t.db, boss)).items.map((r) => r.id)).not.toContain(created.id);
  expect(await linkOf(erpNew.instanceId)).toBeDefined();
  await expect(deleteSameApprovalRuleAsAdmin(t.db, boss, created.id)).rejects.toMatchObject({
    code: 'not_found',
  });
});

test('a comment or transfer acts on the one task only', async () => {
  const dt = await applySnapshot(t.db, {
    connectorId: dingtalkId,
    source: 'dingtalk',
    snapshot: dingtalkSnapshot('D1'),
  });
  const m = await pushMirror('ERP-D1', 'D1');
  const [dtTask] = await t.db.select().from(tasks).where(eq(tasks.instanceId, dt.instanceId));
  await actOnTask(t.db, viewer('u1'), { taskId: dtTask!.id, action: 'comment', remark: '看一下' });
  const onMirror = await t.db
    .select()
    .from(taskActions)
    .where(and(eq(taskActions.instanceId, m.instanceId)));
  expect(onMirror).toEqual([]);
});

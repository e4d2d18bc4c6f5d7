import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { dingtalkTemplateSchemas, users, workflowDefinitions } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { log } from '@/lib/log';
import { listProcessSettings } from '@/lib/operations/process-settings';
import { refreshInstance } from '@/lib/sync/refresh-instance';
import { createDingTalkConnector, createUsers } from '@/lib/testing/factories';
import { type RunningSandbox, startSandbox } from '@/sandbox/index';
import { minimalScenario, TEST_APP, TEST_CORP_ID, TEST_PROCESS_CODE } from '@/sandbox/scenarios/minimal';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import type { WorkflowBody } from '../local/definition-schema';
import { saveDingTalkTemplateAsAdmin } from '../local/workflows/save-dingtalk-template';
import { dingtalkSettings } from './config';
import { clearFormSchemaCache } from './form-schema';
import { callApi } from './open-api';
import { acknowledgeTemplateChangeAsAdmin, checkTemplateSchemaAsAdmin } from './template-schema-admin';
import { clearRecordedSchemas } from './track-template-schema';

/**
 * DingTalk approval templates (§5.9) against the sandbox: an admin creates and updates one from a local
 * workflow's form; Huiban notices when a mapped template's schema changes (hash), says what changed, and an
 * admin acknowledges it.
 */

let sandbox: RunningSandbox;
let t: TestDatabase;
let ids: Record<string, string>;
let dingtalkId: string;
let definitionId: string;

const admin = () => ({ userId: ids.boss as string, name: 'boss', isAdmin: true });

const body = (extra: WorkflowBody['form']['fields'] = []): WorkflowBody => ({
  form: {
    fields: [
      { key: 'reason', label: '采购事由', type: 'text', required: true },
      { key: 'amount', label: '金额', type: 'money', required: true },
      {
        key: 'kind',
        label: '类型',
        type: 'select',
        required: false,
        options: [
          { value: 'hw', label: '硬件' },
          { value: 'sw', label: '软件' },
        ],
      },
      { key: 'files', label: '附件', type: 'attachments', required: false, maxFiles: 9 },
      {
        key: 'items',
        label: '明细',
        type: 'table',
        required: false,
        columns: [
          { key: 'name', label: '品名', type: 'text', required: true },
          { key: 'qty', label: '数量', type: 'number', required: true },
        ],
      },
      ...extra,
    ],
  },
  steps: [],
  options: { mirrorTodoConnectorId: null, notifyAssignee: false },
});

async function schemaOf(processCode: string) {
  const connector = await unsafeLoadConnectorRuntime(t.db, dingtalkId);
  const answer = await callApi<{
    result: { name: string; schemaContent: { items: { componentName: string; props: { label: string } }[] } };
  }>(dingtalkSettings(connector!), '/v1.0/workflow/forms/schemas/processCodes', { query: { processCode } });
  return answer.result;
}

async function tracked(processCode: string) {
  const [row] = await t.db
    .select()
    .from(dingtalkTemplateSchemas)
    .where(
      and(
        eq(dingtalkTemplateSchemas.connectorId, dingtalkId),
        eq(dingtalkTemplateSchemas.processCode, processCode),
      ),
    );
  return row;
}

beforeAll(async () => {
  sandbox = await startSandbox({ scenario: minimalScenario() });
  t = await createTestDatabase();
  ids = await createUsers(t.db, [
    { username: 'boss', name: 'boss' },
    { username: 'u1', name: 'u1' },
  ]);
  await t.db.update(users).set({ role: 'admin' }).where(eq(users.id, ids.boss!));
  ({ id: dingtalkId } = await createDingTalkConnector(t.db, {
    sandboxUrl: sandbox.url,
    corpId: TEST_CORP_ID,
    app: TEST_APP,
  }));
  const [def] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'purchase', name: 'Huiban 采购申请', description: '由 Huiban 创建', draft: body() })
    .returning({ id: workflowDefinitions.id });
  definitionId = def!.id;
}, 60_000);

afterAll(async () => {
  await sandbox?.close();
  await t?.drop();
});

test('create: the form becomes a DingTalk template, kept on the definition, audited, its schema accepted', async () => {
  const result = await saveDingTalkTemplateAsAdmin(t.db, admin(), { definitionId, connectorId: dingtalkId });
  expect(result.created).toBe(true);
  expect(result.template.processCode).toMatch(/^PROC-/);
  expect(result.fieldMap).toContainEqual({ fieldKey: 'reason', componentName: '采购事由' });
  const schema = await schemaOf(result.template.processCode);
  expect(schema.name).toBe('Huiban 采购申请');
  expect(schema.schemaContent.items.map((i) => [i.componentName, i.props.label])).toEqual([
    ['TextField', '采购事由'],
    ['MoneyField', '金额'],
    ['DDSelectField', '类型'],
    ['DDAttachment', '附件'],
    ['TableField', '明细'],
  ]);
  const [def] = await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, definitionId));
  expect(def?.dingtalkTemplate).toMatchObject({
    connectorId: dingtalkId,
    processCode: result.template.processCode,
  });
  expect(await tracked(result.template.processCode)).toMatchObject({ staleSince: null });
  const audit = await t.db.execute(sql`select action from audit_log where target_id = ${definitionId}`);
  expect(audit).toEqual([{ action: 'workflow.dingtalk_template.create' }]);
});

test('update: same processCode, the changed form, not reported as a change (Huiban made it)', async () => {
  const before = (
    await t.db.select().from(workflowDefinitions).where(eq(workflowDefinitions.id, definitionId))
  )[0]!.dingtalkTemplate!;
  await t.db
    .update(workflowDefinitions)
    .set({ draft: body([{ key: 'note', label: '备注', type: 'textarea', required: false }]) })
    .where(eq(workflowDefinitions.id, definitionId));
  const result = await saveDingTalkTemplateAsAdmin(t.db, admin(), { definitionId, connectorId: dingtalkId });
  expect(result.created).toBe(false);
  expect(result.template.processCode).toBe(before.processCode);
  const schema = await schemaOf(before.processCode);
  expect(schema.schemaContent.items.at(-1)).toMatchObject({
    componentName: 'TextareaField',
    props: { label: '备注' },
  });
  expect(await tracked(before.processCode)).toMatchObject({ staleSince: null });
  const audit = await t.db.execute(
    sql`select action from audit_log where target_id = ${definitionId} order by created_at`,
  );
  expect(audit.map((a) => a.action)).toEqual([
    'workflow.dingtalk_template.create',
    'workflow.dingtalk_template.update',
  ]);
});

test("DingTalk's refusals are plain errors; only admins may save", async () => {
  const [other] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'dup', name: '采购申请', draft: body() }) // the sandbox's own template has this name
    .returning({ id: workflowDefinitions.id });
  await expect(
    saveDingTalkTemplateAsAdmin(t.db, admin(), { definitionId: other!.id, connectorId: dingtalkId }),
  ).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('formName.error') });
  await expect(
    saveDingTalkTemplateAsAdmin(
      t.db,
      { userId: ids.u1!, name: 'u1', isAdmin: false },
      {
        definitionId,
        connectorId: dingtalkId,
      },
    ),
  ).rejects.toMatchObject({ code: 'forbidden' });
  const [empty] = await t.db
    .insert(workflowDefinitions)
    .values({ key: 'empty', name: '空表单' })
    .returning({ id: workflowDefinitions.id });
  await expect(
    saveDingTalkTemplateAsAdmin(t.db, admin(), { definitionId: empty!.id, connectorId: dingtalkId }),
  ).rejects.toMatchObject({ code: 'validation_failed' });
});

test('a mapped template whose schema changes at DingTalk is marked stale with what changed, until acknowledged', async () => {
  clearFormSchemaCache();
  clearRecordedSchemas();
  const connector = (await unsafeLoadConnectorRuntime(t.db, dingtalkId))!;
  const started = sandbox.control.startInstance({
    processCode: TEST_PROCESS_CODE,
    originatorUserId: 'u1',
    approvers: [{ actionType: 'NONE', userIds: ['u2'] }],
    form: { 采购事由: '键盘', '金额（元）': '99' },
  });
  const instanceId = String(started.processInstanceId);
  await refreshInstance(t.db, connector, instanceId, { log, processCode: TEST_PROCESS_CODE });
  // First sighting: accepted as is.
  expect(await tracked(TEST_PROCESS_CODE)).toMatchObject({ staleSince: null, changes: null });

  // An admin edits the template in DingTalk: a label renamed, the amount removed, a field added.
  sandbox.control.addTemplate(TEST_CORP_ID, {
    processCode: TEST_PROCESS_CODE,
    name: '采购申请',
    formComponents: [
      {
        componentType: 'TextField',
        props: { componentId: 'TextField_reason', label: '采购原因', required: true },
      },
      { componentType: 'DDAttachment', props: { componentId: 'DDAttachment_files', label: '附件' } },
      { componentType: 'DDDateField', props: { componentId: 'DDDateField_due', label: '期望到货日期' } },
    ],
  });
  // The cached schema (an hour) still hides it; the next real fetch sees it.
  await refreshInstance(t.db, connector, instanceId, { log, processCode: TEST_PROCESS_CODE });
  expect((await tracked(TEST_PROCESS_CODE))?.staleSince).toBeNull();
  clearFormSchemaCache();
  await refreshInstance(t.db, connector, instanceId, { log, processCode: TEST_PROCESS_CODE });
  const row = await tracked(TEST_PROCESS_CODE);
  expect(row?.staleSince).not.toBeNull();
  expect(row?.changes).toEqual({
    added: [{ id: 'DDDateField_due', label: '期望到货日期', type: 'DDDateField' }],
    removed: [{ id: 'MoneyField_amount', label: '金额（元）', type: 'MoneyField' }],
    renamed: [{ id: 'TextField_reason', from: '采购事由', to: '采购原因' }],
    retyped: [],
  });
  // The process/mapping admin page shows it.
  const listed = (await listProcessSettings(t.db)).find((p) => p.processCode === TEST_PROCESS_CODE);
  expect(listed?.templateChange?.changes?.renamed).toEqual([
    { id: 'TextField_reason', from: '采购事由', to: '采购原因' },
  ]);
  // Checking again (fresh) keeps it stale; acknowledging accepts the new schema, audited.
  expect(
    await checkTemplateSchemaAsAdmin(t.db, admin(), {
      connectorId: dingtalkId,
      processCode: TEST_PROCESS_CODE,
    }),
  ).toMatchObject({ stale: true });
  await expect(
    acknowledgeTemplateChangeAsAdmin(
      t.db,
      { userId: ids.u1!, name: 'u1', isAdmin: false },
      {
        connectorId: dingtalkId,
        processCode: TEST_PROCESS_CODE,
      },
    ),
  ).rejects.toMatchObject({ code: 'forbidden' });
  expect(
    await acknowledgeTemplateChangeAsAdmin(t.db, admin(), {
      connectorId: dingtalkId,
      processCode: TEST_PROCESS_CODE,
    }),
  ).toMatchObject({ stale: false, changes: null });
  expect((await tracked(TEST_PROCESS_CODE))?.hash).toBe(row?.latestHash);
  expect(
    (await listProcessSettings(t.db)).find((p) => p.processCode === TEST_PROCESS_CODE)?.templateChange,
  ).toBeNull();
  await expect(
    acknowledgeTemplateChangeAsAdmin(t.db, admin(), {
      connectorId: dingtalkId,
      processCode: TEST_PROCESS_CODE,
    }),
  ).rejects.toMatchObject({ code: 'conflict' });
  const audit = await t.db.execute(
    sql`select action from audit_log where action = 'process.template_change.acknowledge'`,
  );
  expect(audit).toHaveLength(1);
  // The next snapshot with the accepted schema does not mark it again.
  clearFormSchemaCache();
  await refreshInstance(t.db, connector, instanceId, { log, processCode: TEST_PROCESS_CODE });
  expect((await tracked(TEST_PROCESS_CODE))?.staleSince).toBeNull();
});

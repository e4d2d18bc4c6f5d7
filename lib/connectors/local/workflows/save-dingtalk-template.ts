import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type DingTalkTemplateRef, workflowDefinitions, workflowVersions } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { dingtalkSettings } from '../../dingtalk/config';
import { getFormSchema } from '../../dingtalk/form-schema';
import { type DingTalkFormComponent, saveDingTalkFormTemplate } from '../../dingtalk/save-form-template';
import { recordTemplateSchema } from '../../dingtalk/track-template-schema';
import { unsafeLoadConnectorRuntime } from '../../load-connector';
import { AdapterError } from '../../types';
import { type FormField, type FormSchema, formSchemaSchema } from '../definition-schema';

export type SaveDingTalkTemplateResult = {
  template: DingTalkTemplateRef;
  created: boolean;
  /** Form field → DingTalk component, ready for a DingTalk-approval step's field map. */
  fieldMap: { fieldKey: string; componentName: string }[];
};

/** Our field type → DingTalk component type (§5.9). */
const COMPONENT: Record<FormField['type'], string> = {
  text: 'TextField',
  textarea: 'TextareaField',
  number: 'NumberField',
  money: 'MoneyField',
  date: 'DDDateField',
  dateRange: 'DDDateRangeField',
  select: 'DDSelectField',
  multiSelect: 'DDMultiSelectField',
  user: 'InnerContactField',
  attachments: 'DDAttachment',
  table: 'TableField',
};

/** One field as a DingTalk component: componentId from the field key (stable across updates). */
export function toDingTalkComponent(field: FormField, prefix = ''): DingTalkFormComponent {
  const componentType = COMPONENT[field.type];
  const props: DingTalkFormComponent['props'] = {
    componentId: `${componentType}_${prefix}${field.key}`,
    label: field.label,
    required: field.required,
  };
  if (field.help) props.placeholder = field.help;
  if (field.type === 'money') props.upper = '1';
  if (field.type === 'date') props.format = 'yyyy-MM-dd';
  if (field.type === 'dateRange') props.format = 'yyyy-MM-dd';
  if (field.type === 'select' || field.type === 'multiSelect')
    props.options = field.options.map((o) => ({ key: o.value, value: o.label }));
  if (field.type === 'user') props.choice = field.multiple ? '1' : '0';
  if (field.type === 'number' && field.precision !== undefined) props.precision = field.precision;
  if (field.type === 'table') {
    props.tableViewMode = 'table';
    return {
      componentType,
      props,
      children: field.columns.map((c) => toDingTalkComponent(c, `${field.key}_`)),
    };
  }
  return { componentType, props };
}

/**
 * An admin creates the DingTalk approval template of a local workflow's form (`POST /v1.0/workflow/forms`),
 * or updates the one created before on the same connector (same processCode). The form is the draft's when it
 * is valid, else the published one. The new schema is recorded as accepted (not a change to warn about), the
 * template is kept on the definition, and the audit log says who did it. DingTalk's refusals come back plainly.
 */
export async function saveDingTalkTemplateAsAdmin(
  db: Db,
  admin: Viewer,
  input: { definitionId: string; connectorId: string },
  meta: RequestMeta = {},
): Promise<SaveDingTalkTemplateResult> {
  assertAdmin(admin);
  const [definition] = await db
    .select()
    .from(workflowDefinitions)
    .where(eq(workflowDefinitions.id, input.definitionId));
  if (!definition) throw new AppError('not_found', '流程不存在');
  const form = await formOf(db, definition);
  if (!form || form.fields.length === 0)
    throw new AppError('validation_failed', '流程表单还没有字段，无法生成钉钉模板');
  const runtime = await unsafeLoadConnectorRuntime(db, input.connectorId);
  if (runtime?.kind !== 'dingtalk') throw new AppError('not_found', '钉钉连接器不存在');
  const s = dingtalkSettings(runtime);
  const previous = definition.dingtalkTemplate;
  const processCode = previous?.connectorId === input.connectorId ? previous.processCode : undefined;
  const formComponents = form.fields.map((f) => toDingTalkComponent(f));
  let saved: string;
  try {
    saved = await saveDingTalkFormTemplate(s, {
      name: definition.name,
      description: definition.description ?? undefined,
      formComponents,
      processCode,
    });
  } catch (error) {
    throw refusal(error);
  }
  if (!saved) throw new AppError('upstream_failed', '钉钉没有返回模板的 processCode');
  const template: DingTalkTemplateRef = {
    connectorId: input.connectorId,
    processCode: saved,
    name: definition.name,
    fieldCount: form.fields.length,
    savedAt: new Date().toISOString(),
  };
  await db.transaction(async (tx) => {
    await tx
      .update(workflowDefinitions)
      .set({ dingtalkTemplate: template })
      .where(eq(workflowDefinitions.id, definition.id));
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: processCode ? 'workflow.dingtalk_template.update' : 'workflow.dingtalk_template.create',
      targetType: 'workflow_definition',
      targetId: definition.id,
      details: { connectorId: input.connectorId, processCode: saved, fields: form.fields.length },
      ...meta,
    });
  });
  // What Huiban just saved is the accepted schema of that template (best effort: a later fetch records it too).
  await getFormSchema(s, saved, { fresh: true })
    .then((schema) =>
      recordTemplateSchema(db, { connectorId: input.connectorId, processCode: saved, schema, accept: true }),
    )
    .catch(() => undefined);
  return {
    template,
    created: !processCode,
    fieldMap: form.fields.map((f) => ({ fieldKey: f.key, componentName: f.label })),
  };
}

async function formOf(
  db: Db,
  definition: typeof workflowDefinitions.$inferSelect,
): Promise<FormSchema | null> {
  const draft = formSchemaSchema.safeParse((definition.draft as { form?: unknown } | null)?.form);
  if (draft.success) return draft.data;
  if (definition.publishedVersion === null) return null;
  const [version] = await db
    .select({ formSchema: workflowVersions.formSchema })
    .from(workflowVersions)
    .where(
      and(
        eq(workflowVersions.definitionId, definition.id),
        eq(workflowVersions.version, definition.publishedVersion),
      ),
    );
  const published = formSchemaSchema.safeParse(version?.formSchema);
  return published.success ? published.data : null;
}

const REFUSALS: Record<string, string> = {
  'formName.error': '钉钉中已有同名的审批模板，请先修改流程名称',
  'formschema.error': '钉钉拒绝修改：被用作分支条件的控件不能修改或删除',
  processCodeError: '钉钉中找不到之前创建的模板（可能已被删除）',
  invalidParameter: '钉钉认为模板内容不合法',
};

function refusal(error: unknown): AppError {
  if (!(error instanceof AdapterError))
    return new AppError('upstream_failed', '无法连接钉钉', { cause: error });
  const code = error.sourceCode ?? '';
  const reason = REFUSALS[code] ?? (error.retryable ? '钉钉暂时不可用，请稍后再试' : '钉钉拒绝了该模板');
  return new AppError(
    code === 'formName.error' ? 'conflict' : 'upstream_failed',
    `${reason}（${code || '网络'}）`,
    {
      cause: error,
    },
  );
}

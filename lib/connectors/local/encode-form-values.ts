import type { Db } from '@/db/client';
import { dingtalkAccountOf } from '../dingtalk/workflow-bridge';
import type { FormField, FormSchema, WorkflowStep } from './definition-schema';
import type { UploadedFileValue } from './validate-form-values';

/**
 * How an attachments field is sent: given the component it maps to and the files, the component's value, or
 * null to send the file names as text (a text component, a forecast that must not upload anything).
 */
export type EncodeAttachments = (componentName: string, files: UploadedFileValue[]) => Promise<string | null>;

/** Form fields → DingTalk component values (§5.2 encodings: every value is a string). */
export async function encodeFormValues(
  db: Db,
  step: Extract<WorkflowStep, { kind: 'dingtalkApproval' }>,
  form: FormSchema,
  values: Record<string, unknown>,
  options: { attachments?: EncodeAttachments } = {},
): Promise<{ name: string; value: string }[]> {
  const out: { name: string; value: string }[] = [];
  for (const map of step.fieldMap) {
    const field = form.fields.find((f) => f.key === map.fieldKey);
    const value = values[map.fieldKey];
    if (!field || value === undefined || value === null) continue;
    const asFiles =
      field.type === 'attachments' && options.attachments
        ? await options.attachments(map.componentName, value as UploadedFileValue[])
        : null;
    out.push({
      name: map.componentName,
      value: asFiles ?? (await encodeValue(db, step.connectorId, field, value)),
    });
  }
  return out;
}

async function encodeValue(db: Db, connectorId: string, field: FormField, value: unknown): Promise<string> {
  switch (field.type) {
    case 'select':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'multiSelect':
      return JSON.stringify(
        (value as string[]).map((v) => field.options.find((o) => o.value === v)?.label ?? v),
      );
    case 'dateRange':
      return JSON.stringify(value);
    case 'money':
      return Number(value).toFixed(2);
    case 'user': {
      const ids: string[] = [];
      for (const id of Array.isArray(value) ? value : [value]) {
        const account = await dingtalkAccountOf(db, connectorId, String(id));
        if (account) ids.push(account.userId);
      }
      return JSON.stringify(ids);
    }
    case 'attachments':
      // Not uploaded (a text component, uploads turned off, a forecast): the file names as text.
      return (value as UploadedFileValue[]).map((f) => f.fileName).join('、');
    case 'table':
      return JSON.stringify(
        (value as Record<string, unknown>[]).map((row) =>
          field.columns.map((c) => ({
            name: c.label,
            value: row[c.key] === undefined ? '' : String(row[c.key]),
          })),
        ),
      );
    default:
      return String(value);
  }
}

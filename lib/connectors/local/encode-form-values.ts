import type { Db } from '@/db/client';
import { dingtalkAccountOf } from '../dingtalk/workflow-bridge';
import type { FormField, FormSchema, WorkflowStep } from './definition-schema';
import type { UploadedFileValue } from './validate-form-values';

/** Form fields → DingTalk component values (§5.2 encodings: every value is a string). */
export async function encodeFormValues(
  db: Db,
  step: Extract<WorkflowStep, { kind: 'dingtalkApproval' }>,
  form: FormSchema,
  values: Record<string, unknown>,
): Promise<{ name: string; value: string }[]> {
  const out: { name: string; value: string }[] = [];
  for (const map of step.fieldMap) {
    const field = form.fields.find((f) => f.key === map.fieldKey);
    const value = values[map.fieldKey];
    if (!field || value === undefined || value === null) continue;
    out.push({ name: map.componentName, value: await encodeValue(db, step.connectorId, field, value) });
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
      // DingTalk attachments must live in its approval drive (§6): the file names are sent as text.
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

import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { approvalCentreTemplates } from '@/db/schema';
import type { DingTalkSettings } from '../dingtalk/config';
import {
  findProcessCentreTemplate,
  type ProcessCentreComponent,
  saveProcessCentreTemplate,
} from '../dingtalk/process-centre';
import type { FormSchema } from './definition-schema';
import type { VersionBody } from './load-run';

const COMPONENT_TYPE: Partial<Record<FormSchema['fields'][number]['type'], string>> = {
  text: 'TextField',
  textarea: 'TextareaField',
  number: 'NumberField',
  money: 'MoneyField',
  date: 'DDDateField',
  dateRange: 'DDDateRangeField',
  select: 'DDSelectField',
  multiSelect: 'DDMultiSelectField',
};

/** The workflow's form as process-centre components (DingTalk lists show the first three). */
export function templateComponents(form: FormSchema): ProcessCentreComponent[] {
  return form.fields
    .filter((f) => f.type !== 'attachments' && f.type !== 'table')
    .map((f) => {
      const componentType = COMPONENT_TYPE[f.type] ?? 'TextField';
      return { componentType, props: { componentId: `${componentType}_${f.key}`, label: f.label } };
    });
}

/** The template's name in DingTalk: unique per org, so it also finds a template whose answer was lost. */
export function templateName(body: Pick<VersionBody, 'definitionName'>): string {
  return `${body.definitionName}（汇办）`.slice(0, 200);
}

/**
 * The processCode of the workflow's process-centre template on this connector, registering it first when it
 * is missing and saving it again (same processCode) when a newer published version changed the form.
 * Serialised per workflow × connector by an advisory lock held across the DingTalk call, so concurrent runs
 * register one template. A crash after DingTalk answered but before the row was stored is recovered by
 * looking the template up by its name. A failure is stored on the row (the workflow's admin page shows it)
 * and rethrown.
 */
export async function ensureProcessCentreTemplate(
  db: Db,
  s: DingTalkSettings,
  connectorId: string,
  body: VersionBody,
): Promise<string> {
  const name = templateName(body);
  const key = { definitionId: body.definitionId, connectorId };
  const where = and(
    eq(approvalCentreTemplates.definitionId, key.definitionId),
    eq(approvalCentreTemplates.connectorId, key.connectorId),
  );
  const [known] = await db.select().from(approvalCentreTemplates).where(where);
  if (known?.processCode && (known.version ?? 0) >= body.version) return known.processCode;
  try {
    return await db.transaction(async (tx) => {
      await tx.execute(
        sql`SELECT pg_advisory_xact_lock(hashtext(${`pc-template:${key.definitionId}:${connectorId}`}))`,
      );
      const [row] = await tx.select().from(approvalCentreTemplates).where(where);
      if (row?.processCode && (row.version ?? 0) >= body.version) return row.processCode;
      const existing = row?.processCode ?? (await findProcessCentreTemplate(s, name));
      const processCode = await saveProcessCentreTemplate(s, {
        name,
        description: `${body.definitionName}: Huiban`,
        formComponents: templateComponents(body.form),
        ...(existing ? { processCode: existing } : {}),
      });
      await tx
        .insert(approvalCentreTemplates)
        .values({ ...key, name, processCode, version: body.version, lastError: null })
        .onConflictDoUpdate({
          target: [approvalCentreTemplates.definitionId, approvalCentreTemplates.connectorId],
          set: { name, processCode, version: body.version, lastError: null },
        });
      return processCode;
    });
  } catch (error) {
    const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 500);
    await db
      .insert(approvalCentreTemplates)
      .values({ ...key, name, lastError })
      .onConflictDoUpdate({
        target: [approvalCentreTemplates.definitionId, approvalCentreTemplates.connectorId],
        set: { lastError },
      });
    throw error;
  }
}

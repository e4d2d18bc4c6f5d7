import { and, asc, eq, isNotNull, max } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, processInstances } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { dingtalkSettings } from '@/lib/connectors/dingtalk/config';
import { type FormSchema, getFormSchema } from '@/lib/connectors/dingtalk/form-schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { AppError } from '@/lib/errors';

export type DingTalkConnectorOption = { id: string; name: string; enabled: boolean };
export type DingTalkTemplateOption = { processCode: string; name: string | null };
export type DingTalkTemplateForm = {
  processCode: string;
  name: string | null;
  /** The template's components: `name` is what a start call's formComponentValues names (the label). */
  components: { name: string; type: string }[];
};

/** The org's DingTalk connectors, for the designer's DingTalk-approval and mirror pickers. */
export async function listDingTalkConnectorsAsAdmin(
  db: DbOrTx,
  admin: Viewer,
): Promise<DingTalkConnectorOption[]> {
  assertAdmin(admin);
  return db
    .select({ id: connectors.id, name: connectors.name, enabled: connectors.enabled })
    .from(connectors)
    .where(eq(connectors.kind, 'dingtalk'))
    .orderBy(asc(connectors.name));
}

/**
 * Templates of a DingTalk connector Huiban knows: those its instances came from (with the name the form schema
 * API gave). Listing every template of the org needs a DingTalk admin's userId (managements/templates), which a
 * connector does not have; the designer also accepts a typed processCode and checks it with the schema call.
 */
export async function listDingTalkTemplatesAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  connectorId: string,
): Promise<DingTalkTemplateOption[]> {
  assertAdmin(admin);
  await dingTalkConnectorOrThrow(db, connectorId);
  const rows = await db
    .select({ processCode: processInstances.processCode, name: max(processInstances.processName) })
    .from(processInstances)
    .where(and(eq(processInstances.connectorId, connectorId), isNotNull(processInstances.processCode)))
    .groupBy(processInstances.processCode)
    .orderBy(asc(processInstances.processCode));
  return rows.map((r) => ({ processCode: r.processCode ?? '', name: r.name ?? null }));
}

/** A template's form components from DingTalk (`GET /v1.0/workflow/forms/schemas/processCodes`, §5.9). */
export async function getDingTalkTemplateFormAsAdmin(
  db: DbOrTx,
  admin: Viewer,
  connectorId: string,
  processCode: string,
): Promise<DingTalkTemplateForm> {
  assertAdmin(admin);
  await dingTalkConnectorOrThrow(db, connectorId);
  const runtime = await unsafeLoadConnectorRuntime(db, connectorId);
  if (!runtime) throw new AppError('not_found', '连接器不存在');
  let schema: FormSchema;
  try {
    schema = await getFormSchema(dingtalkSettings(runtime), processCode, { fresh: true });
  } catch (error) {
    // The vendor's message stays in the server log path of the caller; the admin gets a plain reason.
    throw new AppError('upstream_failed', '无法从钉钉读取该模板（processCode 不存在或连接器不可用）', {
      cause: error,
    });
  }
  const items = schema.items;
  return {
    processCode,
    name: schema.name,
    components: items
      .filter((i) => i.props?.label)
      .map((i) => ({ name: i.props?.label ?? '', type: i.componentName ?? '' })),
  };
}

async function dingTalkConnectorOrThrow(db: DbOrTx, connectorId: string): Promise<void> {
  const [row] = await db
    .select({ id: connectors.id })
    .from(connectors)
    .where(and(eq(connectors.id, connectorId), eq(connectors.kind, 'dingtalk')))
    .limit(1);
  if (!row) throw new AppError('not_found', '钉钉连接器不存在');
}

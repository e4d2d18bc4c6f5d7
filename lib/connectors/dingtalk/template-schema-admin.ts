import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { connectors, dingtalkTemplateSchemas, type TemplateSchemaChanges } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { dingtalkSettings } from './config';
import { getFormSchema } from './form-schema';
import { recordTemplateSchema } from './track-template-schema';

export type TemplateSchemaState = {
  connectorId: string;
  processCode: string;
  stale: boolean;
  changes: TemplateSchemaChanges | null;
  staleSince: string | null;
  checkedAt: string;
};

/** A mapped template's tracked schema (null when Huiban has not seen it yet). */
async function stateOf(
  db: Db,
  connectorId: string,
  processCode: string,
): Promise<TemplateSchemaState | null> {
  const [row] = await db
    .select()
    .from(dingtalkTemplateSchemas)
    .where(
      and(
        eq(dingtalkTemplateSchemas.connectorId, connectorId),
        eq(dingtalkTemplateSchemas.processCode, processCode),
      ),
    );
  if (!row) return null;
  return {
    connectorId,
    processCode,
    stale: row.staleSince !== null,
    changes: row.changes,
    staleSince: row.staleSince?.toISOString() ?? null,
    checkedAt: row.checkedAt.toISOString(),
  };
}

async function dingtalkRuntime(db: Db, connectorId: string) {
  const [row] = await db
    .select({ kind: connectors.kind })
    .from(connectors)
    .where(eq(connectors.id, connectorId));
  if (row?.kind !== 'dingtalk') throw new AppError('not_found', '钉钉连接器不存在');
  const runtime = await unsafeLoadConnectorRuntime(db, connectorId);
  if (!runtime) throw new AppError('not_found', '钉钉连接器不存在');
  return runtime;
}

/** An admin checks a mapped template now: a fresh schema fetch, recorded like any other. */
export async function checkTemplateSchemaAsAdmin(
  db: Db,
  admin: Viewer,
  input: { connectorId: string; processCode: string },
): Promise<TemplateSchemaState> {
  assertAdmin(admin);
  const runtime = await dingtalkRuntime(db, input.connectorId);
  const schema = await getFormSchema(dingtalkSettings(runtime), input.processCode, { fresh: true }).catch(
    (error: unknown) => {
      throw new AppError('upstream_failed', '无法从钉钉读取该模板（processCode 不存在或连接器不可用）', {
        cause: error,
      });
    },
  );
  await recordTemplateSchema(db, { ...input, schema });
  const state = await stateOf(db, input.connectorId, input.processCode);
  if (!state) throw new AppError('not_found', '模板不存在');
  return state;
}

/**
 * An admin acknowledges a changed template (after fixing field maps, summary fields …): its latest schema
 * becomes the accepted one and the mapping is no longer stale. Audited with what changed.
 */
export async function acknowledgeTemplateChangeAsAdmin(
  db: Db,
  admin: Viewer,
  input: { connectorId: string; processCode: string },
  meta: RequestMeta = {},
): Promise<TemplateSchemaState> {
  assertAdmin(admin);
  await db.transaction(async (tx) => {
    const where = and(
      eq(dingtalkTemplateSchemas.connectorId, input.connectorId),
      eq(dingtalkTemplateSchemas.processCode, input.processCode),
    );
    const [row] = await tx.select().from(dingtalkTemplateSchemas).where(where).for('update');
    if (!row) throw new AppError('not_found', '该模板还没有记录的表单结构');
    if (row.staleSince === null) throw new AppError('conflict', '该模板的表单结构没有未确认的变化');
    await tx
      .update(dingtalkTemplateSchemas)
      .set({
        hash: row.latestHash,
        fields: row.latestFields,
        changes: null,
        staleSince: null,
        acknowledgedAt: new Date(),
        acknowledgedBy: admin.userId,
      })
      .where(where);
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'process.template_change.acknowledge',
      targetType: 'process',
      targetId: `${input.connectorId}:${input.processCode}`,
      details: { processCode: input.processCode, changes: row.changes },
      ...meta,
    });
  });
  const state = await stateOf(db, input.connectorId, input.processCode);
  if (!state) throw new AppError('not_found', '模板不存在');
  return state;
}

import { and, count, desc, eq, isNotNull, max, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { connectors, processInstances, processSettings } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

export type ProcessSettingRow = {
  connectorId: string;
  connectorName: string;
  source: string;
  processCode: string;
  processName: string | null;
  instances: number;
  lastSeenAt: string | null;
  batchApprovable: boolean;
};

/** Every process Huiban has seen (by connector + process code), with its admin settings. */
export async function listProcessSettings(db: DbOrTx): Promise<ProcessSettingRow[]> {
  const rows = await db
    .select({
      connectorId: processInstances.connectorId,
      connectorName: connectors.name,
      source: connectors.kind,
      processCode: sql<string>`${processInstances.processCode}`,
      processName: max(processInstances.processName),
      instances: count(),
      lastSeenAt: max(processInstances.sourceCreatedAt),
      batchApprovable: sql<boolean>`coalesce(bool_or(${processSettings.batchApprovable}), false)`,
    })
    .from(processInstances)
    .innerJoin(connectors, eq(connectors.id, processInstances.connectorId))
    .leftJoin(
      processSettings,
      and(
        eq(processSettings.connectorId, processInstances.connectorId),
        eq(processSettings.processCode, processInstances.processCode),
      ),
    )
    .where(isNotNull(processInstances.processCode))
    .groupBy(processInstances.connectorId, connectors.name, connectors.kind, processInstances.processCode)
    .orderBy(desc(count()));
  return rows.map((r) => ({ ...r, lastSeenAt: r.lastSeenAt?.toISOString() ?? null }));
}

export const batchApprovableInputSchema = z.object({
  connectorId: z.uuid(),
  processCode: z.string().trim().min(1).max(200),
  batchApprovable: z.boolean(),
});

/** An admin allows (or stops) batch approve for one process; audited. */
export async function setBatchApprovable(
  db: Db,
  admin: Viewer,
  input: z.infer<typeof batchApprovableInputSchema>,
  meta: RequestMeta = {},
): Promise<void> {
  await db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: connectors.id })
      .from(connectors)
      .where(eq(connectors.id, input.connectorId));
    if (!connector) throw new AppError('not_found', '连接器不存在');
    await tx
      .insert(processSettings)
      .values(input)
      .onConflictDoUpdate({
        target: [processSettings.connectorId, processSettings.processCode],
        set: { batchApprovable: input.batchApprovable },
      });
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'process.batch_approvable',
      targetType: 'process',
      targetId: `${input.connectorId}:${input.processCode}`,
      details: { batchApprovable: input.batchApprovable },
      ...meta,
    });
  });
}

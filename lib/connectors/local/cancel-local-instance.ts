import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { processInstances } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { applyLocalEvent } from './apply-local-event';

export const cancelLocalInstanceInputSchema = z.object({
  reason: z.string().trim().min(1, '请填写取消原因').max(500),
});

/**
 * An admin cancels a running local instance (e.g. submitted twice, or stuck after an automation error): the
 * run ends as cancelled, open tasks are withdrawn, the reason is in the process log, and the audit log records
 * who did it — all in one transaction. 404 for anything but a local instance; 409 when it already ended.
 */
export async function cancelLocalInstanceAsAdmin(
  db: Db,
  viewer: Viewer,
  input: { instanceId: string; reason: string },
  meta: RequestMeta = {},
): Promise<{ instanceId: string; status: string }> {
  assertAdmin(viewer);
  const [instance] = await db
    .select({ id: processInstances.id, runId: processInstances.externalId })
    .from(processInstances)
    .where(and(eq(processInstances.id, input.instanceId), eq(processInstances.source, 'local')));
  if (!instance) throw new AppError('not_found', '本地流程不存在');
  return db.transaction(async (tx) => {
    const outcome = await applyLocalEvent(tx, instance.runId, {
      type: 'cancel',
      key: `cancel:${randomUUID()}`,
      actor: { userId: viewer.userId, name: viewer.name },
      reason: input.reason,
    });
    if (outcome.rejected) throw new AppError('conflict', `无法取消：${outcome.rejected}`);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'local_instance.cancel',
      targetType: 'instance',
      targetId: instance.id,
      details: { reason: input.reason },
      ...meta,
    });
    return { instanceId: instance.id, status: 'cancelled' };
  });
}

import type { Db } from '@/db/client';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { sendJob } from '@/lib/jobs/send-job';

/**
 * Queues a reconciliation run of every enabled source connector now (admins), instead of waiting for the next
 * 10-minute cron; the run appears in the drift report when the worker has done it. Audited.
 */
export async function requestReconciliationAsAdmin(
  db: Db,
  admin: Viewer,
  meta: RequestMeta = {},
): Promise<{ queued: boolean }> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const jobId = await sendJob(tx, 'reconcile-connectors', { trigger: 'manual' });
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'reconcile.request',
      targetType: 'reconciliation',
      ...meta,
    });
    return { queued: jobId !== null };
  });
}

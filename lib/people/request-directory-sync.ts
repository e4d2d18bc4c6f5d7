import { and, desc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx } from '@/db/client';
import { connectors, directorySyncs } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { directoryKinds } from '@/lib/connectors/registry/capabilities';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';

export const directorySyncInputSchema = z.object({ connectorId: z.uuid() });

export type DirectorySyncView = {
  connectorId: string;
  connectorName: string;
  lastSync: {
    id: string;
    trigger: string;
    status: string;
    stats: Record<string, number | undefined>;
    error: string | null;
    startedAt: string;
    finishedAt: string | null;
  } | null;
};

/** 立即同步通讯录: enqueues a full sync of one DingTalk connector (in the audit's transaction). */
export async function requestDirectorySyncAsAdmin(
  db: Db,
  admin: Viewer,
  input: { connectorId: string },
  meta: RequestMeta = {},
): Promise<{ queued: boolean }> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const [connector] = await tx
      .select({ id: connectors.id })
      .from(connectors)
      .where(and(eq(connectors.id, input.connectorId), inArray(connectors.kind, directoryKinds())));
    if (!connector) throw new AppError('not_found', '钉钉连接器不存在');
    const jobId = await sendJob(tx, 'sync-directory', { connectorId: connector.id, trigger: 'manual' });
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'directory.sync',
      targetType: 'connector',
      targetId: connector.id,
      ...meta,
    });
    return { queued: jobId !== null };
  });
}

/** Each DingTalk connector with its latest directory sync (running, or its result). */
export async function listDirectorySyncsAsAdmin(db: DbOrTx, admin: Viewer): Promise<DirectorySyncView[]> {
  assertAdmin(admin);
  const list = await db
    .select({ id: connectors.id, name: connectors.name })
    .from(connectors)
    .where(inArray(connectors.kind, directoryKinds()))
    .orderBy(connectors.name);
  const out: DirectorySyncView[] = [];
  for (const c of list) {
    const [last] = await db
      .select()
      .from(directorySyncs)
      .where(eq(directorySyncs.connectorId, c.id))
      .orderBy(desc(directorySyncs.startedAt))
      .limit(1);
    out.push({
      connectorId: c.id,
      connectorName: c.name,
      lastSync: last
        ? {
            id: last.id,
            trigger: last.trigger,
            status: last.status,
            stats: last.stats,
            error: last.error,
            startedAt: last.startedAt.toISOString(),
            finishedAt: last.finishedAt?.toISOString() ?? null,
          }
        : null,
    });
  }
  return out;
}

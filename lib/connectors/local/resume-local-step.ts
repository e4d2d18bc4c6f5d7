import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { localDingtalkLinks, processInstances, processLogs } from '@/db/schema';
import { applyLocalEvent } from './apply-local-event';

/**
 * The DingTalk instance a local step started has finished (dingtalk-link-hooks.ts enqueued this once): resume the
 * local run with DingTalk's result, carrying the remarks DingTalk's approvers wrote. The engine moves on only
 * if the run still waits on that step, so a replayed job changes nothing.
 */
export async function resumeLocalStep(db: Db, linkId: string): Promise<'resumed' | 'skipped'> {
  const [link] = await db.select().from(localDingtalkLinks).where(eq(localDingtalkLinks.id, linkId));
  if (!link?.result) return 'skipped';
  const [instance] = await db
    .select({ id: processInstances.id })
    .from(processInstances)
    .where(
      and(
        eq(processInstances.connectorId, link.connectorId),
        eq(processInstances.externalId, link.dingtalkInstanceId),
      ),
    );
  const remarks = instance
    ? await db
        .select({
          actorName: processLogs.actorName,
          actorExternalId: processLogs.actorExternalId,
          remark: processLogs.remark,
          at: processLogs.occurredAt,
        })
        .from(processLogs)
        .where(
          and(
            eq(processLogs.instanceId, instance.id),
            inArray(processLogs.action, ['agree', 'refuse', 'comment']),
          ),
        )
        .orderBy(asc(processLogs.occurredAt))
    : [];
  const outcome = await db.transaction((tx) =>
    applyLocalEvent(tx, link.runId, {
      type: 'dingtalkFinished',
      stepId: link.stepId,
      result: link.result === 'agree' ? 'agree' : 'refuse',
      comments: remarks
        .filter((r) => r.remark)
        .map((r) => ({
          actorName: `钉钉 ${r.actorName ?? r.actorExternalId ?? ''}`.trim(),
          remark: r.remark ?? '',
          at: r.at.toISOString(),
        })),
    }),
  );
  return outcome.changed ? 'resumed' : 'skipped';
}

import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { processInstances } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { canRevokeInstance } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { applyLocalEvent } from './apply-local-event';
import type { FormSchema } from './definition-schema';
import { loadRun } from './load-run';
import { resolveAssignees } from './resolve-assignees';
import { checkValues } from './start-local-instance';

export const resubmitInputSchema = z.object({
  values: z.record(z.string(), z.unknown()),
  // DingTalk's remark limit, as for every action (task-action-input.ts REMARK_MAX_LENGTH).
  remark: z.string().trim().max(1024).optional(),
});
export type ResubmitInput = z.infer<typeof resubmitInputSchema>;

export type ResubmitForm = { definitionName: string; form: FormSchema; values: Record<string, unknown> };

/**
 * The form a returned (退回 to the originator) local request is edited in: the run's version's form and its
 * current values. Only the originator (404 for anyone else, like the instance itself; 409 when the request is
 * not waiting for them).
 */
export async function getResubmitForm(db: Db, viewer: Viewer, instanceId: string): Promise<ResubmitForm> {
  const loaded = await loadReturned(db, viewer, instanceId);
  return { definitionName: loaded.body.definitionName, form: loaded.body.form, values: loaded.run.values };
}

/**
 * 再次提交: the originator sends their returned request again with the edited form. The values are checked as at
 * start (400 with one issue per field, nothing changes); then, in one transaction, the run stores them, the
 * engine restarts the flow from its first step with the assignees resolved again (as DingTalk's 重新提交 does),
 * the instance's snapshot is applied (timeline 再次提交) and the audit log records it.
 */
export async function resubmitLocalInstance(
  db: Db,
  viewer: Viewer,
  input: { instanceId: string } & ResubmitInput,
  meta: RequestMeta = {},
): Promise<{ instanceId: string }> {
  const loaded = await loadReturned(db, viewer, input.instanceId);
  const values = await checkValues(db, viewer, loaded.body.form, input.values);
  return db.transaction(async (tx) => {
    const { assignees } = await resolveAssignees(tx, {
      steps: loaded.body.steps,
      originatorUserId: loaded.run.originatorUserId,
      values,
    });
    const outcome = await applyLocalEvent(
      tx,
      loaded.run.id,
      {
        type: 'resubmit',
        key: `resubmit:${randomUUID()}`,
        userId: viewer.userId,
        assignees,
        remark: input.remark ?? null,
      },
      { values },
    );
    if (outcome.rejected) throw new AppError('conflict', outcome.rejected);
    await recordAudit(tx, {
      actorUserId: viewer.userId,
      action: 'instance.resubmit',
      targetType: 'instance',
      targetId: input.instanceId,
      details: { remark: input.remark ?? null },
      ...meta,
    });
    return { instanceId: outcome.instanceId };
  });
}

async function loadReturned(db: Db, viewer: Viewer, instanceId: string) {
  const [instance] = await db
    .select({ runId: processInstances.externalId, originatorUserId: processInstances.originatorUserId })
    .from(processInstances)
    .where(and(eq(processInstances.id, instanceId), eq(processInstances.source, 'local')));
  if (!instance || !canRevokeInstance(viewer, instance)) throw new AppError('not_found', '流程不存在');
  const loaded = await loadRun(db, instance.runId);
  if (!loaded) throw new AppError('not_found', '流程不存在');
  if (loaded.state.status !== 'running' || loaded.state.current?.waiting !== 'resubmit')
    throw new AppError('conflict', '流程未退回给发起人，无需再次提交');
  return loaded;
}

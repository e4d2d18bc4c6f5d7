import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { attachments, identities, processInstances, taskActions, tasks } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getAdapter } from '@/lib/connectors/registry/registry';
import { type ActRequest, AdapterError } from '@/lib/connectors/types';
import { classifyFailure } from '@/lib/jobs/classify-failure';
import type { Logger } from '@/lib/log';
import { clearTaskActed } from '@/lib/tasks/write/clear-task-acted';
import { recordSourceFileIds } from '@/lib/tasks/write/record-source-file-ids';
import { refreshInstance } from './refresh-instance';

/**
 * Performs one Huiban action at the source (worker job), then re-reads the instance so the write-back is
 * confirmed by the source's own state. A refusal the source will never accept marks the action `failed`
 * with the reason and gives the task back; throttling or outages are retried by the job (with backoff).
 */
export async function writeBackAction(
  db: Db,
  actionId: string,
  options: { log: Logger; isFinalAttempt: boolean },
): Promise<'sent' | 'failed' | 'skipped'> {
  const [row] = await db
    .select({
      action: taskActions,
      instanceExternalId: processInstances.externalId,
      connectorId: processInstances.connectorId,
    })
    .from(taskActions)
    .innerJoin(processInstances, eq(processInstances.id, taskActions.instanceId))
    .where(eq(taskActions.id, actionId));
  // Idempotent: an action is sent once; a retry after a crash re-checks the status first.
  if (row?.action.writeBackStatus !== 'pending') return 'skipped';
  const connector = await unsafeLoadConnectorRuntime(db, row.connectorId);
  if (!connector) return 'skipped';
  if (row.action.attempts > 0 && row.action.sourceResponse) {
    // Sent before the worker died or the confirming re-read failed (throttled, source down): only the re-read is
    // left. Skipping it would leave the action unconfirmed until some later event or reconciliation run.
    await refreshInstance(db, connector, row.instanceExternalId, { log: options.log });
    return 'sent';
  }
  const [actor] = await db
    .select({ externalUserId: identities.externalUserId })
    .from(identities)
    .where(and(eq(identities.connectorId, connector.id), eq(identities.userId, row.action.userId)));
  const externalTaskId = row.action.taskId
    ? (await db.select({ id: tasks.externalTaskId }).from(tasks).where(eq(tasks.id, row.action.taskId)))[0]
        ?.id
    : null;

  const adapter = getAdapter(connector.kind);
  const delegate = await delegateOf(db, connector.id, row.action.params, adapter.identityKeyForUser);
  const extras = await commentExtrasOf(db, connector.id, row.action);
  await db
    .update(taskActions)
    .set({ attempts: sql`${taskActions.attempts} + 1` })
    .where(eq(taskActions.id, actionId));
  try {
    if (!actor) throw new AdapterError('the acting user has no identity at the source', { retryable: false });
    const { response } = await adapter.act(
      { db, connector, log: options.log },
      {
        action: row.action.action,
        instanceExternalId: row.instanceExternalId,
        externalTaskId: externalTaskId ?? null,
        actorExternalId: actor.externalUserId,
        remark: row.action.remark,
        targetExternalId: (row.action.params.targetExternalId as string | undefined) ?? null,
        actionId: row.action.id,
        requestedAt: row.action.createdAt,
        delegate,
        params: row.action.params,
        ...extras,
      },
    );
    await db
      .update(taskActions)
      .set({ sourceResponse: response ?? {} })
      .where(eq(taskActions.id, actionId));
  } catch (error) {
    const { isRetryable, willRetry, reason } = classifyFailure(error, options);
    if (willRetry) {
      await db
        .update(taskActions)
        .set({ lastError: reason.slice(0, 500) })
        .where(eq(taskActions.id, actionId));
      throw error;
    }
    if (!isRetryable) {
      // Refused for good, often because the task was decided at the source meanwhile (the assignee agreed in
      // DingTalk before Huiban heard of it). Re-read the instance first: confirmTaskActions() then judges the
      // action by the source's state (the same result → confirmed; another → failed with what the source shows).
      await refreshInstance(db, connector, row.instanceExternalId, { log: options.log }).catch(
        (err: unknown) => options.log.warn({ err }, 'write-back: re-read after a refusal failed'),
      );
    }
    const markedFailed = await db.transaction(async (tx) => {
      const [failed] = await tx
        .update(taskActions)
        .set({ writeBackStatus: 'failed', lastError: reason.slice(0, 500) })
        .where(and(eq(taskActions.id, actionId), eq(taskActions.writeBackStatus, 'pending')))
        .returning({ id: taskActions.id });
      // Not done at the source: the task goes back to the assignee's 待我处理 with the failure shown.
      if (failed && row.action.taskId) await clearTaskActed(tx, { taskId: row.action.taskId });
      return Boolean(failed);
    });
    // Not marked: the re-read settled it (confirmed, or failed with the source's state as the reason).
    return markedFailed ? 'failed' : 'sent';
  }
  if (adapter.confirmsOnAct) {
    // Nothing to re-read (open API): the source's acceptance is the confirmation; its next push finishes the task.
    await db
      .update(taskActions)
      .set({ writeBackStatus: 'confirmed', confirmedAt: new Date(), lastError: null })
      .where(and(eq(taskActions.id, actionId), eq(taskActions.writeBackStatus, 'pending')));
    return 'sent';
  }
  // Read-your-writes: the source's state now shows the action; applySnapshot() confirms it.
  await refreshInstance(db, connector, row.instanceExternalId, { log: options.log });
  return 'sent';
}

/** 代理: who acted for the assignee (task_actions.params), with their id at this source when they have one. */
async function delegateOf(
  db: Db,
  connectorId: string,
  params: Record<string, unknown>,
  identityKeyForUser: ((userId: string) => string) | undefined,
): Promise<{ name: string; externalUserId: string | null } | null> {
  const userId = typeof params.delegateUserId === 'string' ? params.delegateUserId : null;
  if (!userId) return null;
  const name = typeof params.delegateName === 'string' ? params.delegateName : '';
  const [known] = await db
    .select({ externalUserId: identities.externalUserId })
    .from(identities)
    .where(and(eq(identities.connectorId, connectorId), eq(identities.userId, userId)))
    .limit(1);
  return { name, externalUserId: known?.externalUserId ?? identityKeyForUser?.(userId) ?? null };
}

/** A comment's files (its attachment rows, by upload id) and mentioned people's ids at this source. */
async function commentExtrasOf(
  db: Db,
  connectorId: string,
  action: { action: string; instanceId: string; params: Record<string, unknown> },
): Promise<Pick<ActRequest, 'files' | 'mentionExternalIds' | 'onFilesStored'>> {
  if (action.action !== 'comment') return {};
  const strings = (v: unknown) =>
    Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  const uploadIds = strings(action.params.uploadIds);
  const mentionUserIds = strings(action.params.mentionUserIds);
  const files = uploadIds.length
    ? await db
        .select({
          attachmentId: attachments.id,
          fileName: attachments.fileName,
          storageKey: attachments.storageKey,
          size: attachments.fileSize,
        })
        .from(attachments)
        .where(
          and(eq(attachments.instanceId, action.instanceId), inArray(attachments.externalFileId, uploadIds)),
        )
    : [];
  const mentioned = mentionUserIds.length
    ? await db
        .select({ externalUserId: identities.externalUserId })
        .from(identities)
        .where(and(eq(identities.connectorId, connectorId), inArray(identities.userId, mentionUserIds)))
    : [];
  return {
    files: files.flatMap((f) =>
      f.storageKey
        ? [
            {
              attachmentId: f.attachmentId,
              fileName: f.fileName,
              storageKey: f.storageKey,
              size: f.size ?? 0,
            },
          ]
        : [],
    ),
    // Committed before the source gets the comment: its echo then finds Huiban's copy (recordSourceFileIds).
    onFilesStored: (stored) => recordSourceFileIds(db, stored),
    mentionExternalIds: mentioned.map((m) => m.externalUserId),
  };
}

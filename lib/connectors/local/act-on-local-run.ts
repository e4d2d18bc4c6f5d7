import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { delegatedRemark } from '../delegated-remark';
import { type ActRequest, AdapterError } from '../types';
import { applyLocalEvent, StaleRunError } from './apply-local-event';
import type { EngineEvent } from './engine';

/**
 * A Huiban action (write-back job) as an engine event. The event key is the action id, so a retried job
 * changes nothing the second time. A refusal (task no longer pending, instance ended) is final. A delegate's
 * action (代理) is recorded as the assignee's step with the remark naming the delegate, so the timeline has both.
 */
export async function actOnLocalRun(db: Db, delegated: ActRequest): Promise<{ response: unknown }> {
  const request = { ...delegated, remark: delegatedRemark(delegated) };
  const key = `action:${request.actionId ?? `${request.action}:${request.externalTaskId}:${request.actorExternalId}`}`;
  let event: EngineEvent;
  if (request.action === 'revoke') {
    event = { type: 'revoke', key, userId: request.actorExternalId, remark: request.remark };
  } else {
    if (!request.externalTaskId) throw new AdapterError('no task to act on', { retryable: false });
    let target = null;
    if (request.action === 'transfer') {
      const [user] = request.targetExternalId
        ? await db
            .select({ userId: users.id, name: users.name, status: users.status })
            .from(users)
            .where(eq(users.id, request.targetExternalId))
        : [];
      if (user?.status !== 'active') throw new AdapterError('转交对象不存在或已停用', { retryable: false });
      target = { userId: user.userId, name: user.name };
    }
    event = {
      type: 'act',
      key,
      taskId: request.externalTaskId,
      userId: request.actorExternalId,
      action: request.action,
      remark: request.remark,
      target,
    };
  }
  try {
    const outcome = await db.transaction((tx) =>
      applyLocalEvent(tx, request.instanceExternalId, event, { now: request.requestedAt }),
    );
    if (outcome.rejected) throw new AdapterError(outcome.rejected, { retryable: false });
    return { response: { status: outcome.state.status } };
  } catch (error) {
    if (error instanceof StaleRunError) throw new AdapterError(error.message, { retryable: true });
    throw error;
  }
}

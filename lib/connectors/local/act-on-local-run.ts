import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import { delegatedRemark } from '../delegated-remark';
import { type ActRequest, AdapterError } from '../types';
import { applyLocalEvent, StaleRunError } from './apply-local-event';
import type { EngineEvent, Person } from './engine';
import { loadRun } from './load-run';
import { resolveAssignees } from './resolve-assignees';

/**
 * A Huiban action (write-back job) as an engine event. The event key is the action id, so a retried job
 * changes nothing the second time. A refusal (task no longer pending, instance ended) is final. A delegate's
 * action (代理) is recorded as the assignee's step with the remark naming the delegate, so the timeline has both.
 */
export async function actOnLocalRun(db: Db, delegated: ActRequest): Promise<{ response: unknown }> {
  const request = { ...delegated, remark: delegatedRemark(delegated) };
  const key = `action:${request.actionId ?? `${request.action}:${request.externalTaskId}:${request.actorExternalId}`}`;
  const runId = request.instanceExternalId;
  let values: Record<string, unknown> | undefined;
  let event: EngineEvent;
  if (request.action === 'revoke') {
    event = { type: 'revoke', key, userId: request.actorExternalId, remark: request.remark };
  } else if (request.action === 'resubmit') {
    // 再次提交: the values were checked against the form when the originator submitted them (400 otherwise);
    // the assignees are resolved again from them, as at start.
    values = (request.params?.values ?? {}) as Record<string, unknown>;
    const loaded = await loadRun(db, runId);
    if (!loaded) throw new AdapterError('the local run does not exist', { retryable: false });
    const { assignees } = await resolveAssignees(db, {
      steps: loaded.body.steps,
      originatorUserId: loaded.run.originatorUserId,
      values,
    });
    event = { type: 'resubmit', key, userId: request.actorExternalId, assignees, remark: request.remark };
  } else {
    if (!request.externalTaskId) throw new AdapterError('no task to act on', { retryable: false });
    const taskId = request.externalTaskId;
    const userId = request.actorExternalId;
    const remark = request.remark;
    switch (request.action) {
      case 'append': {
        const ids = request.params?.targetExternalIds;
        const people = await activePeople(db, Array.isArray(ids) ? ids.map(String) : []);
        const position = request.params?.position;
        if (position !== 'before' && position !== 'after' && position !== 'alongside')
          throw new AdapterError('加签位置不正确', { retryable: false });
        const activate = request.params?.activate === 'oneByOne' ? 'oneByOne' : 'all';
        event = { type: 'append', key, taskId, userId, position, activate, people, remark };
        break;
      }
      case 'revert':
        event = { type: 'revert', key, taskId, userId, target: String(request.params?.target ?? ''), remark };
        break;
      case 'withdraw':
        event = { type: 'withdraw', key, taskId, userId, remark };
        break;
      default: {
        let target = null;
        if (request.action === 'transfer') {
          const [user] = await activePeople(db, request.targetExternalId ? [request.targetExternalId] : []);
          if (!user) throw new AdapterError('转交对象不存在或已停用', { retryable: false });
          target = user;
        }
        event = { type: 'act', key, taskId, userId, action: request.action, remark, target };
      }
    }
  }
  try {
    const outcome = await db.transaction((tx) =>
      applyLocalEvent(tx, runId, event, { now: request.requestedAt, ...(values ? { values } : {}) }),
    );
    if (outcome.rejected) throw new AdapterError(outcome.rejected, { retryable: false });
    return { response: { status: outcome.state.status } };
  } catch (error) {
    if (error instanceof StaleRunError) throw new AdapterError(error.message, { retryable: true });
    throw error;
  }
}

/** Active Huiban users by id, in the order asked; any missing one refuses the action. */
async function activePeople(db: Db, ids: string[]): Promise<Person[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ userId: users.id, name: users.name })
    .from(users)
    .where(and(inArray(users.id, ids), eq(users.status, 'active')));
  const byId = new Map(rows.map((r) => [r.userId, r]));
  const people = ids.map((id) => byId.get(id));
  if (people.some((p) => !p)) throw new AdapterError('所选人员不存在或已停用', { retryable: false });
  return people as Person[];
}

import type { DbOrTx } from '@/db/client';
import { sendJob } from '@/lib/jobs/send-job';
import { onInstanceApplied } from '@/lib/tasks/instance-applied-hooks';

/** How a source's tasks are announced in DingTalk: through which DingTalk connector, as notices and/or 待办. */
export type NoticePolicy = {
  dingtalkConnectorId: string;
  /** Send each assignee a work notice, and update its status bar when the task ends. */
  announce: boolean;
  /** Mirror each approval task into the assignee's DingTalk 待办, completed when it ends. */
  mirrorTodo: boolean;
  /**
   * Put each instance into DingTalk's approval centre (§5.10: the instance in 审批, one task per approver in
   * 待办 › OA审批), updated and finished as it ends. Never together with `mirrorTodo` (one channel per task).
   */
  approvalCentre?: boolean;
};

export type AppliedInstanceKey = { connectorId: string; externalId: string };

/** A source's settings, read fresh each time (an admin may switch them off between arrival and the job). */
export type NoticePolicyResolver = (db: DbOrTx, instance: AppliedInstanceKey) => Promise<NoticePolicy | null>;

const resolvers = new Map<string, NoticePolicyResolver>();

/** How widely one resolved policy applies: to one instance, or to every instance of its connector. */
export type NoticePolicyScope = 'instance' | 'connector';

/**
 * Registers a source (`api`, `local`) whose tasks DingTalk does not know about: every instance of that source
 * applySnapshot() writes enqueues an `announce-tasks` job in the same transaction, when its connector announces.
 * DingTalk OA and Yida never register: DingTalk already shows their tasks. `scope: 'connector'` says the policy
 * depends on the connector only, so a batch of its instances resolves it once.
 */
export function announceTasksOf(
  source: string,
  resolve: NoticePolicyResolver,
  scope: NoticePolicyScope = 'instance',
): void {
  resolvers.set(source, resolve);
  onInstanceApplied(`task-notices:${source}`, async (tx, instances) => {
    const policies = new Map<string, Promise<NoticePolicy | null>>();
    for (const instance of instances) {
      if (instance.source !== source) continue;
      const cacheKey =
        scope === 'connector' ? instance.connectorId : `${instance.connectorId}:${instance.externalId}`;
      let policy = policies.get(cacheKey);
      if (!policy) {
        policy = resolve(tx, instance);
        policies.set(cacheKey, policy);
      }
      const p = await policy;
      if (!p || (!p.announce && !p.mirrorTodo && !p.approvalCentre)) continue;
      await sendJob(tx, 'announce-tasks', {
        connectorId: instance.connectorId,
        externalId: instance.externalId,
      });
    }
  });
}

/** The policy of an instance's source, or null when its source does not announce (or is not registered). */
export async function noticePolicyOf(
  db: DbOrTx,
  source: string,
  instance: AppliedInstanceKey,
): Promise<NoticePolicy | null> {
  const resolve = resolvers.get(source);
  return resolve ? resolve(db, instance) : null;
}

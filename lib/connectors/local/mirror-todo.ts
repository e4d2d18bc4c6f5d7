import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import { createTodo, dingtalkAccountOf } from '../dingtalk/workflow-bridge';
import { dingtalkTaskChannel } from './dingtalk-task-channel';
import { instanceUrl } from './instance-url';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { EffectError, type EffectResult, taskOfEffect } from './local-effect';

/** Effect `mirrorTodo`: a task's DingTalk 待办, linking back to the instance page. */
export async function mirrorTodo(db: Db, loaded: LoadedRun, effect: LocalEffect): Promise<EffectResult> {
  const task = taskOfEffect(loaded, effect);
  const channel = dingtalkTaskChannel(loaded.body.options);
  // The approval centre replaces the 待办 mirror: never both for one task.
  if (!task || channel?.via !== 'todo') return { result: { skipped: true } };
  const { connectorId } = channel;
  const account = await dingtalkAccountOf(db, connectorId, task.userId);
  if (!account?.unionId) throw new EffectError(`${task.name} 没有钉钉 unionId，无法同步待办`);
  const s = await loadDingtalkSettings(db, connectorId);
  const url = await instanceUrl(db, loaded.run.id);
  const todoId = await createTodo(s, account.unionId, {
    // Loop safety: the source id marks the item as Huiban's own; Huiban never ingests 待办 as tasks.
    sourceId: `huiban:local:${loaded.run.id}:${task.id}`,
    subject: `审批：${loaded.originator.name}提交的${loaded.body.definitionName}`,
    dueTime: task.dueAt ? Date.parse(task.dueAt) : undefined,
    detailUrl: { appUrl: url, pcUrl: url },
  });
  return { result: { todoId, unionId: account.unionId, connectorId } };
}

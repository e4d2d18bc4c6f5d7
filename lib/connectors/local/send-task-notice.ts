import type { Db } from '@/db/client';
import type { LocalEffect } from '@/db/schema';
import { dingtalkAccountOf, sendWorkNotice } from '../dingtalk/workflow-bridge';
import { instanceUrl } from './instance-url';
import { loadDingtalkSettings } from './load-dingtalk-settings';
import type { LoadedRun } from './load-run';
import { EffectError, type EffectResult, taskOfEffect } from './local-effect';

/** Effect `notify`: a DingTalk work notice to a task's assignee (待审批) or cc (抄送). */
export async function sendTaskNotice(db: Db, loaded: LoadedRun, effect: LocalEffect): Promise<EffectResult> {
  const task = taskOfEffect(loaded, effect);
  const connectorId = loaded.body.options.mirrorTodoConnectorId;
  if (!task || !connectorId) return { result: { skipped: true } };
  const account = await dingtalkAccountOf(db, connectorId, task.userId);
  if (!account) throw new EffectError(`${task.name} 没有关联的钉钉账号，无法发送工作通知`);
  const title = `${task.kind === 'cc' ? '抄送' : '待审批'}：${loaded.originator.name}提交的${loaded.body.definitionName}`;
  const noticeId = await sendWorkNotice(await loadDingtalkSettings(db, connectorId), {
    userId: account.userId,
    title,
    text: title,
    url: await instanceUrl(db, loaded.run.id),
  });
  return { result: { noticeId } };
}

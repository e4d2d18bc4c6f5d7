import { delegatedRemark } from '../delegated-remark';
import { type ActRequest, AdapterError } from '../types';
import { systemTokenOf, type YidaSettings } from './config';
import { callYida, YIDA_NOT_FOUND } from './open-api';

/** Yida requires a remark on execute and redirect (§2.6, §2.7); the words Yida's own buttons use stand in. */
const DEFAULT_REMARK = { agree: '同意', refuse: '拒绝', transfer: '转交' } as const;

/**
 * A user's action, performed in Yida in their name (yida-connect-api.md §2.6–§2.10): `userId` is the acting
 * person's Yida (DingTalk) userId, never the connector's operator. Execute wants `taskId` as a JSON number and
 * `outResult` in capitals; terminate takes its parameters in the query string of a PUT; all three answer 200
 * with an empty body (§9.6). A delegate's action (代理) stays the assignee's (`userId`), the remark naming the
 * delegate.
 */
export async function actAtYida(s: YidaSettings, request: ActRequest): Promise<{ response: unknown }> {
  const r = { ...request, remark: delegatedRemark(request) };
  const app = await findApp(s, r.instanceExternalId, r.actorExternalId);
  const base = {
    appType: app.appType,
    systemToken: app.systemToken,
    userId: r.actorExternalId,
    language: 'zh_CN',
  };
  const taskId = () => {
    const id = Number(r.externalTaskId);
    if (!r.externalTaskId || !Number.isSafeInteger(id))
      throw new AdapterError('this item has no Yida task to act on', { retryable: false });
    return id;
  };
  switch (r.action) {
    case 'agree':
    case 'refuse':
      return {
        response: await callYida(s, '/v1.0/yida/tasks/execute', {
          body: {
            ...base,
            processInstanceId: r.instanceExternalId,
            taskId: taskId(),
            outResult: r.action === 'agree' ? 'AGREE' : 'DISAGREE',
            remark: r.remark || DEFAULT_REMARK[r.action],
          },
        }),
      };
    case 'transfer':
      if (!r.targetExternalId)
        throw new AdapterError('transfer needs a target Yida user', { retryable: false });
      return {
        response: await callYida(s, '/v1.0/yida/tasks/redirect', {
          body: {
            ...base,
            processInstanceId: r.instanceExternalId,
            taskId: taskId(),
            nowActionExecutorId: r.targetExternalId,
            remark: r.remark || DEFAULT_REMARK.transfer,
            byManager: 'n',
          },
        }),
      };
    case 'comment':
      return {
        response: await callYida(s, '/v1.0/yida/forms/remarks', {
          body: {
            ...base,
            formInstanceId: r.instanceExternalId,
            content: r.remark ?? '',
            // SaveFormRemark's @ (comma-separated userIds); it takes no files, which stay in Huiban.
            ...(r.mentionExternalIds?.length ? { atUserId: r.mentionExternalIds.join(',') } : {}),
          },
        }),
      };
    case 'revoke':
      return {
        response: await callYida(s, '/v1.0/yida/processes/instances/terminate', {
          method: 'PUT',
          query: { ...base, processInstanceId: r.instanceExternalId },
        }),
      };
    case 'append':
    case 'revert':
    case 'withdraw':
    case 'resubmit':
      // Yida's task API has execute / redirect / terminate only (§2.6–§2.10); its logs show 加签 and 退回
      // (append/beforeAppend/afterAppend/restart) done in Yida itself. The page offers Yida's own page instead.
      throw new AdapterError(`Yida's open API cannot ${r.action}; do it in Yida`, { retryable: false });
  }
}

/** Which configured app holds the instance (the id does not say); one read per app tried. */
async function findApp(
  s: YidaSettings,
  instanceId: string,
  userId: string,
): Promise<{ appType: string; systemToken: string }> {
  for (const { appType } of s.apps) {
    const systemToken = systemTokenOf(s, appType);
    if (!systemToken) continue;
    if (s.apps.length === 1) return { appType, systemToken };
    try {
      await callYida(s, `/v1.0/yida/processes/instancesInfos/${encodeURIComponent(instanceId)}`, {
        query: { appType, systemToken, userId: s.operatorUserId || userId },
      });
      return { appType, systemToken };
    } catch (error) {
      if (error instanceof AdapterError && YIDA_NOT_FOUND.has(error.sourceCode ?? '')) continue;
      throw error;
    }
  }
  throw new AdapterError('no configured Yida app has this instance', { retryable: false });
}

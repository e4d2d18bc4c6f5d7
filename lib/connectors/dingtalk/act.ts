import { delegatedRemark } from '../delegated-remark';
import { type ActRequest, AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { callApi } from './open-api';

/**
 * A user's action, performed at DingTalk in their name (§5.3–§5.6): `actionerUserId` / `operateUserId` /
 * `commentUserId` / `operatingUserId` is the acting user's DingTalk userId. A delegate's action (代理) is still
 * the assignee's at DingTalk (`actionerUserId` = the assignee), with the remark naming the delegate.
 */
export async function actAtDingTalk(
  s: DingTalkSettings,
  request: ActRequest,
): Promise<{ response: unknown }> {
  const r = { ...request, remark: delegatedRemark(request) };
  const taskId = () => {
    const id = Number(r.externalTaskId);
    if (!r.externalTaskId || !Number.isSafeInteger(id)) {
      throw new AdapterError('this item has no DingTalk task to act on', { retryable: false });
    }
    return id;
  };
  switch (r.action) {
    case 'agree':
    case 'refuse':
      return {
        response: await callApi(s, '/v1.0/workflow/processInstances/execute', {
          body: {
            processInstanceId: r.instanceExternalId,
            taskId: taskId(),
            actionerUserId: r.actorExternalId,
            result: r.action,
            remark: r.remark ?? '',
          },
        }),
      };
    case 'transfer':
      if (!r.targetExternalId)
        throw new AdapterError('transfer needs a target DingTalk user', { retryable: false });
      return {
        response: await callApi(s, '/v1.0/workflow/tasks/redirect', {
          body: {
            taskId: taskId(),
            toUserId: r.targetExternalId,
            operateUserId: r.actorExternalId,
            remark: r.remark ?? '',
          },
        }),
      };
    case 'comment':
      return {
        response: await callApi(s, '/v1.0/workflow/processInstances/comments', {
          body: {
            processInstanceId: r.instanceExternalId,
            text: r.remark ?? '',
            commentUserId: r.actorExternalId,
          },
        }),
      };
    case 'revoke':
      return {
        response: await callApi(s, '/v1.0/workflow/processInstances/terminate', {
          body: {
            processInstanceId: r.instanceExternalId,
            isSystem: false,
            remark: r.remark ?? '',
            operatingUserId: r.actorExternalId,
          },
        }),
      };
  }
}

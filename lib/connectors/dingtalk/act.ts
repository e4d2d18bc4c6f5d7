import { type ActRequest, AdapterError } from '../types';
import { commentFilesForDingTalk } from './comment-files';
import type { DingTalkSettings } from './config';
import { callApi } from './open-api';

/**
 * A user's action, performed at DingTalk in their name (§5.3–§5.6): `actionerUserId` / `operateUserId` /
 * `commentUserId` / `operatingUserId` is the acting user's DingTalk userId.
 */
export async function actAtDingTalk(s: DingTalkSettings, r: ActRequest): Promise<{ response: unknown }> {
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
    case 'comment': {
      // §5.4 takes files (`file.attachments`) but no mentions: an @ stays in the text as typed.
      const attachments = await commentFilesForDingTalk(s, r);
      return {
        response: await callApi(s, '/v1.0/workflow/processInstances/comments', {
          body: {
            processInstanceId: r.instanceExternalId,
            text: r.remark ?? '',
            commentUserId: r.actorExternalId,
            ...(attachments.length ? { file: { attachments } } : {}),
          },
        }),
      };
    }
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

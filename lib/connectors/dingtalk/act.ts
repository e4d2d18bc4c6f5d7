import { delegatedRemark } from '../delegated-remark';
import { type ActRequest, AdapterError } from '../types';
import { commentFilesForDingTalk } from './comment-files';
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
    case 'append': {
      // 加签 (wave2 §5.5), OA高级版 only: before/after; DingTalk has no "alongside" through the API.
      assertPremium(s, r.action);
      const position = r.params?.position;
      const appenders = r.params?.targetExternalIds;
      if (
        (position !== 'before' && position !== 'after') ||
        !Array.isArray(appenders) ||
        appenders.length === 0
      )
        throw new AdapterError('加签 needs before/after and the DingTalk users to add', { retryable: false });
      const oneByOne = r.params?.activate === 'oneByOne';
      return {
        response: await callApi(s, '/v1.0/workflow/premium/tasks/append', {
          body: {
            taskId: taskId(),
            processInstanceId: r.instanceExternalId,
            operateUserId: r.actorExternalId,
            appenderUserIds: appenders.map(String),
            remark: r.remark ?? '',
            activateType: oneByOne ? 'ONE_BY_ONE' : 'ALL',
            type: position,
            agreeAll: true,
          },
        }),
      };
    }
    case 'revert': {
      // 退回 (wave2 §5.6), OA高级版 only: to a passed node's activityId, or the originator (`sid-startevent`).
      assertPremium(s, r.action);
      const target = r.params?.target;
      if (typeof target !== 'string' || !target)
        throw new AdapterError('退回 needs a target node', { retryable: false });
      const toOriginator = target === ORIGINATOR_ACTIVITY;
      return {
        response: await callApi(s, '/v1.0/workflow/premium/tasks/revert', {
          body: {
            taskId: taskId(),
            processInstanceId: r.instanceExternalId,
            operateUserId: r.actorExternalId,
            targetActivityId: target,
            revertAction: toOriginator ? 'REVERT_FOR_RESUBMIT' : 'REVERT_FOR_APPROVAL',
            remark: r.remark ?? '',
          },
        }),
      };
    }
    case 'withdraw':
    case 'resubmit':
      // No open API for an approver's 撤回 or the originator's 再次提交 (wave2 §5): done in DingTalk itself.
      throw new AdapterError(`DingTalk's open API cannot ${r.action}; do it in DingTalk`, {
        retryable: false,
      });
  }
}

/** The start node's activityId in DingTalk's records: 退回 there sends the request back to the originator. */
export const ORIGINATOR_ACTIVITY = 'sid-startevent';

function assertPremium(s: DingTalkSettings, action: string) {
  if (!s.oaPremium)
    throw new AdapterError(`${action} needs DingTalk OA高级版 (the connector's oaPremium setting is off)`, {
      retryable: false,
    });
}

import { AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { callOapi } from './open-api';

/**
 * Work notices (工作通知, reference §11) as one person's `oa` card: send (asyncsend_v2), ask what became of it
 * (getsendresult) and rewrite its status bar (status_bar/update). All through callOapi (token, QPS, AdapterError).
 */

export type OaMessage = { msgtype: 'oa'; oa: Record<string, unknown> };

function agentIdOf(s: DingTalkSettings): number {
  if (!s.agentId)
    throw new AdapterError('the DingTalk connector has no agentId (needed for work notices)', {
      retryable: false,
      sourceCode: 'no_agent_id',
    });
  return s.agentId;
}

/** §11.1: sends `msg` to one user; answers DingTalk's asynchronous send id (`task_id`). */
export async function sendOaNotice(s: DingTalkSettings, userId: string, msg: OaMessage): Promise<number> {
  const body = await callOapi<{ task_id?: number }>(s, '/topapi/message/corpconversation/asyncsend_v2', {
    agent_id: agentIdOf(s),
    userid_list: userId,
    msg,
  });
  if (!body.task_id) throw new AdapterError('asyncsend_v2 answered without task_id', { retryable: true });
  return body.task_id;
}

/**
 * What became of one recipient of a send (§11.1 getsendresult, within 24 h): `read`, `unread`, `invalid`,
 * `forbidden`, `failed`, or the forbidden_list reasons `daily_limit` (143105) and `duplicate` (143106, the same
 * content reached them earlier today). `pending` when DingTalk does not list the user yet.
 */
export async function getNoticeDelivery(
  s: DingTalkSettings,
  taskId: number,
  userId: string,
): Promise<string> {
  const body = await callOapi<{
    send_result?: {
      invalid_user_id_list?: string[];
      forbidden_user_id_list?: string[];
      failed_user_id_list?: string[];
      read_user_id_list?: string[];
      unread_user_id_list?: string[];
      forbidden_list?: { code?: string; userid?: string }[];
    };
  }>(s, '/topapi/message/corpconversation/getsendresult', { agent_id: agentIdOf(s), task_id: taskId });
  const r = body.send_result ?? {};
  const forbidden = r.forbidden_list?.find((f) => f.userid === userId);
  if (forbidden?.code === '143106') return 'duplicate';
  if (forbidden?.code === '143105') return 'daily_limit';
  if (forbidden) return 'forbidden';
  if (r.read_user_id_list?.includes(userId)) return 'read';
  if (r.unread_user_id_list?.includes(userId)) return 'unread';
  if (r.invalid_user_id_list?.includes(userId)) return 'invalid';
  if (r.forbidden_user_id_list?.includes(userId)) return 'forbidden';
  if (r.failed_user_id_list?.includes(userId)) return 'failed';
  return 'pending';
}

/** §11.1 status_bar/update: the card's status bar (only for sends to ≤ 5 users, as ours are). */
export async function updateNoticeStatusBar(
  s: DingTalkSettings,
  taskId: number,
  status: { value: string; bg: string },
): Promise<void> {
  await callOapi(s, '/topapi/message/corpconversation/status_bar/update', {
    agent_id: agentIdOf(s),
    task_id: taskId,
    status_value: status.value,
    status_bg: status.bg,
  });
}

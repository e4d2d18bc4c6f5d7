import { OldApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { App, Org, WorkNotice } from '../model/types';
import { str } from './workflow';

const MSG_TYPES = ['text', 'image', 'voice', 'file', 'link', 'oa', 'markdown', 'action_card'];
const DAY_MS = 24 * 3_600_000;
/** Internal apps: at most 500 work notices per user per day (§11). */
export const NOTICES_PER_USER_PER_DAY = 500;

/** Work notifications (§11): asyncsend_v2 is stored (listable from the control API), never "delivered". */
export function noticeRoutes(state: SandboxState): RouteDef[] {
  const ok = (ctx: RequestContext, fields: Record<string, unknown>) => ({
    json: { errcode: 0, errmsg: 'ok', ...fields, request_id: ctx.requestId.slice(0, 12).toLowerCase() },
  });
  const appOf = (ctx: RequestContext): { app: App; org: Org } => {
    const app = ctx.app;
    if (!app || !ctx.org) throw new OldApiError(40014, '不合法的access_token');
    if (Number(ctx.body.agent_id) !== app.agentId) throw new OldApiError(400002, '参数错误: agent_id');
    return { app, org: ctx.org };
  };
  const noticeOf = (ctx: RequestContext, app: App, key: string): WorkNotice => {
    const n = state.notices.find((x) => x.taskId === Number(ctx.body[key]) && x.clientId === app.clientId);
    if (!n) throw new OldApiError(400002, `参数错误: ${key}`);
    return n;
  };
  return [
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/asyncsend_v2',
      family: 'old',
      auth: 'app',
      handler: (ctx) => {
        const { app, org } = appOf(ctx);
        const b = ctx.body;
        const userIds = str(b.userid_list).split(',').filter(Boolean);
        const deptIds = str(b.dept_id_list).split(',').filter(Boolean).map(Number);
        const toAll = b.to_all_user === true || b.to_all_user === 'true';
        if (userIds.length > 100) throw new OldApiError(400002, '参数错误: userid_list最多100个');
        if (deptIds.length > 20) throw new OldApiError(400002, '参数错误: dept_id_list最多20个');
        if (!toAll && userIds.length === 0 && deptIds.length === 0)
          throw new OldApiError(400002, '参数错误: 接收者不能为空');
        const msg = (typeof b.msg === 'string' ? JSON.parse(b.msg) : b.msg) as
          | Record<string, unknown>
          | undefined;
        const type = str(msg?.msgtype);
        if (!msg || !MSG_TYPES.includes(type) || !msg[type]) throw new OldApiError(400002, '参数错误: msg');
        if (Buffer.byteLength(JSON.stringify(msg)) > 2048)
          throw new OldApiError(400002, '参数错误: msg超过2048字节');
        // §11 limits: over-limit recipients are dropped silently (the call still succeeds).
        const since = state.now() - DAY_MS;
        const content = JSON.stringify(msg);
        const dropped: Record<string, '143105' | '143106'> = {};
        for (const u of userIds) {
          const earlier = state.notices.filter(
            (n) =>
              n.clientId === app.clientId && n.sentAt > since && n.userIds.includes(u) && !n.dropped?.[u],
          );
          if (earlier.some((n) => JSON.stringify(n.msg) === content)) dropped[u] = '143106';
          else if (earlier.length >= NOTICES_PER_USER_PER_DAY) dropped[u] = '143105';
        }
        const notice: WorkNotice = {
          taskId: state.ids.noticeTaskId(),
          corpId: org.corpId,
          agentId: app.agentId,
          clientId: app.clientId,
          userIds,
          deptIds,
          toAllUser: toAll,
          msg,
          sentAt: state.now(),
          recalled: false,
          ...(Object.keys(dropped).length > 0 ? { dropped } : {}),
        };
        state.notices.push(notice);
        return ok(ctx, { task_id: notice.taskId });
      },
    },
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/getsendresult',
      family: 'old',
      auth: 'app',
      handler: (ctx) => {
        const { app, org } = appOf(ctx);
        const n = noticeOf(ctx, app, 'task_id');
        const dropped = n.dropped ?? {};
        const valid = n.userIds.filter((u) => org.users.has(u) && !dropped[u]);
        return ok(ctx, {
          send_result: {
            invalid_user_id_list: n.userIds.filter((u) => !org.users.has(u)),
            forbidden_user_id_list: [],
            failed_user_id_list: [],
            read_user_id_list: valid.filter((u) => n.readBy?.includes(u)),
            unread_user_id_list: valid.filter((u) => !n.readBy?.includes(u)),
            invalid_dept_id_list: n.deptIds.filter((d) => !org.departments.has(d)),
            forbidden_list: Object.entries(dropped).map(([userid, code]) => ({ code, count: 1, userid })),
          },
        });
      },
    },
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/status_bar/update',
      family: 'old',
      auth: 'app',
      handler: (ctx) => {
        const { app } = appOf(ctx);
        const n = noticeOf(ctx, app, 'task_id');
        // §11: a status bar exists only on notices sent to at most 5 users (not departments or everyone).
        if (n.toAllUser || n.deptIds.length > 0 || n.userIds.length > 5)
          throw new OldApiError(400002, '参数错误: 状态栏仅支持发送给不超过5人的消息');
        n.statusBar = { status_value: str(ctx.body.status_value), status_bg: str(ctx.body.status_bg) };
        return ok(ctx, {});
      },
    },
    {
      method: 'POST',
      path: '/topapi/message/corpconversation/recall',
      family: 'old',
      auth: 'app',
      handler: (ctx) => {
        const { app } = appOf(ctx);
        noticeOf(ctx, app, 'msg_task_id').recalled = true;
        return ok(ctx, {});
      },
    },
  ];
}

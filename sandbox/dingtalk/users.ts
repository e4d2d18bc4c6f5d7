import { NewApiError, OldApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { Org, User } from '../model/types';
import { str } from './workflow';

/** `topapi/v2/user/get` result (§7.1): booleans and arrays as the field table says. */
export function serializeUserDetail(org: Org, u: User): Record<string, unknown> {
  const out: Record<string, unknown> = {
    userid: u.userId,
    unionid: u.unionId,
    name: u.name,
    state_code: '86',
    manager_userid: u.managerUserId,
    mobile: u.mobile,
    hide_mobile: false,
    telephone: '',
    job_number: u.jobNumber,
    title: u.title,
    email: u.email,
    org_email: '',
    work_place: '',
    remark: '',
    dept_id_list: u.deptIds,
    dept_order_list: u.deptIds.map((d, i) => ({ dept_id: d, order: 176_000_000 + i })),
    extension: '{}',
    hired_date: u.hiredDate,
    active: u.active,
    real_authed: true,
    senior: false,
    admin: u.isAdmin,
    boss: u.isBoss,
    exclusive_account: false,
    leader_in_dept: u.deptIds.map((d) => ({ dept_id: d, leader: u.leaderOfDeptIds.includes(d) })),
    role_list: u.isAdmin ? [{ id: 1, name: '主管理员', group_name: '默认' }] : [],
    union_emp_ext: {},
  };
  if (u.avatar) out.avatar = u.avatar;
  void org;
  return out;
}

function ok(ctx: RequestContext, fields: Record<string, unknown>): { json: Record<string, unknown> } {
  return {
    json: { errcode: 0, errmsg: 'ok', ...fields, request_id: ctx.requestId.slice(0, 12).toLowerCase() },
  };
}

function orgOf(ctx: RequestContext): Org {
  if (!ctx.org) throw new OldApiError(40014, '不合法的access_token');
  return ctx.org;
}

/** Contacts (§7). Contact APIs are exempt from the monthly quota. */
export function userRoutes(state: SandboxState): RouteDef[] {
  const common = { family: 'old' as const, auth: 'app' as const, quotaExempt: true };
  return [
    {
      ...common,
      method: 'POST',
      path: '/topapi/v2/user/get',
      handler: (ctx) => {
        const userId = str(ctx.body.userid);
        if (!userId) throw new OldApiError(33012, '无效的USERID');
        const org = orgOf(ctx);
        const u = org.users.get(userId);
        if (!u) throw new OldApiError(60121, '找不到该用户');
        return ok(ctx, { result: serializeUserDetail(org, u) });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/v2/user/getbymobile',
      handler: (ctx) => {
        const mobile = str(ctx.body.mobile);
        if (!mobile) throw new OldApiError(400002, '参数错误: mobile');
        const u = [...orgOf(ctx).users.values()].find((x) => x.mobile === mobile && x.active);
        if (!u) throw new OldApiError(60121, '找不到该用户');
        return ok(ctx, { result: { userid: u.userId } });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/user/getbyunionid',
      handler: (ctx) => {
        const unionId = str(ctx.body.unionid);
        const u = unionId ? state.userByUnionId(orgOf(ctx), unionId) : undefined;
        if (!u) throw new OldApiError(60121, '找不到该用户');
        return ok(ctx, { result: { contact_type: 0, userid: u.userId } });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/v2/department/listsub',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const deptId = Number(ctx.body.dept_id ?? 1);
        if (!org.departments.has(deptId)) throw new OldApiError(60003, '部门不存在');
        const result = [...org.departments.values()]
          .filter((d) => d.parentId === deptId && d.deptId !== deptId)
          .map((d) => ({
            dept_id: d.deptId,
            name: d.name,
            parent_id: d.parentId,
            create_dept_group: false,
            auto_add_user: false,
          }));
        return ok(ctx, { result });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/v2/department/listsubid',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const deptId = Number(ctx.body.dept_id ?? 1);
        if (!org.departments.has(deptId)) throw new OldApiError(60003, '部门不存在');
        const ids = [...org.departments.values()]
          .filter((d) => d.parentId === deptId && d.deptId !== deptId)
          .map((d) => d.deptId);
        return ok(ctx, { result: { dept_id_list: ids } });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/v2/department/get',
      handler: (ctx) => {
        const d = orgOf(ctx).departments.get(Number(ctx.body.dept_id));
        if (!d) throw new OldApiError(60003, '部门不存在');
        return ok(ctx, { result: { dept_id: d.deptId, name: d.name, parent_id: d.parentId } });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/user/listid',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const deptId = Number(ctx.body.dept_id);
        if (!org.departments.has(deptId)) throw new OldApiError(60003, '部门不存在');
        const ids = [...org.users.values()].filter((u) => u.deptIds.includes(deptId)).map((u) => u.userId);
        return ok(ctx, { result: { userid_list: ids } });
      },
    },
    {
      ...common,
      method: 'POST',
      path: '/topapi/v2/user/list',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const deptId = Number(ctx.body.dept_id);
        if (!org.departments.has(deptId)) throw new OldApiError(60003, '部门不存在');
        const cursor = Number(ctx.body.cursor ?? 0) || 0;
        const size = Number(ctx.body.size);
        if (!Number.isInteger(size) || size < 1 || size > 100)
          throw new OldApiError(400002, '参数错误: size');
        const users = [...org.users.values()].filter((u) => u.deptIds.includes(deptId));
        const list = users.slice(cursor, cursor + size).map((u) => serializeUserDetail(org, u));
        const hasMore = cursor + size < users.length;
        return ok(ctx, {
          result: { has_more: hasMore, next_cursor: hasMore ? cursor + size : undefined, list },
        });
      },
    },
    {
      method: 'GET',
      path: '/v1.0/contact/users/{unionId}',
      family: 'new',
      auth: 'app',
      quotaExempt: true,
      handler: (ctx) => {
        const org = ctx.org;
        const u = org ? state.userByUnionId(org, ctx.params.unionId ?? '') : undefined;
        if (!u) throw new NewApiError(404, 'invalidParameter.user.notFound', '用户不存在');
        return { json: userMe(u) };
      },
    },
  ];
}

/** `contact/users/me` shape (§8.1 step 4). */
export function userMe(u: User): Record<string, unknown> {
  return {
    nick: u.name,
    avatarUrl: u.avatar,
    mobile: u.mobile,
    openId: `open_${u.userId}`,
    unionId: u.unionId,
    email: u.email,
    stateCode: '86',
    visitor: false,
  };
}

import { createHash } from 'node:crypto';
import { str } from '../dingtalk/workflow';
import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import { yidaGmt } from '../model/clock';
import type { SandboxState } from '../model/state';
import type { Org, User } from '../model/types';
import type { YidaApp, YidaInstance, YidaTask } from '../model/yida-types';
import { YIDA_ACTION_LABEL, type YidaEngine } from './engine';

type Source = 'query' | 'body';

function param(ctx: RequestContext, source: Source, name: string): string {
  return source === 'query' ? (ctx.query.get(name) ?? '') : str(ctx.body[name]);
}

function required(ctx: RequestContext, source: Source, name: string): string {
  const v = param(ctx, source, name);
  if (!v) throw new NewApiError(400, 'invalidParameter.parameter.parameterIsEmpty', `不能为空:${name}`);
  return v;
}

function userView(org: Org, u: User | undefined, userId: string): Record<string, unknown> {
  const dept = u?.deptIds[0] !== undefined ? org.departments.get(u.deptIds[0]) : undefined;
  return {
    userId,
    deptName: dept?.name ?? '',
    email: u?.email ?? '',
    name: { nameInChinese: u?.name ?? userId, nameInEnglish: u?.userId ?? userId, type: 'i18n' },
  };
}

/**
 * The Yida OpenAPI subset of yida-connect-api.md §2 that Huiban needs. Auth is the DingTalk app token
 * plus `appType` + `systemToken` + `userId`; errors use the new-API envelope with Yida's codes.
 */
export function yidaRoutes(state: SandboxState, engine: YidaEngine): RouteDef[] {
  const auth = (ctx: RequestContext, source: Source): { app: YidaApp; org: Org; userId: string } => {
    const appType = required(ctx, source, 'appType');
    const systemToken = required(ctx, source, 'systemToken');
    const app = state.yidaApps.get(appType);
    if (!app || app.corpId !== ctx.org?.corpId)
      throw new NewApiError(400, 'applicationNotExist.application.notExits', `应用不存在:${appType}`);
    if (app.systemToken !== systemToken)
      throw new NewApiError(400, 'invalidParameter.parameter.accessKeyNotMatch', '接入密钥不匹配');
    const userId = required(ctx, source, 'userId');
    if (!ctx.org.users.has(userId))
      throw new NewApiError(400, 'failure.user.userNotExist', `用户不存在:${userId}`);
    return { app, org: ctx.org, userId };
  };
  const instanceOf = (app: YidaApp, id: string): YidaInstance => {
    const inst = state.yidaInstances.get(id);
    if (!inst || inst.deleted || inst.appType !== app.appType) {
      throw new NewApiError(400, 'invalidState.form.dataDoesNotExistOrIsDeleted', `数据不存在或已删除:${id}`);
    }
    return inst;
  };
  const serializeInstance = (org: Org, inst: YidaInstance) => ({
    processInstanceId: inst.processInstanceId,
    title: inst.title,
    formUuid: inst.formUuid,
    processCode: inst.processCode,
    instanceStatus: inst.instanceStatus,
    approvedResult: inst.approvedResult,
    createTimeGMT: yidaGmt(inst.createTime),
    modifiedTimeGMT: yidaGmt(inst.modifiedTime),
    version: inst.version,
    originator: userView(org, org.users.get(inst.originatorId), inst.originatorId),
    actionExecutor: inst.tasks
      .filter((t) => t.status === 'RUNNING')
      .map((t) => userView(org, org.users.get(t.userId), t.userId)),
    data: inst.data,
  });
  const taskStatus = (t: YidaTask) => t.status.toLowerCase();
  const taskItem = (org: Org, inst: YidaInstance, t: YidaTask) => {
    const o = org.users.get(inst.originatorId);
    return {
      processInstanceId: inst.processInstanceId,
      taskId: String(t.taskId),
      title: inst.title,
      titleInEnglish: inst.title,
      status: taskStatus(t),
      taskType: t.taskType,
      outResult: t.outResult,
      outResultName: t.outResult ? (YIDA_ACTION_LABEL[t.outResult] ?? '') : '',
      createTimeGMT: yidaGmt(t.createTime),
      activeTimeGMT: yidaGmt(t.activeTime),
      finishTimeGMT: yidaGmt(t.finishTime),
      actualActionerId: t.actualActionerId ?? '',
      appType: inst.appType,
      originatorId: inst.originatorId,
      originatorName: o?.name ?? '',
      originatorNameInEnglish: o?.userId ?? '',
      originatorNickName: o?.name ?? '',
      originatorNickNameEn: o?.userId ?? '',
      originatorEmail: o?.email ?? '',
      originatorPhoto: o?.avatar ?? '',
    };
  };
  const records = (org: Org, inst: YidaInstance) => {
    const op = (userId: string) => org.users.get(userId);
    const history = inst.records.map((r) => ({
      processInstanceId: inst.processInstanceId,
      activityId: r.activityId,
      showName: r.showName,
      type: 'HISTORY',
      action: r.action,
      actionExit: r.actionExit,
      operateType: r.operateType,
      operatorUserId: r.operatorUserId,
      operatorName: op(r.operatorUserId)?.name ?? '',
      operatorNickName: op(r.operatorUserId)?.name ?? '',
      operatorDisplayName: op(r.operatorUserId)?.name ?? '',
      operatorPhotoUrl: op(r.operatorUserId)?.avatar ?? '',
      operatorStatus: 'ACTIVE',
      remark: r.remark,
      operateTimeGMT: yidaGmt(r.operateTime),
      activeTimeGMT: yidaGmt(r.activeTime),
      taskId: r.taskId === undefined ? 'null' : String(r.taskId),
      taskExecuteType: 'NORMAL',
      files: r.files ?? [],
      domainList: [],
    }));
    const todo = inst.tasks
      .filter((t) => t.status === 'RUNNING')
      .map((t) => ({
        processInstanceId: inst.processInstanceId,
        activityId: t.activityId,
        showName: t.activityName,
        type: 'TODO',
        action: YIDA_ACTION_LABEL.doing,
        actionExit: 'doing',
        operatorUserId: t.userId,
        operatorName: op(t.userId)?.name ?? '',
        operatorNickName: op(t.userId)?.name ?? '',
        operatorDisplayName: op(t.userId)?.name ?? '',
        operatorPhotoUrl: op(t.userId)?.avatar ?? '',
        operatorStatus: 'ACTIVE',
        remark: '',
        activeTimeGMT: yidaGmt(t.activeTime),
        taskId: String(t.taskId),
        taskType: t.taskType,
        taskExecuteType: 'NORMAL',
        files: [],
        domainList: [],
      }));
    return [...history, ...todo];
  };
  const page = (ctx: RequestContext) => ({
    pageNumber: Math.max(1, Number(ctx.query.get('pageNumber') ?? 1) || 1),
    pageSize: Math.min(100, Math.max(1, Number(ctx.query.get('pageSize') ?? 10) || 10)),
  });
  const searchInstances = (ctx: RequestContext): { app: YidaApp; org: Org; list: YidaInstance[] } => {
    const { app, org } = auth(ctx, 'body');
    const formUuid = required(ctx, 'body', 'formUuid');
    const b = ctx.body;
    const num = (k: string) => (b[k] === undefined || b[k] === '' ? undefined : Number(b[k]));
    const list = [...state.yidaInstances.values()].filter((i) => {
      if (i.deleted || i.appType !== app.appType || i.formUuid !== formUuid) return false;
      if (b.instanceStatus && i.instanceStatus !== b.instanceStatus) return false;
      if (b.approvedResult && i.approvedResult !== b.approvedResult) return false;
      if (b.originatorId && i.originatorId !== b.originatorId) return false;
      const cf = num('createFromTimeGMT');
      const ct = num('createToTimeGMT');
      const mf = num('modifiedFromTimeGMT');
      const mt = num('modifiedToTimeGMT');
      if (cf !== undefined && i.createTime < cf) return false;
      if (ct !== undefined && i.createTime > ct) return false;
      if (mf !== undefined && i.modifiedTime < mf) return false;
      if (mt !== undefined && i.modifiedTime > mt) return false;
      return true;
    });
    return { app, org, list: list.sort((x, y) => y.createTime - x.createTime) };
  };
  /** `token = MD5(corpId + userId + code)`, uppercase (§2.3). */
  const corpToken = (ctx: RequestContext, corpId: string, userId: string): { org: Org; apps: YidaApp[] } => {
    const org = ctx.org;
    if (!org || org.corpId !== corpId)
      throw new NewApiError(400, 'invalidParameter.corp.corpNotExist', `企业不存在:${corpId}`);
    if (!org.users.has(userId))
      throw new NewApiError(400, 'failure.user.userNotExist', `用户不存在:${userId}`);
    const apps = [...state.yidaApps.values()].filter((a) => a.corpId === corpId);
    const token = ctx.query.get('token') ?? '';
    const ok = apps.some(
      (a) =>
        createHash('md5')
          .update(corpId + userId + a.corpCode)
          .digest('hex')
          .toUpperCase() === token,
    );
    if (!ok) throw new NewApiError(400, 'noPermission.permission.deny', '没有权限:token校验失败');
    const filter = ctx.query.get('appTypes');
    if (!filter) return { org, apps };
    const wanted = JSON.parse(filter) as string[];
    return { org, apps: apps.filter((a) => wanted.includes(a.appType)) };
  };
  const paged = <T>(ctx: RequestContext, items: T[]) => {
    const { pageNumber, pageSize } = page(ctx);
    return {
      totalCount: items.length,
      pageNumber,
      data: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    };
  };
  const empty = () => ({ status: 200, body: '' });

  return [
    ...(['/v1.0', '/v2.0'] as const).map(
      (version): RouteDef => ({
        method: 'GET',
        path: `${version}/yida/processes/instancesInfos/{id}`,
        family: 'new',
        auth: 'app',
        handler: (ctx) => {
          const { app, org } = auth(ctx, 'query');
          return { json: serializeInstance(org, instanceOf(app, ctx.params.id ?? '')) };
        },
      }),
    ),
    {
      method: 'GET',
      path: '/v1.0/yida/processes/instances/searchWithIds',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, org } = auth(ctx, 'query');
        const ids = required(ctx, 'query', 'processInstanceIds').split(',').filter(Boolean);
        const result = ids
          .map((id) => state.yidaInstances.get(id))
          .filter((i): i is YidaInstance => i !== undefined && !i.deleted && i.appType === app.appType)
          .map((i) => serializeInstance(org, i));
        return { json: { result } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/processes/instances',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { org, list } = searchInstances(ctx);
        return {
          json: paged(
            ctx,
            list.map((i) => serializeInstance(org, i)),
          ),
        };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/processes/instanceIds',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { list } = searchInstances(ctx);
        return {
          json: paged(
            ctx,
            list.map((i) => i.processInstanceId),
          ),
        };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/processes/operationRecords',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, org } = auth(ctx, 'query');
        return {
          json: { result: records(org, instanceOf(app, required(ctx, 'query', 'processInstanceId'))) },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/processes/tasks/getRunningTasks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app } = auth(ctx, 'query');
        const inst = instanceOf(app, required(ctx, 'query', 'processInstanceId'));
        const result = inst.tasks
          .filter((t) => t.status === 'RUNNING')
          .map((t) => ({
            taskId: String(t.taskId),
            processInstanceId: inst.processInstanceId,
            activityId: t.activityId,
            title: inst.title,
            titleInEnglish: inst.title,
            status: taskStatus(t),
            taskType: t.taskType,
            actualActionerId: t.userId,
            originatorId: inst.originatorId,
            createTimeGMT: yidaGmt(t.createTime),
            activeTimeGMT: yidaGmt(t.activeTime),
            finishTimeGMT: '',
          }));
        return { json: { result } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/tasks/runningTasks/query',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, org } = auth(ctx, 'body');
        required(ctx, 'body', 'userCorpId');
        const ids = required(ctx, 'body', 'processInstanceIdList').split(',').filter(Boolean);
        const result = ids
          .map((id) => state.yidaInstances.get(id))
          .filter((i): i is YidaInstance => i !== undefined && !i.deleted && i.appType === app.appType)
          .flatMap((inst) =>
            inst.tasks
              .filter((t) => t.status === 'RUNNING')
              .map((t) => ({ ...taskItem(org, inst, t), actualActionExecutorId: t.userId })),
          );
        return { json: { result } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/tasks/execute',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, userId } = auth(ctx, 'body');
        const b = ctx.body;
        const instId = required(ctx, 'body', 'processInstanceId');
        if (b.taskId === undefined || b.taskId === '') {
          throw new NewApiError(400, 'invalidParameter.parameter.parameterIsEmpty', '不能为空:taskId');
        }
        const taskId = Number(b.taskId);
        if (!Number.isSafeInteger(taskId))
          throw new NewApiError(400, 'invalidParameter.parameter.error', '参数错误:taskId');
        const outResult = required(ctx, 'body', 'outResult').toLowerCase();
        if (outResult !== 'agree' && outResult !== 'disagree') {
          throw new NewApiError(
            400,
            'invalidParameter.task.unsupportedOutResultType',
            `不支持的任务执行动作:${outResult}`,
          );
        }
        // remark is required for ExecuteTask (§2.6).
        const remark = required(ctx, 'body', 'remark');
        engine.execute(instanceOf(app, instId), { taskId, userId, outResult, remark, at: state.now() });
        if (typeof b.formDataJson === 'string' && b.formDataJson) {
          const inst = instanceOf(app, instId);
          Object.assign(inst.data, JSON.parse(b.formDataJson) as Record<string, unknown>);
        }
        return empty();
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/tasks/batches/execute',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, userId } = auth(ctx, 'body');
        const outResult = required(ctx, 'body', 'outResult').toLowerCase();
        if (outResult !== 'agree' && outResult !== 'disagree') {
          throw new NewApiError(
            400,
            'invalidParameter.task.unsupportedOutResultType',
            `不支持的任务执行动作:${outResult}`,
          );
        }
        const list = JSON.parse(required(ctx, 'body', 'taskInformationList')) as {
          taskId: string;
          formInstId: string;
        }[];
        let ok = 0;
        for (const item of list) {
          try {
            engine.execute(instanceOf(app, item.formInstId), {
              taskId: Number(item.taskId),
              userId,
              outResult,
              remark: str(ctx.body.remark),
              at: state.now(),
            });
            ok += 1;
          } catch {
            // Counted as a failure, as the batch API reports.
          }
        }
        return { json: { total: list.length, successNumber: ok, failNumber: list.length - ok } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/tasks/redirect',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, userId } = auth(ctx, 'body');
        const inst = instanceOf(app, required(ctx, 'body', 'processInstanceId'));
        const taskId = Number(required(ctx, 'body', 'taskId'));
        const toUserId = required(ctx, 'body', 'nowActionExecutorId');
        const remark = required(ctx, 'body', 'remark');
        engine.redirect(inst, {
          taskId,
          userId,
          toUserId,
          remark,
          byManager: str(ctx.body.byManager) === 'y',
          at: state.now(),
        });
        return empty();
      },
    },
    {
      method: 'PUT',
      path: '/v1.0/yida/processes/instances/terminate',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        // Parameters in the query string of a PUT (§2.10).
        const { app, userId } = auth(ctx, 'query');
        engine.terminate(instanceOf(app, required(ctx, 'query', 'processInstanceId')), {
          userId,
          at: state.now(),
        });
        return empty();
      },
    },
    {
      method: 'DELETE',
      path: '/v1.0/yida/processes/instances',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app } = auth(ctx, 'query');
        engine.delete(instanceOf(app, required(ctx, 'query', 'processInstanceId')));
        return empty();
      },
    },
    {
      method: 'POST',
      path: '/v1.0/yida/forms/remarks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, userId } = auth(ctx, 'body');
        const inst = instanceOf(app, required(ctx, 'body', 'formInstanceId'));
        const content = required(ctx, 'body', 'content');
        const remarkId = 10_000 + inst.remarks.length + state.yidaInstances.size * 100;
        const at = ctx.body.atUserId;
        if (at !== undefined && typeof at !== 'string')
          throw new NewApiError(400, 'invalidParameter', 'atUserId不合法');
        const atUserIds = (at ?? '')
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean);
        inst.remarks.push({ remarkId, userId, content, atUserIds, at: state.now() });
        return { json: { result: remarkId } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/tasks/taskCopies',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { app, org, userId } = auth(ctx, 'query');
        const list = [...state.yidaInstances.values()]
          .filter((i) => !i.deleted && i.appType === app.appType && i.ccUserIds.includes(userId))
          .map((i) => ({
            ...serializeInstance(org, i),
            formInstanceId: i.processInstanceId,
            processInstanceStatus: i.instanceStatus,
            processApprovedResult: i.approvedResult,
            carbonActivityId: 'sid-carbon',
            dataMap: i.data,
            serialNumber: i.serialNo,
            originatorId: i.originatorId,
          }));
        return { json: paged(ctx, list) };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/corpTasks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const userId = ctx.query.get('userId') ?? '';
        const { org, apps } = corpToken(ctx, ctx.query.get('corpId') ?? '', userId);
        const types = new Set(apps.map((a) => a.appType));
        const items = [...state.yidaInstances.values()]
          .filter((i) => !i.deleted && types.has(i.appType))
          .flatMap((i) =>
            i.tasks
              .filter((t) => t.userId === userId && t.status === 'RUNNING')
              .map((t) => taskItem(org, i, t)),
          );
        return { json: paged(ctx, items) };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/tasks/completedTasks/{corpId}/{userId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const userId = ctx.params.userId ?? '';
        const { org, apps } = corpToken(ctx, ctx.params.corpId ?? '', userId);
        const types = new Set(apps.map((a) => a.appType));
        const items = [...state.yidaInstances.values()]
          .filter((i) => !i.deleted && types.has(i.appType))
          .flatMap((i) =>
            i.tasks
              .filter((t) => t.userId === userId && t.status === 'COMPLETED')
              .map((t) => taskItem(org, i, t)),
          );
        return { json: paged(ctx, items) };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/tasks/myCorpSubmission/{userId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const userId = ctx.params.userId ?? '';
        const { org, apps } = corpToken(ctx, ctx.query.get('corpId') ?? '', userId);
        const types = new Set(apps.map((a) => a.appType));
        const items = [...state.yidaInstances.values()]
          .filter((i) => !i.deleted && types.has(i.appType) && i.originatorId === userId)
          .map((i) => ({
            processInstanceId: i.processInstanceId,
            formInstanceId: i.processInstanceId,
            formUuid: i.formUuid,
            title: i.title,
            processCode: i.processCode,
            processInstanceStatus: i.instanceStatus,
            processApprovedResult: i.approvedResult,
            dataType: 'pinst',
            dataMap: i.data,
            version: i.version,
            originatorId: i.originatorId,
            actionerId: i.tasks.filter((t) => t.status === 'RUNNING').map((t) => t.userId),
            actionerName: i.tasks
              .filter((t) => t.status === 'RUNNING')
              .map((t) => org.users.get(t.userId)?.name ?? ''),
            createTimeGMT: yidaGmt(i.createTime),
            modifiedTimeGMT: yidaGmt(i.modifiedTime),
            finishTimeGMT: yidaGmt(i.finishTime),
          }));
        return { json: paged(ctx, items) };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/yida/corpNotifications/{userId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const userId = ctx.params.userId ?? '';
        const corpId = ctx.query.get('corpId') ?? '';
        const { apps } = corpToken(ctx, corpId, userId);
        const types = new Set(apps.map((a) => a.appType));
        const origin = state.options.yidaOrigin;
        const items = [...state.yidaInstances.values()]
          .filter((i) => !i.deleted && types.has(i.appType) && i.ccUserIds.includes(userId))
          .map((i) => ({
            formInstanceId: i.processInstanceId,
            processCode: i.processCode,
            appType: i.appType,
            corpId,
            activityId: 'sid-carbon',
            title: i.title,
            titleInEnglish: i.title,
            creatorUserId: i.originatorId,
            instStatus: i.instanceStatus,
            url: `${origin}/alibaba/web/${i.appType}/inst/carbonDetail.html?formInstId=${i.processInstanceId}&activityId=sid-carbon`,
            mobileUrl: `${origin}/alibaba/mobile/${i.appType}/inst/detail/carbonDetail?formInstId=${i.processInstanceId}&activityId=sid-carbon`,
            createTimeGMT: yidaGmt(i.createTime),
            modifiedTimeGMT: yidaGmt(i.modifiedTime),
          }));
        return { json: paged(ctx, items) };
      },
    },
  ];
}

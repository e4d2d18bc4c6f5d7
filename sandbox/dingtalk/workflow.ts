import { NewApiError, OldApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import { dingMinuteTime } from '../model/clock';
import type { SandboxState } from '../model/state';
import type { ApproverNode, FileRef, FormComponent, Instance, Org, Task, Template } from '../model/types';
import { type FileInput, requireInstance, type WorkflowEngine } from '../model/workflow-engine';

const DAY = 86_400_000;

/** `GET /v1.0/workflow/processInstances` answer (§5.1), field by field. */
export function serializeInstance(state: SandboxState, inst: Instance): Record<string, unknown> {
  return {
    title: inst.title,
    createTime: dingMinuteTime(inst.createTime),
    finishTime: dingMinuteTime(inst.finishTime),
    originatorUserId: inst.originatorUserId,
    originatorDeptId: inst.originatorDeptId,
    originatorDeptName: inst.originatorDeptName,
    status: inst.status,
    result: inst.result,
    businessId: inst.businessId,
    approverUserIds: inst.approverUserIds,
    ccUserIds: inst.ccUserIds,
    bizAction: inst.bizAction,
    bizData: inst.bizData,
    attachedProcessInstanceIds: [],
    mainProcessInstanceId: '',
    formComponentValues: inst.formComponentValues.map((v) => ({ ...v })),
    operationRecords: inst.operationRecords.map((r) => {
      const out: Record<string, unknown> = {
        userId: r.userId,
        date: dingMinuteTime(r.date),
        type: r.type,
        result: r.result,
      };
      if (r.remark !== undefined) out.remark = r.remark;
      if (r.attachments) out.attachments = r.attachments.map((a) => ({ ...a }));
      if (r.images) out.images = r.images;
      if (r.ccUserIds) out.ccUserIds = r.ccUserIds;
      if (r.activityId) out.activityId = r.activityId;
      if (r.showName) out.showName = r.showName;
      return out;
    }),
    tasks: inst.tasks.map((t) => serializeTask(state, inst, t)),
  };
}

function serializeTask(state: SandboxState, inst: Instance, t: Task): Record<string, unknown> {
  const finished = t.status === 'COMPLETED' || t.status === 'CANCELED' || t.status === 'TERMINATED';
  const q = `corpid=${inst.corpId}&procInstId=${inst.processInstanceId}&taskId=${t.taskId}`;
  return {
    taskId: t.taskId,
    userId: t.userId,
    status: t.status,
    result: t.result || (finished ? '' : state.options.unfinishedTaskResult),
    createTime: dingMinuteTime(t.createTime),
    finishTime: dingMinuteTime(t.finishTime),
    mobileUrl: `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?${q}&dd_share=false&showmenu=false&dd_progress=false&back=native&swfrom=isv&dinghash=approval&dtaction=os#approval`,
    pcUrl: `https://aflow.dingtalk.com/dingtalk/pc/query/pchomepage.htm?${q}&dd_share=false&swfrom=oa&showmenu=false&dinghash=approval&dd_progress=false#/approval`,
    processInstanceId: inst.processInstanceId,
    activityId: t.activityId,
  };
}

/** The workflow 1.0 APIs of §5 (new API) plus their archived oapi twins that are cheap to keep. */
export function workflowRoutes(state: SandboxState, engine: WorkflowEngine): RouteDef[] {
  const orgOf = (ctx: RequestContext): Org => {
    if (!ctx.org) throw new NewApiError(400, 'InvalidAuthentication', '不合法的access_token');
    return ctx.org;
  };
  return [
    {
      method: 'GET',
      path: '/v1.0/workflow/processInstances',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const id = ctx.query.get('processInstanceId');
        if (!id) throw new NewApiError(400, 'invalidParameter', 'processInstanceId不能为空');
        const inst = requireInstance(orgOf(ctx), id);
        // `success` is a string in the docs and the SDK (§5.1).
        return { json: { result: serializeInstance(state, inst), success: 'true' } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processInstances',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const processCode = str(b.processCode);
        const originatorUserId = str(b.originatorUserId);
        if (!processCode) throw new NewApiError(400, 'processCodeError', 'processCode不能为空');
        if (!originatorUserId)
          throw new NewApiError(400, 'processInstanceInvalidParameter', 'originatorUserId不能为空');
        const values = Array.isArray(b.formComponentValues) ? b.formComponentValues : null;
        if (!values) throw new NewApiError(400, 'formConverterError', 'formComponentValues不能为空');
        if (values.length > 150) throw new NewApiError(400, 'formConverterError', '表单控件最多150个');
        const approvers = Array.isArray(b.approvers) ? b.approvers.map(parseApprover) : undefined;
        if (!approvers && b.deptId === undefined) {
          throw new NewApiError(400, 'processInstanceInvalidParameter', '未传approvers时deptId不能为空');
        }
        const inst = engine.start({
          corpId: org.corpId,
          processCode,
          originatorUserId,
          deptId: typeof b.deptId === 'number' ? b.deptId : undefined,
          approvers,
          ccUserIds: Array.isArray(b.ccList) ? b.ccList.map(String) : undefined,
          ccPosition: ccPosition(b.ccPosition),
          formComponentValues: values.map((v) => {
            const o = (v ?? {}) as Record<string, unknown>;
            if (typeof o.value === 'string' && o.value.length > 65535)
              throw new NewApiError(400, 'formConverterError', '控件值过长');
            return {
              name: str(o.name),
              value: str(o.value),
              id: o.id ? str(o.id) : undefined,
              extValue: o.extValue ? str(o.extValue) : undefined,
            };
          }),
          viaApi: true,
          at: state.now(),
        });
        return { json: { instanceId: inst.processInstanceId } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processInstances/execute',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const result = str(b.result);
        if (result !== 'agree' && result !== 'refuse')
          throw new NewApiError(400, 'invalidInstanceExecuteResult', 'result只能是agree或refuse');
        const taskId = Number(b.taskId);
        if (!Number.isSafeInteger(taskId) || taskId <= 0)
          throw new NewApiError(400, 'invalidInstanceExecuteTaskId', 'taskId不合法');
        const actioner = str(b.actionerUserId);
        if (!actioner)
          throw new NewApiError(400, 'invalidInstanceExecuteActionerUserId', 'actionerUserId不能为空');
        if (!org.users.has(actioner)) throw new NewApiError(400, 'userNotExist', '用户不存在');
        const remark = optionalText(b.remark, 1024, 'invalidParameter');
        const inst = requireInstance(org, str(b.processInstanceId), 'aflowProcessInstNotExist');
        engine.execute(inst, {
          taskId,
          actionerUserId: actioner,
          result,
          remark,
          file: parseFile(b.file),
          at: state.now(),
        });
        return { json: { result: true, success: true } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processInstances/comments',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const text = str(b.text);
        if (!text || text.length > 1024)
          throw new NewApiError(400, 'invalidInstanceCommentText', '评论内容不能为空且不超过1024字符');
        const userId = str(b.commentUserId);
        if (!userId) throw new NewApiError(400, 'invalidInstanceCommentUserId', 'commentUserId不能为空');
        if (!org.users.has(userId)) throw new NewApiError(400, 'userNotExist', '用户不存在');
        const inst = requireInstance(org, str(b.processInstanceId), 'aflowProcessInstNotExist');
        engine.comment(inst, { userId, text, file: parseFile(b.file), at: state.now() });
        return { json: { result: true, success: true } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processInstances/terminate',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        if (typeof b.isSystem !== 'boolean' && b.isSystem !== undefined) {
          throw new NewApiError(400, 'invalidInstanceTerminateIsSystem', 'isSystem不合法');
        }
        const isSystem = b.isSystem === true;
        const inst = requireInstance(org, str(b.processInstanceId), 'aflowProcessInstNotExist');
        const operatingUserId = str(b.operatingUserId);
        if (!isSystem) {
          if (!operatingUserId)
            throw new NewApiError(400, 'invalidInstanceTerminateOperatingUserId', 'operatingUserId不能为空');
          if (!org.users.has(operatingUserId)) throw new NewApiError(400, 'userNotExist', '用户不存在');
          if (operatingUserId !== inst.originatorUserId) {
            throw new NewApiError(400, 'invalidInstanceTerminateOperatingUserId', '只有发起人可以撤销审批');
          }
        }
        if (inst.status !== 'RUNNING')
          throw new NewApiError(400, 'aflowProcessInstStatusException', '审批实例状态异常');
        const template = org.templates.get(inst.processCode);
        if (!isSystem && template && !template.allowRevoke)
          throw new NewApiError(400, 'internalError', '该审批模板不允许撤销');
        if (state.now() - inst.createTime < state.options.revokeMinAgeMs) {
          throw new NewApiError(400, 'internalError', '审批发起15秒内不能撤销');
        }
        engine.terminate(inst, {
          operatingUserId: operatingUserId || undefined,
          isSystem,
          remark: optionalText(b.remark, 1024, 'invalidParameter'),
          at: state.now(),
        });
        return { json: { result: true, success: true } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/tasks/redirect',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const taskId = Number(b.taskId);
        const toUserId = str(b.toUserId);
        const operateUserId = str(b.operateUserId);
        if (!b.taskId || !toUserId || !operateUserId)
          throw new NewApiError(400, 'param.blank', 'taskId/toUserId/operateUserId不能为空');
        const inst = [...org.instances.values()].find(
          (i) => !i.deleted && i.tasks.some((t) => t.taskId === taskId),
        );
        if (!inst) throw new NewApiError(400, 'param.illegal', `任务不存在: ${taskId}`);
        if (inst.status !== 'RUNNING')
          throw new NewApiError(400, 'instance.status.error', '审批实例不是进行中');
        const remark = optionalText(b.remark, 256, 'param.illegal');
        engine.redirect(inst, { taskId, operateUserId, toUserId, remark, at: state.now() });
        return { json: { result: true } };
      },
    },
    {
      // 加签 (wave2 §5.5): OA高级版 only.
      method: 'POST',
      path: '/v1.0/workflow/premium/tasks/append',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const operateUserId = str(b.operateUserId);
        const appenders = Array.isArray(b.appenderUserIds) ? b.appenderUserIds.map(String) : [];
        if (!b.taskId || !str(b.processInstanceId) || !operateUserId || appenders.length === 0)
          throw new NewApiError(
            400,
            'param.blank',
            'taskId/processInstanceId/operateUserId/appenderUserIds不能为空',
          );
        if (!b.activateType || !b.type)
          throw new NewApiError(400, 'param.blank', 'activateType/type不能为空');
        if (b.activateType !== 'ALL' && b.activateType !== 'ONE_BY_ONE')
          throw new NewApiError(400, 'param.illegal', 'activateType不合法');
        if (b.type !== 'before' && b.type !== 'after')
          throw new NewApiError(400, 'param.illegal', 'type不合法');
        const taskId = premiumTaskId(b.taskId);
        if (!org.oaPremium)
          throw new NewApiError(400, 'benefit.status.invalid', '组织未开通OA高级版或已过期');
        const inst = premiumInstance(org, str(b.processInstanceId), taskId);
        engine.append(inst, {
          taskId,
          operateUserId,
          appenderUserIds: appenders,
          remark: optionalText(b.remark, 1024, 'param.illegal'),
          activateType: b.activateType,
          type: b.type,
          agreeAll: b.agreeAll !== false,
          at: state.now(),
        });
        return { json: { result: true } };
      },
    },
    {
      // 退回 (wave2 §5.6): OA高级版 only.
      method: 'POST',
      path: '/v1.0/workflow/premium/tasks/revert',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const operateUserId = str(b.operateUserId);
        const target = str(b.targetActivityId);
        if (!b.taskId || !str(b.processInstanceId) || !operateUserId || !target || !b.revertAction)
          throw new NewApiError(
            400,
            'param.blank',
            'taskId/processInstanceId/operateUserId/targetActivityId/targetActivityActioners/revertAction不能为空',
          );
        if (b.revertAction !== 'REVERT_FOR_APPROVAL' && b.revertAction !== 'REVERT_FOR_RESUBMIT')
          throw new NewApiError(400, 'param.illegal', 'revertAction不合法');
        const taskId = premiumTaskId(b.taskId);
        if (!org.oaPremium)
          throw new NewApiError(400, 'benefit.status.invalid', '组织未开通OA高级版或已过期');
        const inst = premiumInstance(org, str(b.processInstanceId), taskId);
        engine.revert(inst, {
          taskId,
          operateUserId,
          targetActivityId: target,
          revertAction: b.revertAction,
          remark: optionalText(b.remark, 1024, 'param.illegal'),
          at: state.now(),
        });
        return { json: { result: true } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/processes/todoTasks/numbers',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const userId = ctx.query.get('userId');
        if (!userId) throw new NewApiError(400, 'invalidParameter', 'userId不能为空');
        return { json: { result: countTodo(orgOf(ctx), userId) } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processes/instanceIds/query',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const processCode = str(b.processCode);
        if (!org.templates.has(processCode))
          throw new NewApiError(400, 'invalidProcessCode', 'processCode不合法');
        const maxResults = Number(b.maxResults);
        if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 20) {
          throw new NewApiError(400, 'invalidMaxResults', 'maxResults需在1到20之间');
        }
        const nextToken = Number(b.nextToken ?? Number.NaN);
        if (!Number.isInteger(nextToken) || nextToken < 0)
          throw new NewApiError(400, 'invalidNextToken', 'nextToken不合法');
        const userIds = Array.isArray(b.userIds) ? b.userIds.map(String) : [];
        if (userIds.length > 10) throw new NewApiError(400, 'invalidUserIds', 'userIds最多10个');
        const statuses = Array.isArray(b.statuses) ? b.statuses.map(String) : [];
        const { startTime, endTime } = checkWindow(state.now(), b.startTime, b.endTime);
        const ids = [...org.instances.values()]
          .filter(
            (i) =>
              !i.deleted &&
              i.processCode === processCode &&
              i.createTime >= startTime &&
              i.createTime <= endTime &&
              (userIds.length === 0 || userIds.includes(i.originatorUserId)) &&
              (statuses.length === 0 || statuses.includes(i.status)),
          )
          .sort((x, y) => x.createTime - y.createTime)
          .map((i) => i.processInstanceId);
        const page = ids.slice(nextToken, nextToken + maxResults);
        const result: Record<string, unknown> = { list: page };
        // nextToken is a string in the response, a number in the request (§5.8).
        if (nextToken + maxResults < ids.length) result.nextToken = String(nextToken + maxResults);
        return { json: { result, success: true } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/forms',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const name = str(b.name);
        if (!name || name.length > 200) throw new NewApiError(400, 'invalidParameter', 'name不合法');
        const components = Array.isArray(b.formComponents) ? (b.formComponents as FormComponent[]) : null;
        if (!components || components.length === 0 || components.length > 200)
          throw new NewApiError(400, 'invalidParameter', 'formComponents不合法');
        if (str(b.description).length > 300)
          throw new NewApiError(400, 'invalidParameter', 'description过长');
        checkFormComponents(components);
        const existingCode = str(b.processCode);
        if (existingCode && !org.templates.has(existingCode))
          throw new NewApiError(400, 'processCodeError', 'processCode不存在');
        for (const t of org.templates.values()) {
          if (t.name === name && t.processCode !== existingCode)
            throw new NewApiError(400, 'formName.error', '表单名称已存在');
        }
        const processCode = existingCode || `PROC-${state.ids.stableUuid().toUpperCase()}`;
        const prev = org.templates.get(processCode);
        const template: Template = {
          processCode,
          name,
          description: str(b.description),
          formComponents: components,
          defaultApprovers: prev?.defaultApprovers ?? [],
          defaultCcUserIds: prev?.defaultCcUserIds ?? [],
          allowRevoke: !(b.templateConfig as { disableStopProcessButton?: boolean } | undefined)
            ?.disableStopProcessButton,
          iconName: prev?.iconName ?? 'common',
          gmtModified: state.now(),
          disabled: false,
        };
        org.templates.set(processCode, template);
        return { json: { result: { processCode } } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/forms/schemas/processCodes',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const template = orgOf(ctx).templates.get(ctx.query.get('processCode') ?? '');
        if (!template) throw new NewApiError(400, 'processCodeError', 'processCode不存在');
        return {
          json: {
            result: {
              formCode: template.processCode,
              name: template.name,
              memo: template.description,
              creatorUserId: '',
              schemaContent: {
                title: template.name,
                icon: template.iconName,
                // Note `componentName` here, not `componentType` (§5.9).
                items: template.formComponents.map((c) => ({
                  componentName: c.componentType,
                  props: { ...c.props, id: c.props.componentId },
                  children: c.children ?? [],
                })),
              },
            },
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/processes/userVisibilities/templates',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const userId = ctx.query.get('userId') ?? '';
        if (!org.users.has(userId)) throw new NewApiError(400, 'userNotExist', '用户不存在');
        const max = Math.min(Number(ctx.query.get('maxResults') ?? 100) || 100, 100);
        const start = Number(ctx.query.get('nextToken') ?? 0) || 0;
        const all = [...org.templates.values()].filter((t) => !t.disabled);
        const list = all.slice(start, start + max).map((t) => ({
          name: t.name,
          processCode: t.processCode,
          url: `https://aflow.dingtalk.com/dingtalk/pc/query/pchomepage.htm?ddtab=true&corpid=${org.corpId}#/custom/?processCode=${t.processCode}`,
          iconUrl: '',
          dirId: '',
          dirName: '',
        }));
        const result: Record<string, unknown> = { processList: list };
        if (start + max < all.length) result.nextToken = start + max;
        return { json: { result } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/processes/managements/templates',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const user = org.users.get(ctx.query.get('userId') ?? '');
        if (!user) throw new NewApiError(400, 'userNotExist', '用户不存在');
        const list = user.isAdmin
          ? [...org.templates.values()].map((t) => ({
              flowTitle: t.name,
              processCode: t.processCode,
              iconName: t.iconName,
              iconUrl: '',
              newProcess: true,
              gmtModified: dingMinuteTime(t.gmtModified),
              attendanceType: 0,
            }))
          : [];
        return { json: { result: list, success: true } };
      },
    },
    {
      method: 'POST',
      path: '/topapi/processinstance/listids',
      family: 'old',
      auth: 'app',
      handler: (ctx) => {
        const org = ctx.org as Org;
        const b = ctx.body;
        const code = str(b.process_code);
        if (!org.templates.has(code)) throw new OldApiError(400002, 'process_code不合法');
        const start = Number(b.start_time);
        if (!Number.isFinite(start)) throw new OldApiError(400002, 'start_time不合法');
        const end = b.end_time === undefined ? state.now() : Number(b.end_time);
        const size = Math.min(Number(b.size ?? 20) || 20, 20);
        const cursor = Number(b.cursor ?? 0) || 0;
        const users = str(b.userid_list).split(',').filter(Boolean);
        const ids = [...org.instances.values()]
          .filter((i) => !i.deleted && i.processCode === code && i.createTime >= start && i.createTime <= end)
          .filter((i) => users.length === 0 || users.includes(i.originatorUserId))
          .sort((x, y) => x.createTime - y.createTime)
          .map((i) => i.processInstanceId);
        const result: Record<string, unknown> = { list: ids.slice(cursor, cursor + size) };
        if (cursor + size < ids.length) result.next_cursor = cursor + size;
        return { json: { errcode: 0, errmsg: 'ok', result, request_id: ctx.requestId.slice(0, 12) } };
      },
    },
    {
      method: 'POST',
      path: '/topapi/process/gettodonum',
      family: 'old',
      auth: 'app',
      handler: (ctx) => {
        const userId = str(ctx.body.userid);
        if (!userId) throw new OldApiError(400002, 'userid不能为空');
        return {
          json: {
            errcode: 0,
            errmsg: 'ok',
            count: countTodo(ctx.org as Org, userId),
            request_id: ctx.requestId.slice(0, 12),
          },
        };
      },
    },
  ];
}

/** `componentType` values `POST /v1.0/workflow/forms` accepts (§5.9). */
const COMPONENT_TYPES = new Set([
  'TextField',
  'TextareaField',
  'NumberField',
  'DDSelectField',
  'DDMultiSelectField',
  'DDDateField',
  'DDDateRangeField',
  'TextNote',
  'PhoneField',
  'DDPhotoField',
  'MoneyField',
  'TableField',
  'DDAttachment',
  'InnerContactField',
  'RelateField',
  'AddressField',
  'StarRatingField',
  'DepartmentField',
]);

/** Every component (and a TableField's children) needs a known type, a unique componentId and a label. */
function checkFormComponents(components: FormComponent[], seen = new Set<string>()): void {
  for (const c of components) {
    const type = str(c?.componentType);
    if (!COMPONENT_TYPES.has(type))
      throw new NewApiError(400, 'invalidParameter', `不支持的控件类型: ${type}`);
    const id = str(c.props?.componentId);
    if (!id) throw new NewApiError(400, 'invalidParameter', `${type} 缺少componentId`);
    if (seen.has(id)) throw new NewApiError(400, 'invalidParameter', `componentId重复: ${id}`);
    seen.add(id);
    if (type !== 'TextNote' && !str(c.props.label))
      throw new NewApiError(400, 'invalidParameter', `${id} 缺少label`);
    if ((type === 'DDSelectField' || type === 'DDMultiSelectField') && !(c.props.options?.length ?? 0))
      throw new NewApiError(400, 'invalidParameter', `${id} 缺少options`);
    if (type === 'TableField') {
      if (!Array.isArray(c.children) || c.children.length === 0)
        throw new NewApiError(400, 'invalidParameter', `${id} 缺少children`);
      checkFormComponents(c.children, seen);
    }
  }
}

function countTodo(org: Org, userId: string): number {
  let n = 0;
  for (const inst of org.instances.values()) {
    if (inst.deleted || inst.status !== 'RUNNING') continue;
    for (const t of inst.tasks) if (t.userId === userId && t.status === 'RUNNING') n += 1;
  }
  return n;
}

/** §5.8 window rules: only start → within 120 days of now; both → range ≤ 120 days and start within 365 days. */
function checkWindow(
  now: number,
  rawStart: unknown,
  rawEnd: unknown,
): { startTime: number; endTime: number } {
  const startTime = Number(rawStart);
  if (rawStart === undefined || !Number.isFinite(startTime) || startTime <= 0) {
    throw new NewApiError(400, 'invalidInstanceListIdsStartTime', 'startTime不合法');
  }
  if (rawEnd === undefined || rawEnd === null) {
    if (now - startTime > 120 * DAY)
      throw new NewApiError(400, 'invalidInstanceListIdsStartTime', 'startTime需在120天内');
    return { startTime, endTime: Number.MAX_SAFE_INTEGER };
  }
  const endTime = Number(rawEnd);
  if (!Number.isFinite(endTime) || endTime < startTime || endTime - startTime > 120 * DAY) {
    throw new NewApiError(400, 'invalidEndTime', 'endTime不合法，时间范围不能超过120天');
  }
  if (now - startTime > 365 * DAY)
    throw new NewApiError(400, 'invalidInstanceListIdsStartTime', 'startTime需在365天内');
  return { startTime, endTime };
}

function parseApprover(raw: unknown): ApproverNode {
  const o = (raw ?? {}) as Record<string, unknown>;
  const actionType = str(o.actionType) || 'NONE';
  if (actionType !== 'AND' && actionType !== 'OR' && actionType !== 'NONE') {
    throw new NewApiError(400, 'processInstanceInvalidParameter', `actionType不合法: ${actionType}`);
  }
  const userIds = Array.isArray(o.userIds) ? o.userIds.map(String) : [];
  if (userIds.length === 0) throw new NewApiError(400, 'processInstanceInvalidParameter', '审批人不能为空');
  return { actionType, userIds };
}

function ccPosition(raw: unknown): Instance['ccPosition'] | undefined {
  return raw === 'START' || raw === 'FINISH' || raw === 'START_FINISH' ? raw : undefined;
}

/** `file {photos[], attachments[{spaceId,fileSize,fileId,fileName,fileType}]}` of execute/comment (max 20). */
export function parseFile(raw: unknown): FileInput | undefined {
  if (!raw || typeof raw !== 'object') return undefined;
  const o = raw as Record<string, unknown>;
  const attachments = Array.isArray(o.attachments)
    ? o.attachments.map((a): FileRef => {
        const x = (a ?? {}) as Record<string, unknown>;
        return {
          spaceId: str(x.spaceId),
          fileId: str(x.fileId),
          fileName: str(x.fileName),
          fileSize: str(x.fileSize),
          fileType: str(x.fileType),
        };
      })
    : [];
  if (attachments.length > 20) throw new NewApiError(400, 'invalidParameter', '附件最多20个');
  const photos = Array.isArray(o.photos) ? o.photos.map(String) : [];
  return { attachments, photos };
}

function optionalText(raw: unknown, max: number, code: string): string | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  const s = String(raw);
  if (s.length > max) throw new NewApiError(400, code, `remark不能超过${max}字符`);
  return s;
}

export function str(v: unknown): string {
  if (v === undefined || v === null) return '';
  return typeof v === 'string' ? v : String(v);
}

/** The premium task APIs' `taskId` (a long). */
function premiumTaskId(raw: unknown): number {
  const taskId = Number(raw);
  if (!Number.isSafeInteger(taskId) || taskId <= 0)
    throw new NewApiError(400, 'param.illegal', 'taskId不合法');
  return taskId;
}

/** The instance a premium task call names; its status must be running (`instance.status.error`). */
function premiumInstance(org: Org, processInstanceId: string, taskId: number): Instance {
  const inst = org.instances.get(processInstanceId);
  if (!inst || inst.deleted || !inst.tasks.some((t) => t.taskId === taskId))
    throw new NewApiError(400, 'param.illegal', `任务不存在: ${taskId}`);
  if (inst.status !== 'RUNNING') throw new NewApiError(400, 'instance.status.error', '审批实例不是进行中');
  return inst;
}

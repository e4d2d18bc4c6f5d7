import { createHash } from 'node:crypto';
import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { ApproverNode, Org, Template } from '../model/types';
import { str } from './workflow';

/**
 * `POST /v1.0/workflow/processes/forecast` (dingtalk-wave2-apis.md §2): the nodes a template's flow will take
 * for an originator and form values. Derived from the stored template: each default approver node is a
 * `target_approval` rule with its approvers, the default cc list a `notifier` rule, and a template without
 * approvers has one originator-chosen (`target_select`) node with a stable `actorKey`, as the doc's sample.
 * Templates here have no condition branches, so every forecast is static. Options cover the UNCONFIRMED parts
 * (`forecastRootDept`, `forecastActivityActioners`) and failures on demand (`forecastOutcome`).
 */
export function forecastRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'POST',
      path: '/v1.0/workflow/processes/forecast',
      family: 'new',
      auth: 'app',
      handler: (ctx) => ({ json: { result: forecast(state, ctx) } }),
    },
  ];
}

function forecast(state: SandboxState, ctx: RequestContext): Record<string, unknown> {
  const org = ctx.org;
  if (!org) throw new NewApiError(400, 'InvalidAuthentication', '不合法的access_token');
  const b = ctx.body;
  state.forecastRequests.push({ corpId: org.corpId, body: structuredClone(b) });
  const processCode = str(b.processCode);
  if (!processCode) throw new NewApiError(400, 'invalidParameter', 'processCode不能为空');
  const userId = str(b.userId);
  if (!userId) throw new NewApiError(400, 'invalidUserId', 'userId不能为空');
  if (b.deptId === undefined || b.deptId === null || !Number.isInteger(b.deptId))
    throw new NewApiError(400, 'invalidParameter', 'deptId不合法');
  const deptId = b.deptId as number;
  if (
    deptId === -1 ? state.options.forecastRootDept === 'reject' : deptId !== 1 && !org.departments.has(deptId)
  )
    throw new NewApiError(400, 'invalidParameter', `deptId不合法: ${deptId}`);
  if (!Array.isArray(b.formComponentValues))
    throw new NewApiError(400, 'invalidParameter', 'formComponentValues不能为空');
  if (b.formComponentValues.length > 150) throw new NewApiError(400, 'invalidParameter', '表单控件最多150个');
  for (const v of b.formComponentValues) {
    const o = (v ?? {}) as Record<string, unknown>;
    if (!str(o.name) || o.value === undefined || o.value === null)
      throw new NewApiError(400, 'componentIsNull', '表单控件的name和value不能为空');
  }
  const template = org.templates.get(processCode);
  if (!template || template.disabled)
    throw new NewApiError(400, 'processCodeError', '审批模板processCode不存在或已删除');
  if (template.formComponents.length === 0) throw new NewApiError(400, 'formNotExist', '审批表单不存在');
  const user = org.users.get(userId);
  if (!user?.active) throw new NewApiError(400, 'userNotExist', '用户不存在');
  if (state.options.forecastOutcome === 'error') throw new NewApiError(400, 'forecastError', '流程预测失败');
  if (state.options.forecastOutcome === 'unsuccessful')
    return { isForecastSuccess: false, processCode, userId };

  const rules = activityRules(state, org, template);
  return {
    isForecastSuccess: true,
    processCode,
    userId,
    processId: processIdOf(processCode),
    isStaticWorkflow: true,
    workflowActivityRules: rules,
    workflowForecastNodes: rules.map((r, i) => ({
      activityId: r.activityId,
      outId: `line-random-${r.activityId}-${rules[i + 1]?.activityId ?? 'sid-endevent'}`,
    })),
  };
}

type Rule = Record<string, unknown> & { activityId: string };

function activityRules(state: SandboxState, org: Org, template: Template): Rule[] {
  const nodes: { kind: 'approver' | 'notifier' | 'select'; node?: ApproverNode; userIds: string[] }[] = [
    ...(template.defaultApprovers.length
      ? template.defaultApprovers.map((node) => ({ kind: 'approver' as const, node, userIds: node.userIds }))
      : [{ kind: 'select' as const, userIds: [] }]),
    ...(template.defaultCcUserIds.length
      ? [{ kind: 'notifier' as const, userIds: template.defaultCcUserIds }]
      : []),
  ];
  let prev = 'sid-startevent';
  return nodes.map((n, i) => {
    const activityId = nodeId(template.processCode, i);
    const people = n.userIds.map((id) => ({ id, user: org.users.get(id) }));
    const approvals = people.map((p) => ({ workNo: p.id, userName: p.user?.name ?? '' }));
    const method = n.node?.actionType === 'AND' ? 'AND' : n.node?.actionType === 'OR' ? 'OR' : 'ONE_BY_ONE';
    const rule: Rule = {
      activityId,
      prevActivityId: prev,
      activityName: n.node?.name ?? (n.kind === 'notifier' ? '抄送人' : '审批人'),
      activityType: n.kind === 'select' ? 'target_select' : 'target_approval',
      isTargetSelect: n.kind === 'select',
      workflowActor: {
        actorKey: `manual_${nodeId(`${template.processCode}:actor`, i)}`,
        actorType: n.kind === 'notifier' ? 'notifier' : 'approver',
        actorSelectionType: n.kind === 'select' ? 'allStaff' : 'approvals',
        actorSelectionRange: { approvals, labels: [] },
        allowedMulti: n.kind !== 'approver' || n.userIds.length > 1,
        approvalType: 'MANUAL',
        approvalMethod: n.kind === 'select' ? 'OR' : method,
        actorActivateType: method === 'ONE_BY_ONE' ? 'ONE_BY_ONE' : 'ALL',
        required: n.kind === 'select',
      },
    };
    // Docs-only field, absent from the SDK model (UNCONFIRMED): on unless the option turns it off.
    if (state.options.forecastActivityActioners && n.kind !== 'select')
      rule.activityActioners = people.map((p) => ({
        userId: p.id,
        name: p.user?.name ?? '',
        avatar: p.user?.avatar ?? '',
      }));
    prev = activityId;
    return rule;
  });
}

/** Node ids in DingTalk's shape (`1918_5cd3`), stable per template and position. */
function nodeId(seed: string, index: number): string {
  const h = createHash('sha1').update(`${seed}#${index}`).digest('hex');
  return `${h.slice(0, 4)}_${h.slice(4, 8)}`;
}

function processIdOf(processCode: string): number {
  return Number.parseInt(createHash('sha1').update(processCode).digest('hex').slice(0, 10), 16);
}

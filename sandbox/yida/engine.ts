import { NewApiError } from '../http/errors';
import type { SandboxState } from '../model/state';
import type { YidaApp, YidaInstance, YidaPushAction, YidaRecord, YidaTask } from '../model/yida-types';

/** Receives every state change that Yida's integration center would push. */
export type YidaPushHook = (
  action: YidaPushAction,
  inst: YidaInstance,
  detail: { task?: YidaTask; ccUserId?: string },
) => void;

const ACTION_LABEL: Record<string, string> = {
  submit: '提交申请',
  agree: '已同意',
  disagree: '已拒绝',
  forward: '已转交',
  revoked: '已撤销',
  carbon: '已抄送',
  doing: '处理中',
};

/**
 * Yida process instances (yida-connect-api.md §7.4): 或签 agree cancels the siblings, the last agree
 * completes, a disagree ends the flow (`COMPLETED/disagree`), terminate → `TERMINATED`, delete → push.
 */
export class YidaEngine {
  constructor(
    private readonly state: SandboxState,
    private readonly push: YidaPushHook,
  ) {}

  app(appType: string): YidaApp {
    const app = this.state.yidaApps.get(appType);
    if (!app) throw new NewApiError(400, 'applicationNotExist.application.notExits', `应用不存在:${appType}`);
    return app;
  }

  start(input: {
    appType: string;
    formUuid: string;
    originatorId: string;
    data: Record<string, unknown>;
    title?: string;
    ccUserIds?: string[];
    at: number;
  }): YidaInstance {
    const app = this.app(input.appType);
    const form = app.forms.get(input.formUuid);
    if (!form)
      throw new NewApiError(
        400,
        'invalidState.form.dataDoesNotExistOrIsDeleted',
        `数据不存在或已删除:${input.formUuid}`,
      );
    const org = this.state.org(app.corpId);
    const originator = org.users.get(input.originatorId);
    if (!originator)
      throw new NewApiError(400, 'failure.user.userNotExist', `用户不存在:${input.originatorId}`);
    const at = input.at;
    const inst: YidaInstance = {
      processInstanceId: this.state.ids.stableUuid(),
      appType: app.appType,
      corpId: app.corpId,
      formUuid: form.formUuid,
      processCode: form.processCode,
      title: input.title ?? `${originator.name}发起的${form.name}`,
      originatorId: originator.userId,
      instanceStatus: 'RUNNING',
      approvedResult: '',
      data: input.data,
      createTime: at,
      modifiedTime: at,
      nodes: form.nodes.map((n) => ({ ...n, userIds: [...n.userIds] })),
      currentNodeIndex: 0,
      tasks: [],
      records: [],
      ccUserIds: input.ccUserIds ?? [],
      serialNo: `SERIAL${String(this.state.yidaInstances.size + 1).padStart(6, '0')}`,
      version: 1,
      deleted: false,
      remarks: [],
    };
    this.state.yidaInstances.set(inst.processInstanceId, inst);
    inst.records.push(
      this.record(inst, {
        activityId: 'sid-restartevent',
        showName: '发起',
        actionExit: 'submit',
        operateType: 'NEW_PROCESS',
        operatorUserId: inst.originatorId,
        remark: '',
        at,
      }),
    );
    if (this.state.options.yidaCreatePushForOriginator) this.push('create', inst, {});
    this.openNode(inst, 0, at);
    for (const cc of inst.ccUserIds) {
      inst.records.push(
        this.record(inst, {
          activityId: 'sid-carbon',
          showName: '抄送人',
          actionExit: 'carbon',
          operateType: 'CARBON',
          operatorUserId: cc,
          remark: '',
          at,
        }),
      );
      this.push('cc', inst, { ccUserId: cc });
    }
    return inst;
  }

  execute(
    inst: YidaInstance,
    input: {
      taskId: number;
      userId: string;
      outResult: 'agree' | 'disagree';
      remark: string;
      at: number;
      files?: YidaRecord['files'];
    },
  ): void {
    const task = this.runningTask(inst, input.taskId);
    if (this.state.options.yidaExecuteRequiresActioner && task.userId !== input.userId) {
      throw new NewApiError(400, 'noPermission.permission.deny', '没有权限:只有当前处理人可以审批');
    }
    const at = input.at;
    this.finishTask(inst, task, input.outResult, input.userId, input.remark, at);
    inst.records.push(
      this.record(inst, {
        activityId: task.activityId,
        showName: task.activityName,
        actionExit: input.outResult,
        operateType: 'EXECUTE_TASK',
        operatorUserId: input.userId,
        remark: input.remark,
        at,
        taskId: task.taskId,
        files: input.files,
      }),
    );
    this.push('complete', inst, { task });
    const node = inst.nodes[inst.currentNodeIndex];
    const siblings = inst.tasks.filter((t) => t.activityId === task.activityId && t.status === 'RUNNING');
    if (input.outResult === 'disagree') {
      this.cancel(inst, siblings, at);
      this.finish(inst, 'COMPLETED', 'disagree', at);
      return;
    }
    if (node?.mode === 'or') this.cancel(inst, siblings, at);
    else if (siblings.length > 0) return;
    const next = inst.currentNodeIndex + 1;
    if (next < inst.nodes.length) this.openNode(inst, next, at);
    else this.finish(inst, 'COMPLETED', 'agree', at);
  }

  redirect(
    inst: YidaInstance,
    input: {
      taskId: number;
      userId: string;
      toUserId: string;
      remark: string;
      byManager: boolean;
      at: number;
    },
  ): void {
    const task = inst.tasks.find((t) => t.taskId === input.taskId);
    if (task?.status !== 'RUNNING' || inst.instanceStatus !== 'RUNNING') {
      throw new NewApiError(
        400,
        'noPermission.process.onlyRunningTasksCanBeRedirected',
        '只有运行中的任务才能转交',
      );
    }
    if (!input.byManager && task.userId !== input.userId)
      throw new NewApiError(400, 'noPermission.permission.deny', '没有权限');
    const org = this.state.org(inst.corpId);
    if (!org.users.has(input.toUserId))
      throw new NewApiError(400, 'failure.user.userNotExist', `用户不存在:${input.toUserId}`);
    const at = input.at;
    // The forwarded task ends for its owner (a complete push); the new owner gets a create push.
    this.finishTask(inst, task, '', input.userId, input.remark, at);
    inst.records.push(
      this.record(inst, {
        activityId: task.activityId,
        showName: task.activityName,
        actionExit: 'forward',
        operateType: 'REDIRECT_TASK',
        operatorUserId: input.userId,
        remark: input.remark,
        at,
        taskId: task.taskId,
      }),
    );
    this.push('complete', inst, { task });
    const node = inst.nodes[inst.currentNodeIndex];
    const created = this.newTask(
      inst,
      input.toUserId,
      node?.mode ?? 'or',
      task.activityId,
      task.activityName,
      at,
    );
    this.push('create', inst, { task: created });
  }

  terminate(inst: YidaInstance, input: { userId: string; at: number }): void {
    if (inst.instanceStatus !== 'RUNNING')
      throw new NewApiError(400, 'invalidState.instance.instanceStatusHasChanged', '实例状态已变更');
    const running = inst.tasks.filter((t) => t.status === 'RUNNING');
    inst.records.push(
      this.record(inst, {
        activityId: 'sid-terminate',
        showName: '终止',
        actionExit: 'revoked',
        operateType: 'TERMINATE',
        operatorUserId: input.userId,
        remark: '',
        at: input.at,
      }),
    );
    this.cancel(inst, running, input.at);
    this.finish(inst, 'TERMINATED', '', input.at);
  }

  delete(inst: YidaInstance): void {
    inst.deleted = true;
    this.push('delete', inst, {});
  }

  private runningTask(inst: YidaInstance, taskId: number): YidaTask {
    const task = inst.tasks.find((t) => t.taskId === taskId);
    if (!task) throw new NewApiError(400, 'invalidParameter.parameter.error', `参数错误:taskId ${taskId}`);
    if (inst.instanceStatus !== 'RUNNING' || task.status !== 'RUNNING') {
      throw new NewApiError(400, 'invalidState.instance.instanceStatusHasChanged', '实例状态已变更');
    }
    return task;
  }

  private openNode(inst: YidaInstance, index: number, at: number): void {
    inst.currentNodeIndex = index;
    const node = inst.nodes[index];
    if (!node) return;
    for (const u of node.userIds) {
      const task = this.newTask(inst, u, node.mode, node.activityId, node.name, at);
      this.push('create', inst, { task });
    }
  }

  private newTask(
    inst: YidaInstance,
    userId: string,
    mode: 'and' | 'or',
    activityId: string,
    activityName: string,
    at: number,
  ): YidaTask {
    const task: YidaTask = {
      taskId: this.state.ids.yidaTaskId(),
      userId,
      activityId,
      activityName,
      status: 'RUNNING',
      outResult: '',
      taskType: mode === 'and' ? 'COMMON_ALL_AT_ONCE' : 'COMMON_ONE_BY_ONE',
      createTime: at,
      activeTime: at,
    };
    inst.tasks.push(task);
    inst.modifiedTime = at;
    return task;
  }

  private finishTask(
    inst: YidaInstance,
    task: YidaTask,
    outResult: YidaTask['outResult'],
    userId: string,
    remark: string,
    at: number,
  ): void {
    task.status = 'COMPLETED';
    task.outResult = outResult;
    task.finishTime = at;
    task.actualActionerId = userId;
    task.remark = remark;
    inst.modifiedTime = at;
  }

  private cancel(inst: YidaInstance, tasks: YidaTask[], at: number): void {
    for (const t of tasks) {
      t.status = 'CANCELED';
      t.finishTime = at;
      this.push('cancel', inst, { task: t });
    }
  }

  private finish(
    inst: YidaInstance,
    status: 'COMPLETED' | 'TERMINATED',
    result: YidaInstance['approvedResult'],
    at: number,
  ): void {
    inst.instanceStatus = status;
    inst.approvedResult = result;
    inst.finishTime = at;
    inst.modifiedTime = at;
    inst.version += 1;
  }

  private record(
    inst: YidaInstance,
    r: {
      activityId: string;
      showName: string;
      actionExit: string;
      operateType: string;
      operatorUserId: string;
      remark: string;
      at: number;
      taskId?: number;
      files?: YidaRecord['files'];
    },
  ): YidaRecord {
    void inst;
    return {
      activityId: r.activityId,
      showName: r.showName,
      actionExit: r.actionExit,
      action: ACTION_LABEL[r.actionExit] ?? r.actionExit,
      operateType: r.operateType,
      operatorUserId: r.operatorUserId,
      remark: r.remark,
      operateTime: r.at,
      activeTime: r.at,
      taskId: r.taskId,
      ...(r.files?.length ? { files: r.files } : {}),
    };
  }
}

export { ACTION_LABEL as YIDA_ACTION_LABEL };

import { NewApiError } from '../http/errors';
import type { SandboxState } from './state';
import type {
  ApproverNode,
  FileRef,
  FormValue,
  Instance,
  InstanceNode,
  OperationRecord,
  Org,
  Task,
  Template,
} from './types';

/** Publishes an event; the engine does not know about transports. */
export type EmitFn = (
  corpId: string,
  eventType: string,
  data: Record<string, unknown>,
  bornTime: number,
) => void;

type PendingEvent = { eventType: 'bpms_instance_change' | 'bpms_task_change'; data: Record<string, unknown> };

export type StartInput = {
  corpId: string;
  processCode: string;
  originatorUserId: string;
  deptId?: number;
  approvers?: ApproverNode[];
  ccUserIds?: string[];
  ccPosition?: Instance['ccPosition'];
  formComponentValues: {
    name: string;
    value: string;
    id?: string;
    componentType?: string;
    extValue?: string;
  }[];
  title?: string;
  bizData?: string;
  viaApi: boolean;
  at: number;
};

export type FileInput = { photos?: string[]; attachments?: FileRef[] };

/**
 * The approval state machine of workflow 1.0 (§5.11): sequential nodes, AND (会签) / OR (或签) nodes,
 * redirect, refuse ends the flow, revoke by the originator. Every transition writes operation records
 * and emits the §4 events in the order chosen by `options.eventOrder`.
 */
export class WorkflowEngine {
  constructor(
    private readonly state: SandboxState,
    private readonly emit: EmitFn,
  ) {}

  start(input: StartInput): Instance {
    const org = this.state.org(input.corpId);
    const template = org.templates.get(input.processCode);
    if (!template || template.disabled)
      throw new NewApiError(400, 'processCodeError', '审批模板processCode不存在或已停用');
    const originator = org.users.get(input.originatorUserId);
    if (!originator?.active) {
      throw new NewApiError(
        400,
        'processInstanceInvalidParameter',
        `发起人不存在: ${input.originatorUserId}`,
      );
    }
    const chain = input.approvers && input.approvers.length > 0 ? input.approvers : template.defaultApprovers;
    if (chain.length === 0) throw new NewApiError(400, 'processInstanceInvalidParameter', '审批人不能为空');
    if (chain.length > 20)
      throw new NewApiError(400, 'processInstanceInvalidParameter', '审批人节点最多20个');
    const ccUserIds = input.ccUserIds ?? (input.approvers ? [] : template.defaultCcUserIds);
    for (const id of [...chain.flatMap((n) => n.userIds), ...ccUserIds]) {
      if (!org.users.has(id))
        throw new NewApiError(400, 'processInstanceInvalidParameter', `用户不存在: ${id}`);
    }
    const deptId = input.deptId ?? originator.deptIds[0] ?? -1;
    const dept = org.departments.get(deptId);
    const at = input.at;
    const inst: Instance = {
      processInstanceId: this.state.ids.processInstanceId(at),
      corpId: org.corpId,
      processCode: template.processCode,
      title: input.title ?? `${originator.name}提交的${template.name}`,
      businessId: this.state.ids.businessId(at),
      originatorUserId: originator.userId,
      originatorDeptId: deptId === 1 ? '-1' : String(deptId),
      originatorDeptName: dept?.name ?? org.name,
      status: 'RUNNING',
      result: '',
      createTime: at,
      nodes: this.expandNodes(chain),
      currentNodeIndex: 0,
      approverUserIds: input.viaApi ? chain.flatMap((n) => n.userIds) : [],
      ccUserIds,
      ccPosition: input.ccPosition ?? 'START',
      bizAction: 'NONE',
      bizData: input.bizData ?? '',
      formComponentValues: this.formValues(org.corpId, template, input.formComponentValues),
      operationRecords: [],
      tasks: [],
      startedViaApi: input.viaApi,
      deleted: false,
    };
    inst.operationRecords.push({
      userId: originator.userId,
      date: at,
      type: 'START_PROCESS_INSTANCE',
      result: 'NONE',
      showName: '发起人',
      activityId: 'sid-startevent',
    });
    if (ccUserIds.length > 0 && inst.ccPosition !== 'FINISH') this.recordCc(inst, at);
    org.instances.set(inst.processInstanceId, inst);
    this.state.instanceOrg.set(inst.processInstanceId, org.corpId);
    const events: PendingEvent[] = [this.instanceEvent(inst, 'start')];
    for (const task of this.openNode(inst, 0, at)) events.push(this.taskEvent(inst, task, 'start'));
    this.publish(inst, events, at);
    return inst;
  }

  /** Agree or refuse one task (§5.3). */
  execute(
    inst: Instance,
    input: {
      taskId: number;
      actionerUserId: string;
      result: 'agree' | 'refuse';
      remark?: string;
      file?: FileInput;
      at: number;
    },
  ): void {
    const task = this.runningTask(inst, input.taskId);
    if (task.userId !== input.actionerUserId) {
      throw new NewApiError(400, 'invalidInstanceExecuteActionerUserId', '操作人不是当前任务的审批人');
    }
    const at = input.at;
    task.status = 'COMPLETED';
    task.result = input.result === 'agree' ? 'AGREE' : 'REFUSE';
    task.finishTime = at;
    inst.operationRecords.push(
      this.withFiles(
        {
          userId: input.actionerUserId,
          date: at,
          type: 'EXECUTE_TASK_NORMAL',
          result: task.result,
          remark: input.remark || undefined,
          activityId: task.activityId,
          showName: task.activityName,
        },
        input.file,
      ),
    );
    const finished = this.taskEvent(inst, task, 'finish', {
      result: input.result,
      remark: input.remark ?? '',
      finishTime: at,
      actualActionerId: input.actionerUserId,
      agentActionerIds: [],
    });
    const node = inst.nodes[task.nodeIndex];
    const siblings = inst.tasks.filter((t) => t.nodeIndex === task.nodeIndex && t.status === 'RUNNING');

    if (input.result === 'refuse') {
      // A refusal ends the flow (§5.3); other open tasks of the node are withdrawn.
      const cancels = this.cancelTasks(inst, siblings, at);
      this.finishInstance(inst, 'refuse', at);
      const refused = this.instanceEvent(inst, 'finish');
      // §4.5: the instance finish/refuse was logged before the task finish/refuse.
      this.publishOrdered(inst, at, { logical: [finished, ...cancels, refused] }, [
        refused,
        finished,
        ...cancels,
      ]);
      return;
    }

    let cancels: PendingEvent[] = [];
    if (node?.actionType === 'OR') cancels = this.cancelTasks(inst, siblings, at);
    else if (siblings.length > 0) {
      // AND node: wait for the others.
      this.publish(inst, [finished], at);
      return;
    }

    const nextIndex = task.nodeIndex + 1;
    if (nextIndex < inst.nodes.length) {
      const started = this.openNode(inst, nextIndex, at).map((t) => this.taskEvent(inst, t, 'start'));
      // §4.5: the next task's start was logged before the previous task's finish.
      this.publishOrdered(inst, at, { logical: [finished, ...cancels, ...started] }, [
        ...started,
        finished,
        ...cancels,
      ]);
      return;
    }
    this.finishInstance(inst, 'agree', at);
    const done = this.instanceEvent(inst, 'finish');
    // §4.5: the instance finish was logged before the last task's finish.
    this.publishOrdered(inst, at, { logical: [finished, ...cancels, done] }, [done, finished, ...cancels]);
  }

  /** Transfer a running task to another user (§5.6): old task finish/redirect, new task start. */
  redirect(
    inst: Instance,
    input: { taskId: number; operateUserId: string; toUserId: string; remark?: string; at: number },
  ): void {
    const task = this.runningTask(inst, input.taskId, 'task.status.error');
    if (task.userId !== input.operateUserId)
      throw new NewApiError(400, 'param.illegal.operator', '操作人不是任务的当前处理人');
    const org = this.state.org(inst.corpId);
    if (!org.users.has(input.toUserId))
      throw new NewApiError(400, 'param.illegal', `转交人不存在: ${input.toUserId}`);
    const at = input.at;
    task.status = 'COMPLETED';
    task.result = 'REDIRECTED';
    task.finishTime = at;
    inst.operationRecords.push({
      userId: input.operateUserId,
      date: at,
      type: 'REDIRECT_TASK',
      result: 'NONE',
      remark: input.remark || undefined,
      activityId: task.activityId,
      showName: task.activityName,
    });
    const next = this.newTask(inst, task.nodeIndex, input.toUserId, at);
    this.publish(
      inst,
      [
        this.taskEvent(inst, task, 'finish', {
          result: 'redirect',
          remark: input.remark ?? '',
          finishTime: at,
          actualActionerId: input.operateUserId,
          agentActionerIds: [],
        }),
        this.taskEvent(inst, next, 'start'),
      ],
      at,
    );
  }

  /**
   * 加签 (wave2 §5.5, OA高级版): the appenders become node(s) right after the operator's node — one AND/OR node
   * (`activateType: ALL`, `agreeAll` 会签/或签) or one node each (`ONE_BY_ONE`). `before`: the operator's task
   * ends now and they are asked again after the appenders; `after`: their task stays open. The simulator inserts
   * the nodes after the current node (so in an AND node with others still open, the appenders wait for them).
   */
  append(
    inst: Instance,
    input: {
      taskId: number;
      operateUserId: string;
      appenderUserIds: string[];
      remark?: string;
      activateType: 'ALL' | 'ONE_BY_ONE';
      type: 'before' | 'after';
      agreeAll: boolean;
      at: number;
    },
  ): void {
    const task = this.runningTask(inst, input.taskId, 'task.status.error');
    if (task.userId !== input.operateUserId)
      throw new NewApiError(400, 'param.illegal.operator', '操作人不是任务的当前审批人');
    if (input.appenderUserIds.includes(input.operateUserId))
      throw new NewApiError(400, 'appender.contains.currentOperator', '加签人不能包含当前审批人');
    const org = this.state.org(inst.corpId);
    for (const u of input.appenderUserIds)
      if (!org.users.has(u)) throw new NewApiError(400, 'user.not.exist', `用户不存在: ${u}`);
    const at = input.at;
    const name = `${task.activityName}（加签）`;
    const added: InstanceNode[] =
      input.activateType === 'ONE_BY_ONE'
        ? input.appenderUserIds.map((u) => ({
            actionType: 'NONE',
            userIds: [u],
            name,
            activityId: this.state.ids.activityId(),
          }))
        : [
            {
              actionType: input.agreeAll ? 'AND' : 'OR',
              userIds: input.appenderUserIds,
              name,
              activityId: this.state.ids.activityId(),
            },
          ];
    if (input.type === 'before')
      added.push({
        actionType: 'NONE',
        userIds: [task.userId],
        name: task.activityName,
        activityId: task.activityId,
      });
    this.insertNodes(inst, task.nodeIndex + 1, added);
    inst.operationRecords.push({
      userId: input.operateUserId,
      date: at,
      type: input.type === 'before' ? 'APPEND_TASK_BEFORE' : 'APPEND_TASK_AFTER',
      result: 'NONE',
      remark: input.remark || undefined,
      activityId: task.activityId,
      showName: task.activityName,
    });
    if (input.type === 'after') return;
    task.status = 'COMPLETED';
    task.finishTime = at;
    const events: PendingEvent[] = [
      this.taskEvent(inst, task, 'finish', {
        result: 'agree',
        remark: input.remark ?? '',
        finishTime: at,
        actualActionerId: input.operateUserId,
        agentActionerIds: [],
      }),
    ];
    const siblings = inst.tasks.filter((t) => t.nodeIndex === task.nodeIndex && t.status === 'RUNNING');
    if (siblings.length === 0)
      for (const t of this.openNode(inst, task.nodeIndex + 1, at))
        events.push(this.taskEvent(inst, t, 'start'));
    this.publish(inst, events, at);
  }

  /**
   * 退回 (wave2 §5.6, OA高级版): `REVERT_FOR_APPROVAL` to an earlier node by its activityId (it opens again),
   * `REVERT_FOR_RESUBMIT` to the originator (`sid-startevent`; the instance waits for them, no task open). The
   * open tasks end; the record is `REDIRECT_PROCESS`.
   */
  revert(
    inst: Instance,
    input: {
      taskId: number;
      operateUserId: string;
      targetActivityId: string;
      revertAction: 'REVERT_FOR_APPROVAL' | 'REVERT_FOR_RESUBMIT';
      remark?: string;
      at: number;
    },
  ): void {
    const task = this.runningTask(inst, input.taskId, 'task.status.error');
    if (task.userId !== input.operateUserId)
      throw new NewApiError(400, 'param.illegal.operator', '操作人不是任务的当前审批人');
    const toOriginator = input.revertAction === 'REVERT_FOR_RESUBMIT';
    if (toOriginator !== (input.targetActivityId === 'sid-startevent'))
      throw new NewApiError(400, 'param.illegal', 'targetActivityId与revertAction不匹配');
    const target = toOriginator
      ? -1
      : inst.nodes.findIndex((n, i) => i < task.nodeIndex && n.activityId === input.targetActivityId);
    if (!toOriginator && target < 0)
      throw new NewApiError(400, 'param.illegal', `targetActivityId不合法: ${input.targetActivityId}`);
    const at = input.at;
    task.status = 'COMPLETED';
    task.finishTime = at;
    const others = inst.tasks.filter((t) => t.status === 'RUNNING' && t !== task);
    const events: PendingEvent[] = [
      this.taskEvent(inst, task, 'finish', {
        result: 'redirect',
        remark: input.remark ?? '',
        finishTime: at,
        actualActionerId: input.operateUserId,
        agentActionerIds: [],
      }),
      ...this.cancelTasks(inst, others, at),
    ];
    inst.operationRecords.push({
      userId: input.operateUserId,
      date: at,
      type: 'REDIRECT_PROCESS',
      result: 'NONE',
      remark: input.remark || undefined,
      activityId: task.activityId,
      showName: task.activityName,
    });
    if (toOriginator) inst.currentNodeIndex = -1;
    else for (const t of this.openNode(inst, target, at)) events.push(this.taskEvent(inst, t, 'start'));
    this.publish(inst, events, at);
  }

  private insertNodes(inst: Instance, index: number, nodes: InstanceNode[]): void {
    inst.nodes.splice(index, 0, ...nodes);
    for (const t of inst.tasks) if (t.nodeIndex >= index) t.nodeIndex += nodes.length;
    if (inst.currentNodeIndex >= index) inst.currentNodeIndex += nodes.length;
  }

  /** ADD_REMARK record (§5.4); the `comment` task event is PARTIAL and behind an option. */
  comment(inst: Instance, input: { userId: string; text: string; file?: FileInput; at: number }): void {
    const org = this.state.org(inst.corpId);
    if (!org.users.has(input.userId)) throw new NewApiError(400, 'userNotExist', '用户不存在');
    inst.operationRecords.push(
      this.withFiles(
        { userId: input.userId, date: input.at, type: 'ADD_REMARK', result: 'NONE', remark: input.text },
        input.file,
      ),
    );
    if (this.state.options.emitCommentEvents) {
      const data = this.baseData(inst);
      this.publish(
        inst,
        [
          {
            eventType: 'bpms_task_change',
            data: {
              ...data,
              type: 'comment',
              staffId: input.userId,
              content: input.text,
              createTime: input.at,
            },
          },
        ],
        input.at,
      );
    }
  }

  /** Revoke (§5.5): status TERMINATED, `bpms_instance_change type=terminate` (no result). */
  terminate(
    inst: Instance,
    input: { operatingUserId?: string; isSystem: boolean; remark?: string; at: number },
  ): void {
    if (inst.status !== 'RUNNING')
      throw new NewApiError(400, 'aflowProcessInstStatusException', '审批实例状态异常，只能撤销审批中的实例');
    const at = input.at;
    const running = inst.tasks.filter((t) => t.status === 'RUNNING');
    const cancels = this.cancelTasks(inst, running, at);
    inst.status = 'TERMINATED';
    inst.finishTime = at;
    inst.operationRecords.push({
      userId: input.operatingUserId ?? inst.originatorUserId,
      date: at,
      type: 'TERMINATE_PROCESS_INSTANCE',
      result: 'NONE',
      remark: input.remark || undefined,
    });
    this.publish(inst, [this.instanceEvent(inst, 'terminate'), ...cancels], at);
  }

  /** Control-API only: the instance disappears; `type=delete` is UNCONFIRMED and behind an option. */
  delete(inst: Instance, at: number): void {
    inst.deleted = true;
    if (this.state.options.emitInstanceDeleteEvents)
      this.publish(inst, [this.instanceEvent(inst, 'delete')], at);
  }

  private runningTask(
    inst: Instance,
    taskId: number,
    notRunningCode = 'aflowProcessInstCanNotBeExecuted',
  ): Task {
    const task = inst.tasks.find((t) => t.taskId === taskId);
    if (!task) throw new NewApiError(400, 'invalidInstanceExecuteTaskId', `任务不存在: ${taskId}`);
    if (inst.status !== 'RUNNING')
      throw new NewApiError(400, 'aflowProcessInstStatusException', '审批实例已结束');
    if (task.status !== 'RUNNING') throw new NewApiError(400, notRunningCode, '任务不是进行中状态，不能操作');
    return task;
  }

  private expandNodes(chain: ApproverNode[]): InstanceNode[] {
    const nodes: InstanceNode[] = [];
    for (const n of chain) {
      // NONE = a single approver; several users with NONE become consecutive single-approver nodes.
      if (n.actionType === 'NONE' && n.userIds.length > 1) {
        for (const u of n.userIds)
          nodes.push({
            actionType: 'NONE',
            userIds: [u],
            name: n.name ?? '审批人',
            activityId: this.state.ids.activityId(),
          });
      } else {
        nodes.push({ ...n, name: n.name ?? '审批人', activityId: this.state.ids.activityId() });
      }
    }
    return nodes;
  }

  private openNode(inst: Instance, index: number, at: number): Task[] {
    inst.currentNodeIndex = index;
    const node = inst.nodes[index];
    if (!node) return [];
    return node.userIds.map((u) => this.newTask(inst, index, u, at));
  }

  private newTask(inst: Instance, nodeIndex: number, userId: string, at: number): Task {
    const node = inst.nodes[nodeIndex];
    const task: Task = {
      taskId: this.state.ids.taskId(),
      userId,
      status: 'RUNNING',
      result: '',
      createTime: at,
      activityId: node?.activityId ?? '',
      activityName: node?.name ?? '审批人',
      nodeIndex,
    };
    inst.tasks.push(task);
    return task;
  }

  private cancelTasks(inst: Instance, tasks: Task[], at: number): PendingEvent[] {
    const events: PendingEvent[] = [];
    for (const t of tasks) {
      t.status = 'CANCELED';
      t.finishTime = at;
      if (this.state.options.emitCancelOnInstanceEnd || inst.nodes[t.nodeIndex]?.actionType === 'OR') {
        events.push(this.taskEvent(inst, t, 'cancel', { finishTime: at }));
      }
    }
    return events;
  }

  private finishInstance(inst: Instance, result: 'agree' | 'refuse', at: number): void {
    inst.status = 'COMPLETED';
    inst.result = result;
    inst.finishTime = at;
    if (inst.ccUserIds.length > 0 && inst.ccPosition !== 'START') this.recordCc(inst, at);
  }

  private recordCc(inst: Instance, at: number): void {
    inst.operationRecords.push({
      userId: inst.originatorUserId,
      date: at,
      type: 'PROCESS_CC',
      result: 'NONE',
      ccUserIds: [...inst.ccUserIds],
      showName: '抄送人',
    });
  }

  private withFiles(record: OperationRecord, file: FileInput | undefined): OperationRecord {
    if (file?.attachments && file.attachments.length > 0) record.attachments = file.attachments;
    if (file?.photos && file.photos.length > 0) record.images = file.photos;
    return record;
  }

  private formValues(
    corpId: string,
    template: Template,
    values: StartInput['formComponentValues'],
  ): FormValue[] {
    const byLabel = new Map(template.formComponents.map((c) => [c.props.label, c]));
    const order = new Map(template.formComponents.map((c, i) => [c.props.label, i]));
    // Values come back in the template's component order, whatever order they were sent in.
    const sorted = [...values].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
    return sorted.map((v) => {
      const component = byLabel.get(v.name);
      if (!component) throw new NewApiError(400, 'illegalComponent', `表单控件不存在: ${v.name}`);
      if (component.componentType === 'DDAttachment') this.checkAttachmentValue(corpId, v.value);
      return {
        id: v.id ?? component.props.componentId,
        name: v.name,
        value: v.value,
        extValue: v.extValue ?? '',
        componentType: component.componentType,
        bizAlias: component.props.bizAlias ?? '',
      };
    });
  }

  /**
   * A DDAttachment value (§5.2, wave2 §3.6): a JSON array of `{spaceId, fileName, fileSize, fileType, fileId}`,
   * every file committed in this org's approval space, so an approver can open it.
   */
  private checkAttachmentValue(corpId: string, value: string): void {
    if (!value) return;
    let files: unknown;
    try {
      files = JSON.parse(value);
    } catch {
      throw new NewApiError(400, 'formConverterError', '附件控件的值须为JSON数组');
    }
    if (!Array.isArray(files)) throw new NewApiError(400, 'formConverterError', '附件控件的值须为JSON数组');
    for (const raw of files) {
      const f = (raw ?? {}) as Record<string, unknown>;
      for (const key of ['spaceId', 'fileName', 'fileSize', 'fileType', 'fileId'])
        if (f[key] === undefined || f[key] === '')
          throw new NewApiError(400, 'formConverterError', `附件须包含 ${key}`);
      const stored = this.state.files.get(String(f.fileId));
      if (!stored || stored.corpId !== corpId || stored.spaceId !== String(f.spaceId))
        throw new NewApiError(400, 'formConverterError', `附件不在审批钉盘空间中: ${String(f.fileId)}`);
    }
  }

  /** The §10.3 mobile approval URL carried by instance events. */
  instanceUrl(inst: Instance): string {
    return `https://aflow.dingtalk.com/dingtalk/mobile/homepage.htm?corpid=${inst.corpId}&dd_share=false&showmenu=false&dd_progress=false&back=native&procInstId=${inst.processInstanceId}&taskId=&swfrom=isv&dinghash=approval&dtaction=os&dd_from=#approval`;
  }

  private baseData(inst: Instance): Record<string, unknown> {
    return {
      processInstanceId: inst.processInstanceId,
      processCode: inst.processCode,
      bizCategoryId: '',
      businessId: inst.businessId,
      businessType: '',
      title: inst.title,
    };
  }

  private instanceEvent(inst: Instance, type: 'start' | 'finish' | 'terminate' | 'delete'): PendingEvent {
    const data: Record<string, unknown> = {
      ...this.baseData(inst),
      resource: `/v1.0/event/bpms_instance_change/processCode/${inst.processCode}/type/${type}`,
      type,
      staffId: inst.originatorUserId, // the originator, not the operator (§4.2)
      createTime: inst.createTime,
      url: this.instanceUrl(inst),
    };
    if (type === 'finish') data.result = inst.result;
    if (type !== 'start' && inst.finishTime !== undefined) data.finishTime = inst.finishTime;
    return { eventType: 'bpms_instance_change', data };
  }

  private taskEvent(
    inst: Instance,
    task: Task,
    type: 'start' | 'finish' | 'cancel',
    extra: Record<string, unknown> = {},
  ): PendingEvent {
    return {
      eventType: 'bpms_task_change',
      data: {
        ...this.baseData(inst),
        resource: `/v1.0/event/bpms_task_change/processCode/${inst.processCode}/type/${type}`,
        type,
        taskId: task.taskId,
        activityId: task.activityId,
        activityName: task.activityName,
        staffId: task.userId, // the approver (§4.3)
        createTime: task.createTime,
        ...extra,
      },
    };
  }

  private publishOrdered(
    inst: Instance,
    at: number,
    orders: { logical: PendingEvent[] },
    realistic: PendingEvent[],
  ): void {
    this.publish(inst, this.state.options.eventOrder === 'realistic' ? realistic : orders.logical, at);
  }

  private publish(inst: Instance, events: PendingEvent[], at: number): void {
    for (const e of events) this.emit(inst.corpId, e.eventType, e.data, at);
  }
}

/** Finds a non-deleted instance of the org or throws the documented not-found error. */
export function requireInstance(
  org: Org | undefined,
  id: string,
  code = 'processInstanceNotExist',
): Instance {
  const inst = org?.instances.get(id);
  if (!inst || inst.deleted) throw new NewApiError(400, code, `审批实例不存在: ${id}`);
  return inst;
}

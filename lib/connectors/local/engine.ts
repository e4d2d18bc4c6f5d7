import type { StepCondition, WorkflowOptions, WorkflowStep } from './definition-schema';
import { dingtalkTaskChannel } from './dingtalk-task-channel';

/**
 * The local workflow engine: a small, explicit state machine. `transition(state, event, ctx)` is pure: it
 * returns the next state and the list of external effects to perform. The caller (apply-local-event.ts)
 * persists the state with a guarded version update, enqueues one job per effect and applies the instance's
 * snapshot, all in one transaction. Assignees are resolved once at start (resolve-assignees.ts) and kept in the
 * state, so no transition needs the database.
 */

export type Person = { userId: string; name: string };

export type EngineTask = {
  id: string;
  stepId: string;
  kind: 'approval' | 'cc';
  userId: string;
  name: string;
  status: 'pending' | 'done' | 'cancelled';
  result: 'agree' | 'refuse' | 'redirect' | 'none' | null;
  receivedAt: string;
  finishedAt: string | null;
  dueAt: string | null;
  /** 前加签: the adder's task id; when every task it added agreed, the adder is asked again. */
  addedBy?: string;
  /**
   * 或签: the 前加签 still in progress when this agree decided the step (and ended them). A 撤回 of the agree puts
   * them back with the other approvers' tasks.
   */
  endedBefore?: BeforeAppend[];
};

/** The originator's pseudo step while a 退回 waits for them to edit and 再次提交. */
export const ORIGINATOR_STEP = '@originator';

/** A 前加签 in progress on the current step: who added whom, and (依次) who is still to be asked. */
export type BeforeAppend = { adderTaskId: string; adder: Person; remaining: Person[] };

/** A step added at run time (后加签): an approval step of the people the approver named. */
export type ExtraStep = Extract<WorkflowStep, { kind: 'approval' }>;

export type EngineLog = {
  id: string;
  /**
   * start · agree · refuse · redirect · comment · cc · terminate · cancel · finish · dingtalk · automation · error ·
   * notice · append (result before/after/alongside) · revert · resubmit · withdraw
   */
  action: string;
  actorUserId: string | null;
  actorName: string | null;
  result: string | null;
  remark: string | null;
  nodeName: string | null;
  /** Whom the step concerned besides its actor: the cc recipients, a transfer's new approver. */
  targets?: Person[];
  at: string;
};

export type EngineStatus = 'running' | 'completed' | 'refused' | 'revoked' | 'cancelled' | 'errored';

export type CurrentStep = {
  stepId: string;
  /** sequential approval: the assignees not yet asked, in order. */
  remaining: Person[];
  /** dingtalkApproval / automation: waiting for the outside world. */
  waiting: 'tasks' | 'dingtalk' | 'automation' | 'resubmit';
  dingtalkInstanceId?: string;
  /** When the step was entered (撤回 accepts only agrees of this entry or the one before). */
  enteredAt?: string;
  /** 前加签 in progress on this step. */
  before?: BeforeAppend[];
};

export type EngineState = {
  status: EngineStatus;
  current: CurrentStep | null;
  /** Step ids still to run after the current one (condition branches are spliced in when taken). */
  queue: string[];
  /** Step id → the people it goes to, resolved at start. */
  assignees: Record<string, Person[]>;
  tasks: EngineTask[];
  logs: EngineLog[];
  /** Counter for task and log ids (stable across replays of the same transition). */
  seq: number;
  /** Keys of events already applied: a redelivered event changes nothing. */
  handled: string[];
  startedAt: string;
  updatedAt: string;
  finishedAt: string | null;
  /** Steps entered, in order (approval, cc, DingTalk, automation; added steps too): what 退回/撤回 walk back on. */
  trail?: string[];
  /** 0 at start, +1 per 再次提交: keys of effects that may run again in a new round carry it. */
  round?: number;
  /** Steps added at run time (后加签), by id. */
  extraSteps?: Record<string, ExtraStep>;
};

export type AppendPosition = 'before' | 'after' | 'alongside';

export type EngineEvent =
  | { type: 'start' }
  | {
      type: 'act';
      key: string;
      taskId: string;
      userId: string;
      action: 'agree' | 'refuse' | 'transfer' | 'comment';
      remark: string | null;
      target?: Person | null;
    }
  | { type: 'revoke'; key: string; userId: string; remark: string | null }
  /** 加签: the current approver adds people before them, after this step, or alongside (into this step). */
  | {
      type: 'append';
      key: string;
      taskId: string;
      userId: string;
      position: AppendPosition;
      people: Person[];
      /** How the added people act among themselves (before/after): all at once (会签) or one by one (依次). */
      activate: 'all' | 'oneByOne';
      remark: string | null;
    }
  /** 退回: the current approver sends the request back to a step already passed, or to the originator. */
  | { type: 'revert'; key: string; taskId: string; userId: string; target: string; remark: string | null }
  /** 再次提交: the originator resubmits (the caller stored the edited values and resolved the assignees again). */
  | {
      type: 'resubmit';
      key: string;
      userId: string;
      assignees: Record<string, Person[]>;
      remark: string | null;
    }
  /** 撤回: an approver takes back their agree while the next step has not acted. */
  | { type: 'withdraw'; key: string; taskId: string; userId: string; remark: string | null }
  | { type: 'cancel'; key: string; actor: Person; reason: string }
  | { type: 'dingtalkStarted'; stepId: string; dingtalkInstanceId: string }
  | {
      type: 'dingtalkFinished';
      stepId: string;
      result: 'agree' | 'refuse';
      comments: { actorName: string | null; remark: string; at: string }[];
    }
  | { type: 'automationFinished'; stepId: string; ok: boolean; detail: string }
  /** A DingTalk-approval or automation step's call failed for good (after the job's retries). */
  | { type: 'stepFailed'; stepId: string; detail: string };

export type EngineEffect =
  | { kind: 'startDingTalk'; key: string; stepId: string }
  | { kind: 'runAutomation'; key: string; stepId: string }
  | { kind: 'mirrorTodo'; key: string; taskId: string }
  | { kind: 'completeTodo'; key: string; taskId: string }
  | { kind: 'notify'; key: string; taskId: string }
  /** DingTalk approval centre (process centre): the instance, a task, a task decided, the instance finished. */
  | { kind: 'pcInstance'; key: string }
  | { kind: 'pcTask'; key: string; taskId: string }
  | { kind: 'pcTaskDone'; key: string; taskId: string }
  | { kind: 'pcFinish'; key: string };

export type EngineContext = {
  steps: WorkflowStep[];
  values: Record<string, unknown>;
  options: Pick<WorkflowOptions, 'mirrorTodoConnectorId' | 'notifyAssignee' | 'approvalCentreConnectorId'>;
  originator: Person;
  now: Date;
};

export type TransitionResult = {
  state: EngineState;
  effects: EngineEffect[];
  /** False when the event changed nothing (already applied, or it no longer applies). */
  changed: boolean;
  /** Why an event was refused (e.g. the task is no longer pending): the caller reports it. */
  rejected?: string;
};

/** The state before the `start` event. */
export function initialState(
  assignees: Record<string, Person[]>,
  now: Date,
  notes: string[] = [],
): EngineState {
  const at = now.toISOString();
  return {
    status: 'running',
    current: null,
    queue: [],
    assignees,
    tasks: [],
    logs: notes.map((remark, i) => ({
      id: `n${i}`,
      action: 'notice',
      actorUserId: null,
      actorName: null,
      result: null,
      remark,
      nodeName: null,
      at,
    })),
    seq: 0,
    handled: [],
    startedAt: at,
    updatedAt: at,
    finishedAt: null,
  };
}

/** Every step of a definition by id (condition branches included). */
export function indexSteps(steps: WorkflowStep[], into = new Map<string, WorkflowStep>()) {
  for (const step of steps) {
    into.set(step.id, step);
    if (step.kind === 'condition') for (const b of step.branches) indexSteps(b.steps, into);
  }
  return into;
}

/** Applies one event. Pure: the input state is not modified. */
export function transition(input: EngineState, event: EngineEvent, ctx: EngineContext): TransitionResult {
  const state: EngineState = structuredClone(input);
  const m = new Machine(state, ctx);
  const unchanged = (rejected?: string): TransitionResult => ({
    state: input,
    effects: [],
    changed: false,
    ...(rejected ? { rejected } : {}),
  });
  if ('key' in event && state.handled.includes(event.key)) return unchanged();

  switch (event.type) {
    case 'start': {
      if (state.seq > 0 || state.logs.some((l) => l.action === 'start')) return unchanged();
      m.log({ action: 'start', actor: ctx.originator });
      // First, so its job is queued before the first tasks' (they wait for the instance).
      if (m.channel === 'approvalCentre') m.effects.push({ kind: 'pcInstance', key: 'pc-instance' });
      state.queue = ctx.steps.map((s) => s.id);
      m.advance();
      break;
    }
    case 'act': {
      const task = state.tasks.find((t) => t.id === event.taskId);
      if (!task) return unchanged('任务不存在');
      if (task.userId !== event.userId) return unchanged('只有任务处理人可以操作此任务');
      const step = m.step(task.stepId);
      if (event.action === 'comment') {
        m.log({ action: 'comment', actor: task, remark: event.remark, nodeName: step?.name });
        break;
      }
      if (state.status !== 'running') return unchanged('流程已结束');
      if (task.kind !== 'approval' || task.status !== 'pending') return unchanged('任务已处理');
      if (task.stepId === ORIGINATOR_STEP) return unchanged('请修改表单后再次提交');
      if (event.action === 'transfer') {
        if (!event.target) return unchanged('缺少转交对象');
        if (event.target.userId === task.userId) return unchanged('不能转交给自己');
        m.finishTask(task, 'done', 'redirect');
        m.log({
          action: 'redirect',
          actor: task,
          remark: event.remark,
          nodeName: step?.name,
          targets: [event.target],
        });
        const next = m.createTask(task.stepId, 'approval', event.target);
        if (task.addedBy) next.addedBy = task.addedBy;
        break;
      }
      const result = event.action;
      m.finishTask(task, 'done', result);
      m.log({ action: result, actor: task, result, remark: event.remark, nodeName: step?.name });
      if (result === 'refuse') {
        m.end('refused');
        break;
      }
      m.afterAgree(task);
      break;
    }
    case 'append': {
      const task = state.tasks.find((t) => t.id === event.taskId);
      const refused = m.checkCurrentApprover(task, event.userId);
      if (refused || !task) return unchanged(refused ?? '任务不存在');
      if (task.addedBy) return unchanged('加签人不能再加签');
      const people = dedupe(event.people);
      if (people.length === 0) return unchanged('请选择加签人');
      if (people.length > 20) return unchanged('加签人最多 20 人');
      if (people.some((p) => p.userId === task.userId)) return unchanged('加签人不能包含自己');
      const busy = new Set(m.pendingOf(task.stepId).map((t) => t.userId));
      const current = state.current as CurrentStep;
      if (people.some((p) => busy.has(p.userId) || current.remaining.some((r) => r.userId === p.userId)))
        return unchanged('加签人已是当前节点的审批人');
      const step = m.step(task.stepId);
      m.log({
        action: 'append',
        actor: task,
        result: event.position,
        remark: event.remark,
        nodeName: step?.name,
        targets: people,
      });
      if (event.position === 'before') {
        // 前加签: the added people act first; when all of them agreed, the adder is asked again.
        m.finishTask(task, 'done', 'none');
        const [first, ...rest] = people;
        const oneByOne = event.activate === 'oneByOne';
        current.before = [
          ...(current.before ?? []),
          {
            adderTaskId: task.id,
            adder: { userId: task.userId, name: task.name },
            remaining: oneByOne ? rest : [],
          },
        ];
        for (const p of oneByOne && first ? [first] : people)
          m.createTask(task.stepId, 'approval', p).addedBy = task.id;
      } else if (event.position === 'after') {
        // 后加签 (as DingTalk's `type: after`): a step of the added people runs after this one, before the next;
        // the adder's own task stays open (they still agree or refuse).
        const extra: ExtraStep = {
          id: `${task.stepId}~${state.seq + 1}`,
          name: `${step?.name ?? ''}（加签）`,
          kind: 'approval',
          mode: event.activate === 'oneByOne' ? 'sequential' : 'all',
          assignee: { type: 'users', userIds: people.map((p) => p.userId) },
        };
        state.seq += 1;
        state.extraSteps = { ...(state.extraSteps ?? {}), [extra.id]: extra };
        state.assignees = { ...state.assignees, [extra.id]: people };
        m.addStep(extra);
        state.queue.unshift(extra.id);
      } else {
        // 并加签: the added people join this step and count in its rule (会签 all, 或签 the first, 依次 after the rest).
        if (step?.kind === 'approval' && step.mode === 'sequential') current.remaining.push(...people);
        else for (const p of people) m.createTask(task.stepId, 'approval', p);
      }
      break;
    }
    case 'revert': {
      const task = state.tasks.find((t) => t.id === event.taskId);
      const refused = m.checkCurrentApprover(task, event.userId);
      if (refused || !task) return unchanged(refused ?? '任务不存在');
      const step = m.step(task.stepId);
      if (event.target === ORIGINATOR_STEP) {
        m.finishTask(task, 'done', 'none');
        for (const t of m.pendingOf(task.stepId)) m.finishTask(t, 'cancelled', null);
        m.log({
          action: 'revert',
          actor: task,
          remark: event.remark,
          nodeName: step?.name,
          targets: [ctx.originator],
        });
        // DingTalk's REVERT_FOR_RESUBMIT: the originator edits the form and submits again (the flow restarts).
        state.queue = [];
        state.current = { stepId: ORIGINATOR_STEP, remaining: [], waiting: 'resubmit', enteredAt: m.at };
        m.createTask(ORIGINATOR_STEP, 'approval', ctx.originator);
        break;
      }
      const targets = revertTargets(state, ctx);
      if (!targets.some((t) => t.stepId === event.target)) return unchanged('只能退回到已经过的审批节点');
      const trail = state.trail ?? [];
      const from = trail.lastIndexOf(event.target);
      m.finishTask(task, 'done', 'none');
      for (const t of m.pendingOf(task.stepId)) m.finishTask(t, 'cancelled', null);
      m.log({
        action: 'revert',
        actor: task,
        remark: event.remark,
        nodeName: step?.name,
        result: m.step(event.target)?.name ?? event.target,
      });
      // The target step runs again, then every step after it up to this one, then the rest of the flow.
      state.queue = [...trail.slice(from), ...state.queue];
      state.trail = trail.slice(0, from);
      state.current = null;
      m.advance();
      break;
    }
    case 'resubmit': {
      if (state.status !== 'running') return unchanged('流程已结束');
      if (event.userId !== ctx.originator.userId) return unchanged('只有发起人可以再次提交');
      if (state.current?.waiting !== 'resubmit') return unchanged('流程未退回给发起人');
      for (const t of m.pendingOf(ORIGINATOR_STEP)) m.finishTask(t, 'done', 'agree');
      m.log({ action: 'resubmit', actor: ctx.originator, remark: event.remark });
      // Like DingTalk (重新提交 = 重新审批): the flow restarts from its first step, with the edited values deciding
      // the branches and the assignees resolved again.
      state.assignees = event.assignees;
      state.round = (state.round ?? 0) + 1;
      state.trail = [];
      state.queue = ctx.steps.map((s) => s.id);
      state.current = null;
      m.advance();
      break;
    }
    case 'withdraw': {
      const refused = withdrawRefusal(state, event.taskId, event.userId, ctx);
      if (refused) return unchanged(refused);
      const task = state.tasks.find((t) => t.id === event.taskId) as EngineTask;
      const current = state.current as CurrentStep;
      const step = m.step(task.stepId);
      m.log({ action: 'withdraw', actor: task, remark: event.remark, nodeName: step?.name });
      if (current.stepId === task.stepId) {
        // Same step: in 依次, the next person had not acted; they wait again behind the withdrawer.
        if (step?.kind === 'approval' && step.mode === 'sequential') {
          for (const t of m.pendingOf(task.stepId)) {
            m.finishTask(t, 'cancelled', null);
            current.remaining.unshift({ userId: t.userId, name: t.name });
          }
        }
        m.createTask(task.stepId, 'approval', { userId: task.userId, name: task.name });
        break;
      }
      // The next step had not acted: its tasks are withdrawn and it runs again after the withdrawer's step.
      for (const t of m.pendingOf(current.stepId)) m.finishTask(t, 'cancelled', null);
      state.queue.unshift(current.stepId);
      const trail = state.trail ?? [];
      state.trail = trail.slice(0, trail.lastIndexOf(task.stepId) + 1);
      state.current = { stepId: task.stepId, remaining: [], waiting: 'tasks', enteredAt: m.at };
      // The step goes back to where it was before the agree. 或签: that agree decided for everyone and withdrew
      // the others' tasks, so they are all asked again (with a 前加签 it ended). 会签 / 依次: the agree counted
      // for the withdrawer alone; the others' agrees stand.
      const reasked = step?.kind === 'approval' && step.mode === 'any' ? settledWith(state, task) : [task];
      for (const t of reasked) {
        const again = m.createTask(task.stepId, 'approval', { userId: t.userId, name: t.name });
        if (t.addedBy) again.addedBy = t.addedBy;
      }
      if (task.endedBefore?.length) state.current.before = structuredClone(task.endedBefore);
      break;
    }
    case 'revoke': {
      if (state.status !== 'running') return unchanged('流程已结束，无法撤销');
      if (event.userId !== ctx.originator.userId) return unchanged('只有发起人可以撤销');
      m.log({ action: 'terminate', actor: ctx.originator, remark: event.remark });
      m.end('revoked');
      break;
    }
    case 'cancel': {
      if (state.status !== 'running') return unchanged('流程已结束');
      m.log({ action: 'cancel', actor: event.actor, remark: event.reason });
      m.end('cancelled');
      break;
    }
    case 'dingtalkStarted': {
      const current = state.current;
      if (current?.stepId !== event.stepId || current.waiting !== 'dingtalk' || current.dingtalkInstanceId)
        return unchanged();
      current.dingtalkInstanceId = event.dingtalkInstanceId;
      m.log({
        action: 'dingtalk',
        remark: `已发起钉钉审批 ${event.dingtalkInstanceId}`,
        nodeName: m.step(event.stepId)?.name,
      });
      break;
    }
    case 'dingtalkFinished': {
      // Exactly once: only the step that is waiting for DingTalk moves on.
      const current = state.current;
      if (state.status !== 'running' || current?.stepId !== event.stepId || current.waiting !== 'dingtalk')
        return unchanged();
      const nodeName = m.step(event.stepId)?.name;
      // Logged at resume time: DingTalk's record times are minute-precise and would sort before the start.
      for (const c of event.comments)
        m.log({ action: 'comment', actor: { userId: null, name: c.actorName }, remark: c.remark, nodeName });
      m.log({
        action: 'dingtalk',
        result: event.result,
        remark: event.result === 'agree' ? '钉钉审批通过' : '钉钉审批拒绝',
        nodeName,
      });
      if (event.result === 'refuse') m.end('refused');
      else m.completeCurrent();
      break;
    }
    case 'automationFinished': {
      const current = state.current;
      if (state.status !== 'running' || current?.stepId !== event.stepId || current.waiting !== 'automation')
        return unchanged();
      const nodeName = m.step(event.stepId)?.name;
      if (event.ok) {
        m.log({ action: 'automation', result: 'ok', remark: event.detail, nodeName });
        m.completeCurrent();
      } else {
        m.log({ action: 'error', result: 'failed', remark: event.detail, nodeName });
        m.end('errored');
      }
      break;
    }
    case 'stepFailed': {
      const current = state.current;
      if (state.status !== 'running' || current?.stepId !== event.stepId || current.waiting === 'tasks')
        return unchanged();
      m.log({
        action: 'error',
        result: 'failed',
        remark: event.detail,
        nodeName: m.step(event.stepId)?.name,
      });
      m.end('errored');
      break;
    }
  }
  if ('key' in event) state.handled.push(event.key);
  state.updatedAt = m.at;
  return { state, effects: m.effects, changed: true };
}

/**
 * A 或签 agree and the tasks it withdrew, in their order: the other tasks of the step that ended in the same
 * transition (one transition has one time, and every later one is later).
 */
function settledWith(state: EngineState, agree: EngineTask): EngineTask[] {
  return state.tasks.filter(
    (t) =>
      t.id === agree.id ||
      (t.stepId === agree.stepId &&
        t.kind === 'approval' &&
        t.status === 'cancelled' &&
        t.finishedAt === agree.finishedAt),
  );
}

function dedupe(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => !seen.has(p.userId) && seen.add(p.userId));
}

/** Every step of a run: the definition's and the ones added at run time (后加签). */
function allSteps(state: EngineState, ctx: EngineContext) {
  const map = indexSteps(ctx.steps);
  for (const extra of Object.values(state.extraSteps ?? {})) map.set(extra.id, extra);
  return map;
}

/**
 * The steps the current approval step may be sent back to (退回): approval steps of the definition already
 * passed in this round, where running again from there repeats only approval and cc steps (a DingTalk approval
 * or an automation is not started twice). Nearest last. The originator is always a target besides these.
 */
export function revertTargets(state: EngineState, ctx: EngineContext): { stepId: string; name: string }[] {
  const current = state.current;
  if (state.status !== 'running' || current?.waiting !== 'tasks') return [];
  const steps = allSteps(state, ctx);
  const definition = indexSteps(ctx.steps);
  const trail = state.trail ?? [];
  const end = trail.lastIndexOf(current.stepId);
  const out: { stepId: string; name: string }[] = [];
  const seen = new Set<string>();
  for (let i = end - 1; i >= 0; i -= 1) {
    const id = trail[i] as string;
    const step = steps.get(id);
    if (!step || (step.kind !== 'approval' && step.kind !== 'cc')) break;
    if (step.kind === 'approval' && definition.has(id) && !seen.has(id) && id !== current.stepId) {
      seen.add(id);
      out.push({ stepId: id, name: step.name });
    }
  }
  return out.reverse();
}

/**
 * Why an approver may not take back (撤回) their agree on this task, or null when they may: the agree must be
 * their latest in its step (not a 加签 task), and either that step is still current, or it is the step just
 * before the current approval step (cc steps aside) and nobody there has acted yet. In a 依次 step the next
 * person must not have acted either; in a 会签 step the other signers' agrees do not matter (they stand).
 */
export function withdrawRefusal(
  state: EngineState,
  taskId: string,
  userId: string,
  ctx: EngineContext,
): string | null {
  const task = state.tasks.find((t) => t.id === taskId);
  if (!task) return '任务不存在';
  if (task.userId !== userId) return '只有任务处理人可以撤回';
  if (state.status !== 'running') return '流程已结束，无法撤回';
  if (task.kind !== 'approval' || task.status !== 'done' || task.result !== 'agree')
    return '只能撤回已同意的任务';
  if (task.stepId === ORIGINATOR_STEP) return '只能撤回已同意的任务';
  const latest = state.tasks.filter((t) => t.stepId === task.stepId && t.userId === userId).at(-1);
  if (latest?.id !== task.id) return '只能撤回最近一次同意';
  const current = state.current;
  if (current?.waiting !== 'tasks') return '下一节点已开始处理，无法撤回';
  if (task.addedBy) return '加签任务不能撤回';
  const enteredAt = current.enteredAt ?? state.startedAt;
  const steps = allSteps(state, ctx);
  const own = steps.get(task.stepId);
  // 依次: the next person's decision followed this agree, so it may no longer be taken back. 会签: the signers
  // decide side by side; another's agree does not rest on this one, and it stands when this one is withdrawn.
  const actedAfterInStep =
    !(own?.kind === 'approval' && own.mode === 'all') &&
    state.tasks.some(
      (t) =>
        t.stepId === task.stepId &&
        t.id !== task.id &&
        t.status === 'done' &&
        t.finishedAt !== null &&
        t.finishedAt > task.finishedAt!,
    );
  if (current.stepId === task.stepId) {
    return actedAfterInStep || (current.before?.length ?? 0) > 0 ? '后续审批人已处理，无法撤回' : null;
  }
  const trail = state.trail ?? [];
  let i = trail.lastIndexOf(current.stepId) - 1;
  while (i >= 0 && steps.get(trail[i] as string)?.kind === 'cc') i -= 1;
  if (i < 0 || trail[i] !== task.stepId) return '下一节点已开始处理，无法撤回';
  if (task.finishedAt && task.finishedAt > enteredAt) return '下一节点已开始处理，无法撤回';
  if (actedAfterInStep) return '后续审批人已处理，无法撤回';
  const nextActed = state.tasks.some(
    (t) => t.stepId === current.stepId && t.receivedAt >= enteredAt && t.status === 'done',
  );
  return nextActed || (current.before?.length ?? 0) > 0 ? '下一节点已处理，无法撤回' : null;
}

/** The branch a condition step takes: the first whose condition holds, else the else branch (if any). */
export function pickBranch(
  step: Extract<WorkflowStep, { kind: 'condition' }>,
  values: Record<string, unknown>,
) {
  return (
    step.branches.find((b) => b.when && conditionHolds(b.when, values)) ?? step.branches.find((b) => !b.when)
  );
}

export function conditionHolds(when: StepCondition, values: Record<string, unknown>): boolean {
  const actual = values[when.fieldKey];
  const expected = when.value;
  const isEmpty =
    actual === undefined ||
    actual === null ||
    actual === '' ||
    (Array.isArray(actual) && actual.length === 0);
  const num = (v: unknown) =>
    typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  const same = (a: unknown, b: unknown) =>
    Number.isFinite(num(a)) && Number.isFinite(num(b)) ? num(a) === num(b) : String(a) === String(b);
  switch (when.op) {
    case 'empty':
      return isEmpty;
    case 'notEmpty':
      return !isEmpty;
    case 'eq':
      return !isEmpty && same(actual, expected);
    case 'ne':
      return isEmpty || !same(actual, expected);
    case 'gt':
      return num(actual) > num(expected);
    case 'gte':
      return num(actual) >= num(expected);
    case 'lt':
      return num(actual) < num(expected);
    case 'lte':
      return num(actual) <= num(expected);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => same(actual, e));
    case 'contains':
      if (Array.isArray(actual)) return actual.some((a) => same(a, expected));
      return typeof actual === 'string' && expected !== undefined && actual.includes(String(expected));
  }
}

/** Engine status → the snapshot's instance status and result. */
export function instanceStatusOf(status: EngineStatus): {
  status: 'running' | 'completed' | 'terminated' | 'cancelled';
  result: 'agree' | 'refuse' | null;
} {
  switch (status) {
    case 'running':
      return { status: 'running', result: null };
    case 'completed':
      return { status: 'completed', result: 'agree' };
    case 'refused':
      return { status: 'completed', result: 'refuse' };
    case 'revoked':
      return { status: 'terminated', result: null };
    case 'cancelled':
      return { status: 'cancelled', result: null };
    case 'errored':
      // The instance stops; the log says why (an automation failed after its retries).
      return { status: 'terminated', result: null };
  }
}

class Machine {
  readonly effects: EngineEffect[] = [];
  readonly at: string;
  /** Where approval tasks appear in DingTalk: one decision for both paths (never both for one task). */
  readonly channel: 'approvalCentre' | 'todo' | null;
  private readonly steps: Map<string, WorkflowStep>;
  /** Set while end() withdraws the open tasks: the approval centre cancels them with the instance. */
  private ending = false;

  constructor(
    private readonly state: EngineState,
    private readonly ctx: EngineContext,
  ) {
    // Monotonic: every transition is later than the previous one, so snapshots order correctly.
    const previous = Date.parse(state.updatedAt);
    this.at = new Date(Math.max(ctx.now.getTime(), previous + 1)).toISOString();
    this.steps = allSteps(state, ctx);
    this.channel = dingtalkTaskChannel(ctx.options)?.via ?? null;
  }

  step(id: string) {
    return this.steps.get(id);
  }

  addStep(step: ExtraStep) {
    this.steps.set(step.id, step);
  }

  /** Why this user may not act on this task as the current step's approver (加签 / 退回), or null. */
  checkCurrentApprover(task: EngineTask | undefined, userId: string): string | null {
    if (!task) return '任务不存在';
    if (task.userId !== userId) return '只有任务处理人可以操作此任务';
    if (this.state.status !== 'running') return '流程已结束';
    if (task.kind !== 'approval' || task.status !== 'pending') return '任务已处理';
    if (task.stepId === ORIGINATOR_STEP) return '请修改表单后再次提交';
    const current = this.state.current;
    if (current?.stepId !== task.stepId || current.waiting !== 'tasks') return '任务不在当前节点';
    return null;
  }

  /** An approval task was agreed: a 前加签 goes back to its adder, else the step's rule decides. */
  afterAgree(task: EngineTask) {
    const current = this.state.current;
    const step = this.step(task.stepId);
    if (!current || current.stepId !== task.stepId || step?.kind !== 'approval') return;
    if (task.addedBy) {
      const entry = current.before?.find((e) => e.adderTaskId === task.addedBy);
      if (!entry) return;
      const [next, ...rest] = entry.remaining;
      if (next) {
        entry.remaining = rest;
        this.createTask(step.id, 'approval', next).addedBy = entry.adderTaskId;
      } else if (!this.state.tasks.some((t) => t.addedBy === entry.adderTaskId && t.status === 'pending')) {
        current.before = (current.before ?? []).filter((e) => e !== entry);
        this.createTask(step.id, 'approval', entry.adder);
      }
      return;
    }
    if (step.mode === 'any') {
      // 或签: the first answer decides; the others' items are withdrawn (前加签 ones too).
      for (const t of this.pendingOf(step.id)) this.finishTask(t, 'cancelled', null);
      if (current.before?.length) task.endedBefore = current.before;
      current.before = [];
      this.completeCurrent();
    } else if (step.mode === 'sequential' && current.remaining.length > 0) {
      if (this.pendingOf(step.id).length > 0) return;
      const [next, ...rest] = current.remaining;
      current.remaining = rest;
      if (next) this.createTask(step.id, 'approval', next);
    } else if (this.pendingOf(step.id).length === 0 && !current.before?.length) {
      // 会签 (all) or the last of a sequence: every one agreed.
      this.completeCurrent();
    }
  }

  /** An effect key for a step that may run again after 再次提交 (its first round keeps the old key). */
  roundKey(key: string) {
    const round = this.state.round ?? 0;
    return round ? `${key}:r${round}` : key;
  }

  private nextId(prefix: string) {
    this.state.seq += 1;
    return `${prefix}${this.state.seq}`;
  }

  log(entry: {
    action: string;
    actor?: { userId: string | null; name: string | null } | undefined;
    result?: string | null | undefined;
    remark?: string | null | undefined;
    nodeName?: string | null | undefined;
    targets?: Person[];
    at?: string;
  }) {
    this.state.logs.push({
      id: this.nextId('l'),
      action: entry.action,
      actorUserId: entry.actor?.userId ?? null,
      actorName: entry.actor?.name ?? null,
      result: entry.result ?? null,
      remark: entry.remark ?? null,
      nodeName: entry.nodeName ?? null,
      ...(entry.targets?.length
        ? { targets: entry.targets.map((p) => ({ userId: p.userId, name: p.name })) }
        : {}),
      at: entry.at ?? this.at,
    });
  }

  pendingOf(stepId: string) {
    return this.state.tasks.filter((t) => t.stepId === stepId && t.status === 'pending');
  }

  createTask(stepId: string, kind: 'approval' | 'cc', person: Person) {
    const step = this.step(stepId);
    const dueHours = step?.kind === 'approval' ? step.dueHours : undefined;
    const task: EngineTask = {
      id: `${stepId}:${this.nextId('t')}`,
      stepId,
      kind,
      userId: person.userId,
      name: person.name,
      status: kind === 'cc' ? 'done' : 'pending',
      result: kind === 'cc' ? 'none' : null,
      receivedAt: this.at,
      finishedAt: kind === 'cc' ? this.at : null,
      dueAt: dueHours ? new Date(Date.parse(this.at) + dueHours * 3_600_000).toISOString() : null,
    };
    this.state.tasks.push(task);
    // One DingTalk channel per workflow (approvalCentre.ts): the 待办 mirror or the approval centre, never both.
    if (kind === 'approval' && this.channel === 'todo')
      this.effects.push({ kind: 'mirrorTodo', key: `todo:${task.id}`, taskId: task.id });
    if (kind === 'approval' && this.channel === 'approvalCentre')
      this.effects.push({ kind: 'pcTask', key: `pc-task:${task.id}`, taskId: task.id });
    // Work notices (`notifyAssignee`) are not an engine effect: announce-tasks sends them after the snapshot is
    // applied, like every source's (lib/connectors/dingtalk/task-notices/).
    return task;
  }

  finishTask(task: EngineTask, status: 'done' | 'cancelled', result: EngineTask['result']) {
    const wasPending = task.status === 'pending';
    task.status = status;
    task.result = result;
    task.finishedAt = this.at;
    if (!wasPending || task.kind !== 'approval') return;
    if (this.channel === 'todo')
      this.effects.push({ kind: 'completeTodo', key: `todo-done:${task.id}`, taskId: task.id });
    if (this.channel === 'approvalCentre' && !this.ending)
      this.effects.push({ kind: 'pcTaskDone', key: `pc-task-done:${task.id}`, taskId: task.id });
  }

  end(status: Exclude<EngineStatus, 'running' | 'completed'>) {
    this.ending = true;
    for (const t of this.state.tasks) if (t.status === 'pending') this.finishTask(t, 'cancelled', null);
    this.ending = false;
    this.state.status = status;
    this.state.current = null;
    this.state.queue = [];
    this.state.finishedAt = this.at;
    this.finished();
  }

  /** The instance left `running`: the approval centre's instance follows (after its tasks). */
  finished() {
    if (this.channel === 'approvalCentre') this.effects.push({ kind: 'pcFinish', key: 'pc-finish' });
  }

  completeCurrent() {
    this.state.current = null;
    this.advance();
  }

  /** Runs steps from the queue until one has to wait (tasks, DingTalk, automation) or the flow ends. */
  advance() {
    while (!this.state.current && this.state.status === 'running') {
      const stepId = this.state.queue.shift();
      if (stepId === undefined) {
        this.log({ action: 'finish', result: 'agree' });
        this.state.status = 'completed';
        this.state.finishedAt = this.at;
        this.finished();
        return;
      }
      const step = this.step(stepId);
      if (!step) continue;
      if (step.kind !== 'condition') this.state.trail = [...(this.state.trail ?? []), step.id];
      switch (step.kind) {
        case 'approval': {
          const people = this.state.assignees[step.id] ?? [];
          if (people.length === 0) {
            this.log({
              action: 'agree',
              result: 'agree',
              remark: '无可用审批人，自动通过',
              nodeName: step.name,
            });
            break;
          }
          if (step.mode === 'sequential') {
            const [first, ...rest] = people;
            this.state.current = { stepId: step.id, remaining: rest, waiting: 'tasks', enteredAt: this.at };
            if (first) this.createTask(step.id, 'approval', first);
          } else {
            this.state.current = { stepId: step.id, remaining: [], waiting: 'tasks', enteredAt: this.at };
            for (const p of people) this.createTask(step.id, 'approval', p);
          }
          break;
        }
        case 'cc': {
          const people = this.state.assignees[step.id] ?? [];
          for (const p of people) this.createTask(step.id, 'cc', p);
          if (people.length) this.log({ action: 'cc', nodeName: step.name, targets: people });
          break;
        }
        case 'condition': {
          const branch = pickBranch(step, this.ctx.values);
          if (branch) this.state.queue.unshift(...branch.steps.map((s) => s.id));
          break;
        }
        case 'dingtalkApproval':
          this.state.current = { stepId: step.id, remaining: [], waiting: 'dingtalk' };
          this.effects.push({
            kind: 'startDingTalk',
            key: this.roundKey(`dingtalk:${step.id}`),
            stepId: step.id,
          });
          break;
        case 'automation':
          this.state.current = { stepId: step.id, remaining: [], waiting: 'automation' };
          this.effects.push({
            kind: 'runAutomation',
            key: this.roundKey(`automation:${step.id}`),
            stepId: step.id,
          });
          break;
      }
    }
  }
}

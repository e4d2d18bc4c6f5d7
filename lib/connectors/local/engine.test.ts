import { describe, expect, test } from 'vitest';
import type { WorkflowStep } from './definition-schema';
import {
  conditionHolds,
  type EngineContext,
  type EngineEvent,
  type EngineState,
  initialState,
  instanceStatusOf,
  type Person,
  transition,
} from './engine';

const alice: Person = { userId: 'u-alice', name: '爱丽丝' };
const bob: Person = { userId: 'u-bob', name: '鲍勃' };
const carol: Person = { userId: 'u-carol', name: '卡罗尔' };
const dave: Person = { userId: 'u-dave', name: '戴夫' };
const origin: Person = { userId: 'u-origin', name: '发起人' };

const T0 = new Date('2026-11-23T08:00:00Z');

function approval(id: string, mode: 'sequential' | 'all' | 'any', dueHours?: number): WorkflowStep {
  return {
    id,
    name: `审批 ${id}`,
    kind: 'approval',
    mode,
    assignee: { type: 'role', role: 'admin' },
    dueHours,
  };
}

function setup(
  steps: WorkflowStep[],
  assignees: Record<string, Person[]>,
  opts: { values?: Record<string, unknown>; mirror?: boolean; notify?: boolean; centre?: boolean } = {},
) {
  const ctx: EngineContext = {
    steps,
    values: opts.values ?? {},
    options: {
      mirrorTodoConnectorId: opts.mirror ? '00000000-0000-4000-8000-000000000001' : null,
      notifyAssignee: !!opts.notify,
      approvalCentreConnectorId: opts.centre ? '00000000-0000-4000-8000-000000000002' : null,
    },
    originator: origin,
    now: T0,
  };
  let state = initialState(assignees, T0);
  let clock = T0.getTime();
  const effects: string[] = [];
  const run = (event: EngineEvent) => {
    clock += 60_000;
    const r = transition(state, event, { ...ctx, now: new Date(clock) });
    state = r.state;
    effects.push(...r.effects.map((e) => e.key));
    return r;
  };
  run({ type: 'start' });
  return {
    get state(): EngineState {
      return state;
    },
    effects,
    run,
    pending: () => state.tasks.filter((t) => t.status === 'pending').map((t) => t.userId),
    taskOf: (userId: string) => {
      const t = state.tasks.find((x) => x.userId === userId && x.status === 'pending');
      if (!t) throw new Error(`no pending task for ${userId}`);
      return t.id;
    },
    act: (
      userId: string,
      action: 'agree' | 'refuse' | 'transfer' | 'comment',
      extra: Partial<{ remark: string; target: Person; key: string }> = {},
    ) => {
      const task = state.tasks.find(
        (x) => x.userId === userId && (x.status === 'pending' || action === 'comment'),
      );
      if (!task) throw new Error(`no task for ${userId}`);
      return run({
        type: 'act',
        key: extra.key ?? `k${clock}`,
        taskId: task.id,
        userId,
        action,
        remark: extra.remark ?? null,
        target: extra.target ?? null,
      });
    },
  };
}

describe('sequential approval', () => {
  test('one assignee at a time, in order; the last agree completes the instance', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice, bob] });
    expect(w.pending()).toEqual([alice.userId]);
    w.act(alice.userId, 'agree', { remark: '可以' });
    expect(w.pending()).toEqual([bob.userId]);
    expect(w.state.status).toBe('running');
    w.act(bob.userId, 'agree');
    expect(w.pending()).toEqual([]);
    expect(w.state.status).toBe('completed');
    expect(w.state.logs.map((l) => l.action)).toEqual(['start', 'agree', 'agree', 'finish']);
    expect(w.state.logs[1]).toMatchObject({ actorUserId: alice.userId, remark: '可以', nodeName: '审批 a' });
    expect(instanceStatusOf(w.state.status)).toEqual({ status: 'completed', result: 'agree' });
  });

  test('steps run one after the other', () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'sequential')], { a: [alice], b: [bob] });
    w.act(alice.userId, 'agree');
    expect(w.pending()).toEqual([bob.userId]);
    expect(w.state.tasks.find((t) => t.userId === bob.userId)?.stepId).toBe('b');
  });

  test('due hours set the task due time', () => {
    const w = setup([approval('a', 'sequential', 24)], { a: [alice] });
    const task = w.state.tasks[0];
    expect(Date.parse(task?.dueAt ?? '') - Date.parse(task?.receivedAt ?? '')).toBe(24 * 3_600_000);
  });
});

describe('会签 (all must agree)', () => {
  test('everyone gets a task at once; the step completes only when all agreed', () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], {
      a: [alice, bob, carol],
      b: [dave],
    });
    expect(w.pending().sort()).toEqual([alice.userId, bob.userId, carol.userId].sort());
    w.act(alice.userId, 'agree');
    w.act(carol.userId, 'agree');
    expect(w.pending()).toEqual([bob.userId]);
    w.act(bob.userId, 'agree');
    expect(w.pending()).toEqual([dave.userId]);
  });

  test('one refusal refuses the instance and withdraws the others', () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], { a: [alice, bob], b: [dave] });
    w.act(bob.userId, 'refuse', { remark: '不同意' });
    expect(w.state.status).toBe('refused');
    expect(w.pending()).toEqual([]);
    expect(w.state.tasks.find((t) => t.userId === alice.userId)?.status).toBe('cancelled');
    expect(w.state.tasks.some((t) => t.userId === dave.userId)).toBe(false);
    expect(instanceStatusOf(w.state.status)).toEqual({ status: 'completed', result: 'refuse' });
  });
});

describe('或签 (any one decides)', () => {
  test('the first agree completes the step and cancels the other tasks', () => {
    const w = setup([approval('a', 'any'), approval('b', 'sequential')], {
      a: [alice, bob, carol],
      b: [dave],
    });
    w.act(bob.userId, 'agree');
    expect(w.state.tasks.filter((t) => t.stepId === 'a').map((t) => `${t.userId}:${t.status}`)).toEqual([
      `${alice.userId}:cancelled`,
      `${bob.userId}:done`,
      `${carol.userId}:cancelled`,
    ]);
    expect(w.pending()).toEqual([dave.userId]);
  });

  test('the first refuse ends the instance', () => {
    const w = setup([approval('a', 'any')], { a: [alice, bob] });
    w.act(alice.userId, 'refuse', { remark: '预算不足' });
    expect(w.state.status).toBe('refused');
    expect(w.pending()).toEqual([]);
  });
});

describe('condition branches', () => {
  const steps: WorkflowStep[] = [
    {
      id: 'route',
      name: '金额判断',
      kind: 'condition',
      branches: [
        {
          name: '大额',
          when: { fieldKey: 'amount', op: 'gt', value: 5000 },
          steps: [approval('big', 'sequential')],
        },
        {
          name: '中额',
          when: { fieldKey: 'amount', op: 'gte', value: 1000 },
          steps: [approval('mid', 'sequential')],
        },
        { name: '其他', steps: [approval('small', 'sequential')] },
      ],
    },
    approval('final', 'sequential'),
  ];
  const assignees = { big: [alice], mid: [bob], small: [carol], final: [dave] };

  test('the first matching branch is taken, then the steps after the condition', () => {
    const w = setup(steps, assignees, { values: { amount: '8000.00' } });
    expect(w.pending()).toEqual([alice.userId]);
    w.act(alice.userId, 'agree');
    expect(w.pending()).toEqual([dave.userId]);
  });

  test('a later branch matches when the first does not', () => {
    const w = setup(steps, assignees, { values: { amount: 5000 } });
    expect(w.pending()).toEqual([bob.userId]);
  });

  test('the else branch is taken when nothing matches', () => {
    const w = setup(steps, assignees, { values: { amount: 10 } });
    expect(w.pending()).toEqual([carol.userId]);
  });

  test('condition operators', () => {
    const v = { s: '华东', n: 12, m: ['a', 'b'], e: '' };
    expect(conditionHolds({ fieldKey: 's', op: 'eq', value: '华东' }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 's', op: 'ne', value: '华东' }, v)).toBe(false);
    expect(conditionHolds({ fieldKey: 'n', op: 'lt', value: 13 }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 'n', op: 'lte', value: 12 }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 's', op: 'in', value: ['华北', '华东'] }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 'm', op: 'contains', value: 'b' }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 's', op: 'contains', value: '东' }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 'e', op: 'empty' }, v)).toBe(true);
    expect(conditionHolds({ fieldKey: 'missing', op: 'notEmpty' }, v)).toBe(false);
  });
});

describe('cc', () => {
  test('cc items are created done and the flow moves on', () => {
    const w = setup(
      [
        { id: 'c', name: '抄送财务', kind: 'cc', assignee: { type: 'role', role: 'admin' } },
        approval('a', 'sequential'),
      ],
      {
        c: [carol, dave],
        a: [alice],
      },
    );
    expect(
      w.state.tasks.filter((t) => t.kind === 'cc').map((t) => `${t.userId}:${t.status}:${t.result}`),
    ).toEqual([`${carol.userId}:done:none`, `${dave.userId}:done:none`]);
    expect(w.pending()).toEqual([alice.userId]);
    expect(w.state.logs.map((l) => l.action)).toContain('cc');
  });
});

describe('actions', () => {
  test('transfer: the task is redirected and the target gets one in the same step', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice, bob] });
    w.act(alice.userId, 'transfer', { target: carol, remark: '请代批' });
    expect(w.state.tasks.find((t) => t.userId === alice.userId)).toMatchObject({
      status: 'done',
      result: 'redirect',
    });
    expect(w.pending()).toEqual([carol.userId]);
    w.act(carol.userId, 'agree');
    // The sequence continues with the next original assignee.
    expect(w.pending()).toEqual([bob.userId]);
    expect(w.state.logs.find((l) => l.action === 'redirect')).toMatchObject({
      remark: '请代批',
      targets: [{ userId: carol.userId, name: carol.name }],
    });
  });

  test('transfer to oneself is refused', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    const r = w.act(alice.userId, 'transfer', { target: alice });
    expect(r.changed).toBe(false);
    expect(r.rejected).toBe('不能转交给自己');
  });

  test('comment: only a log entry; the task stays pending', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    w.act(alice.userId, 'comment', { remark: '请补充发票' });
    expect(w.pending()).toEqual([alice.userId]);
    expect(w.state.logs.at(-1)).toMatchObject({
      action: 'comment',
      remark: '请补充发票',
      actorUserId: alice.userId,
    });
  });

  test('originator revoke ends the instance (terminated) and withdraws open tasks', () => {
    const w = setup([approval('a', 'all')], { a: [alice, bob] });
    const r = w.run({ type: 'revoke', key: 'rv', userId: origin.userId, remark: '不需要了' });
    expect(r.changed).toBe(true);
    expect(w.state.status).toBe('revoked');
    expect(w.pending()).toEqual([]);
    expect(instanceStatusOf(w.state.status).status).toBe('terminated');
  });

  test('only the originator may revoke, and only while running', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    expect(w.run({ type: 'revoke', key: 'x', userId: alice.userId, remark: null }).rejected).toBe(
      '只有发起人可以撤销',
    );
    w.act(alice.userId, 'agree');
    expect(w.run({ type: 'revoke', key: 'y', userId: origin.userId, remark: null }).rejected).toBe(
      '流程已结束，无法撤销',
    );
  });

  test('acting on a finished task or as someone else is refused and changes nothing', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice, bob] });
    const aliceTask = w.taskOf(alice.userId);
    w.act(alice.userId, 'agree');
    const before = w.state;
    const again = w.run({
      type: 'act',
      key: 'z1',
      taskId: aliceTask,
      userId: alice.userId,
      action: 'agree',
      remark: null,
    });
    expect(again).toMatchObject({ changed: false, rejected: '任务已处理' });
    const other = w.run({
      type: 'act',
      key: 'z2',
      taskId: w.taskOf(bob.userId),
      userId: carol.userId,
      action: 'agree',
      remark: null,
    });
    expect(other.rejected).toBe('只有任务处理人可以操作此任务');
    expect(w.state).toBe(before);
  });

  test('an event applied twice (same key) changes nothing the second time', () => {
    const w = setup([approval('a', 'all')], { a: [alice, bob] });
    const task = w.taskOf(alice.userId);
    const event: EngineEvent = {
      type: 'act',
      key: 'action-1',
      taskId: task,
      userId: alice.userId,
      action: 'comment',
      remark: '一次',
    };
    expect(w.run(event).changed).toBe(true);
    expect(w.run(event).changed).toBe(false);
    expect(w.state.logs.filter((l) => l.action === 'comment')).toHaveLength(1);
  });

  test('admin cancel ends the instance as cancelled', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    w.run({ type: 'cancel', key: 'c', actor: dave, reason: '重复提交' });
    expect(w.state.status).toBe('cancelled');
    expect(w.state.logs.at(-1)).toMatchObject({ action: 'cancel', remark: '重复提交' });
    expect(instanceStatusOf(w.state.status).status).toBe('cancelled');
  });

  test('the start event is applied once', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    expect(w.run({ type: 'start' }).changed).toBe(false);
    expect(w.state.tasks).toHaveLength(1);
  });
});

describe('DingTalk approval and automation steps', () => {
  const dt: WorkflowStep = {
    id: 'dt',
    name: '钉钉审批',
    kind: 'dingtalkApproval',
    connectorId: '00000000-0000-4000-8000-000000000002',
    processCode: 'PROC-1',
    fieldMap: [],
  };
  const auto: WorkflowStep = {
    id: 'hook',
    name: '通知财务系统',
    kind: 'automation',
    action: { type: 'webhook', url: 'http://example.test/hook' },
  };

  test('a DingTalk step emits one start effect and waits; its result resumes the flow exactly once', () => {
    const w = setup([dt, approval('a', 'sequential')], { a: [alice] });
    expect(w.effects).toEqual(['dingtalk:dt']);
    expect(w.state.current).toMatchObject({ stepId: 'dt', waiting: 'dingtalk' });
    w.run({ type: 'dingtalkStarted', stepId: 'dt', dingtalkInstanceId: 'PI-1' });
    expect(w.state.current?.dingtalkInstanceId).toBe('PI-1');
    const done: EngineEvent = {
      type: 'dingtalkFinished',
      stepId: 'dt',
      result: 'agree',
      comments: [{ actorName: '钉钉 王五', remark: '同意', at: T0.toISOString() }],
    };
    expect(w.run(done).changed).toBe(true);
    expect(w.pending()).toEqual([alice.userId]);
    expect(w.run(done).changed).toBe(false);
    expect(w.state.tasks).toHaveLength(1);
    expect(w.state.logs.filter((l) => l.action === 'comment').map((l) => l.remark)).toEqual(['同意']);
  });

  test('a DingTalk refusal refuses the local instance', () => {
    const w = setup([dt, approval('a', 'sequential')], { a: [alice] });
    w.run({ type: 'dingtalkFinished', stepId: 'dt', result: 'refuse', comments: [] });
    expect(w.state.status).toBe('refused');
  });

  test('an automation step waits for its call; success moves on, a final failure marks the instance errored', () => {
    const ok = setup([auto, approval('a', 'sequential')], { a: [alice] });
    expect(ok.effects).toEqual(['automation:hook']);
    ok.run({ type: 'automationFinished', stepId: 'hook', ok: true, detail: 'Webhook HTTP 200' });
    expect(ok.pending()).toEqual([alice.userId]);

    const bad = setup([auto, approval('a', 'sequential')], { a: [alice] });
    bad.run({ type: 'stepFailed', stepId: 'hook', detail: 'webhook answered HTTP 500' });
    expect(bad.state.status).toBe('errored');
    expect(bad.state.logs.at(-1)).toMatchObject({ action: 'error', remark: 'webhook answered HTTP 500' });
    expect(instanceStatusOf(bad.state.status).status).toBe('terminated');
  });

  test('the mirror option adds one effect per task and a done-effect when it ends; notices are not effects', () => {
    const w = setup([approval('a', 'any')], { a: [alice, bob] }, { mirror: true, notify: true });
    const [first, second] = w.state.tasks;
    // notifyAssignee is read by the announce-tasks job after the snapshot is applied, not by the engine.
    expect(w.effects).toEqual([`todo:${first?.id}`, `todo:${second?.id}`]);
    w.act(alice.userId, 'agree');
    expect(w.effects.slice(2).sort()).toEqual([`todo-done:${first?.id}`, `todo-done:${second?.id}`].sort());
  });

  test('an approval step nobody can take is passed with a log entry', () => {
    const w = setup([approval('a', 'sequential')], { a: [] });
    expect(w.state.status).toBe('completed');
    expect(w.state.logs.some((l) => l.remark === '无可用审批人，自动通过')).toBe(true);
  });
});

describe('DingTalk approval centre effects (dingtalkTaskChannel: never both with the 待办 mirror)', () => {
  test('instance first, a task per approver, decided tasks updated, withdrawn ones left to the finish', () => {
    const m = setup(
      [approval('a', 'sequential'), approval('b', 'all')],
      { a: [alice], b: [bob, carol] },
      {
        mirror: true,
        centre: true,
      },
    );
    expect(m.effects).toEqual(['pc-instance', 'pc-task:a:t2']);
    m.act('u-alice', 'transfer', { target: dave });
    expect(m.effects.slice(2)).toEqual(['pc-task-done:a:t2', 'pc-task:a:t4']);
    m.act('u-dave', 'agree');
    expect(m.effects.slice(4)).toEqual(['pc-task-done:a:t4', 'pc-task:b:t6', 'pc-task:b:t7']);
    m.act('u-bob', 'refuse');
    // Carol's open task is withdrawn by the end: the finish cancels it with the instance.
    expect(m.effects.slice(7)).toEqual(['pc-task-done:b:t6', 'pc-finish']);
    expect(m.effects.some((k) => k.startsWith('todo'))).toBe(false);
  });

  test('revoke finishes the instance once; completion too; without the option nothing is planned', () => {
    const m = setup([approval('a', 'any')], { a: [alice, bob] }, { centre: true });
    m.run({ type: 'revoke', key: 'r1', userId: origin.userId, remark: null });
    expect(m.effects).toEqual(['pc-instance', 'pc-task:a:t2', 'pc-task:a:t3', 'pc-finish']);
    const ok = setup([approval('a', 'any')], { a: [alice, bob] }, { centre: true });
    ok.act('u-alice', 'agree');
    expect(ok.effects).toEqual([
      'pc-instance',
      'pc-task:a:t2',
      'pc-task:a:t3',
      'pc-task-done:a:t2',
      'pc-task-done:a:t3',
      'pc-finish',
    ]);
    const off = setup([approval('a', 'any')], { a: [alice] }, { mirror: true });
    expect(off.effects).toEqual(['todo:a:t2']);
  });
});

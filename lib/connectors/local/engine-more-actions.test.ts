import { describe, expect, test } from 'vitest';
import type { WorkflowStep } from './definition-schema';
import {
  type EngineContext,
  type EngineEvent,
  type EngineState,
  initialState,
  ORIGINATOR_STEP,
  type Person,
  revertTargets,
  transition,
  withdrawRefusal,
} from './engine';

// 加签 / 退回 / 撤回 / 再次提交: pure transitions of the local engine (docs/local-workflows.md).

const alice: Person = { userId: 'u-alice', name: '爱丽丝' };
const bob: Person = { userId: 'u-bob', name: '鲍勃' };
const carol: Person = { userId: 'u-carol', name: '卡罗尔' };
const dave: Person = { userId: 'u-dave', name: '戴夫' };
const erin: Person = { userId: 'u-erin', name: '艾琳' };
const frank: Person = { userId: 'u-frank', name: '弗兰克' };
const origin: Person = { userId: 'u-origin', name: '发起人' };
const T0 = new Date('2026-11-23T08:00:00Z');

function approval(id: string, mode: 'sequential' | 'all' | 'any'): WorkflowStep {
  return { id, name: `审批 ${id}`, kind: 'approval', mode, assignee: { type: 'role', role: 'admin' } };
}

function setup(
  steps: WorkflowStep[],
  assignees: Record<string, Person[]>,
  values: Record<string, unknown> = {},
) {
  const ctx: EngineContext = {
    steps,
    values,
    options: { mirrorTodoConnectorId: null, notifyAssignee: false, approvalCentreConnectorId: null },
    originator: origin,
    now: T0,
  };
  let state = initialState(assignees, T0);
  let clock = T0.getTime();
  let n = 0;
  const effects: string[] = [];
  const run = (event: EngineEvent, overrides: Partial<EngineContext> = {}) => {
    clock += 60_000;
    const r = transition(state, event, { ...ctx, ...overrides, now: new Date(clock) });
    state = r.state;
    effects.push(...r.effects.map((e) => e.key));
    return r;
  };
  run({ type: 'start' });
  const pendingTask = (userId: string) => {
    const t = state.tasks.find((x) => x.userId === userId && x.status === 'pending');
    if (!t) throw new Error(`no pending task for ${userId}`);
    return t.id;
  };
  const lastTask = (userId: string) => {
    const t = state.tasks.filter((x) => x.userId === userId).at(-1);
    if (!t) throw new Error(`no task for ${userId}`);
    return t.id;
  };
  const key = () => `k${++n}`;
  return {
    ctx,
    effects,
    run,
    get state(): EngineState {
      return state;
    },
    pending: () =>
      state.tasks
        .filter((t) => t.status === 'pending')
        .map((t) => t.userId)
        .sort(),
    agree: (p: Person) =>
      run({
        type: 'act',
        key: key(),
        taskId: pendingTask(p.userId),
        userId: p.userId,
        action: 'agree',
        remark: null,
      }),
    refuse: (p: Person) =>
      run({
        type: 'act',
        key: key(),
        taskId: pendingTask(p.userId),
        userId: p.userId,
        action: 'refuse',
        remark: '不行',
      }),
    append: (
      p: Person,
      position: 'before' | 'after' | 'alongside',
      people: Person[],
      activate: 'all' | 'oneByOne' = 'all',
    ) =>
      run({
        type: 'append',
        key: key(),
        taskId: pendingTask(p.userId),
        userId: p.userId,
        position,
        people,
        activate,
        remark: '请一并看看',
      }),
    revert: (p: Person, target: string) =>
      run({
        type: 'revert',
        key: key(),
        taskId: pendingTask(p.userId),
        userId: p.userId,
        target,
        remark: '请补充',
      }),
    withdraw: (p: Person) =>
      run({ type: 'withdraw', key: key(), taskId: lastTask(p.userId), userId: p.userId, remark: '再想想' }),
    lastTask,
  };
}

const all = (ids: Person[]) => ids.map((p) => p.userId).sort();

describe('加签 before (前加签)', () => {
  test('the added person acts first, then the adder is asked again; then the flow moves on', () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'sequential')], { a: [alice], b: [dave] });
    const r = w.append(alice, 'before', [bob]);
    expect(r.changed).toBe(true);
    expect(w.pending()).toEqual(all([bob]));
    expect(w.state.tasks.find((t) => t.userId === alice.userId)).toMatchObject({
      status: 'done',
      result: 'none',
    });
    expect(w.state.logs.at(-1)).toMatchObject({
      action: 'append',
      result: 'before',
      actorUserId: alice.userId,
      nodeName: '审批 a',
      targets: [bob],
    });
    w.agree(bob);
    expect(w.pending()).toEqual(all([alice]));
    expect(w.state.tasks.filter((t) => t.userId === alice.userId)).toHaveLength(2);
    w.agree(alice);
    expect(w.pending()).toEqual(all([dave]));
  });

  test('one by one: the added people are asked in order before the adder', () => {
    const w = setup([approval('a', 'all')], { a: [alice, erin] });
    w.append(alice, 'before', [bob, carol], 'oneByOne');
    expect(w.pending()).toEqual(all([bob, erin]));
    w.agree(erin);
    expect(w.state.status).toBe('running');
    w.agree(bob);
    expect(w.pending()).toEqual(all([carol]));
    w.agree(carol);
    expect(w.pending()).toEqual(all([alice]));
    w.agree(alice);
    expect(w.state.status).toBe('completed');
  });

  test('an added person refusing refuses the instance', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    w.append(alice, 'before', [bob]);
    w.refuse(bob);
    expect(w.state.status).toBe('refused');
    expect(w.pending()).toEqual([]);
  });

  test('on an or-sign step, the added person agreeing goes back to the adder; another signer may still decide', () => {
    const w = setup([approval('a', 'any'), approval('b', 'sequential')], { a: [alice, erin], b: [dave] });
    w.append(alice, 'before', [bob]);
    expect(w.pending()).toEqual(all([bob, erin]));
    w.agree(erin);
    // 或签: erin decided for the step; bob's added task is withdrawn with it.
    expect(w.pending()).toEqual(all([dave]));
    expect(w.state.tasks.find((t) => t.userId === bob.userId)?.status).toBe('cancelled');
  });
});

describe('加签 after (后加签)', () => {
  test('a step of the added people runs after this step and before the next; the adder still decides', () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], { a: [alice, erin], b: [dave] });
    w.append(alice, 'after', [bob, carol]);
    expect(w.pending()).toEqual(all([alice, erin]));
    w.agree(alice);
    // The step itself still waits for erin (会签).
    expect(w.pending()).toEqual(all([erin]));
    w.agree(erin);
    expect(w.pending()).toEqual(all([bob, carol]));
    const added = w.state.tasks.find((t) => t.userId === bob.userId);
    expect(added?.stepId).toMatch(/^a~/);
    expect(w.state.extraSteps?.[added?.stepId ?? '']?.name).toBe('审批 a（加签）');
    w.agree(bob);
    expect(w.pending()).toEqual(all([carol]));
    w.agree(carol);
    expect(w.pending()).toEqual(all([dave]));
  });

  test('one by one after: the added people are asked in turn', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    w.append(alice, 'after', [bob, carol], 'oneByOne');
    w.agree(alice);
    expect(w.pending()).toEqual(all([bob]));
    w.agree(bob);
    expect(w.pending()).toEqual(all([carol]));
    w.agree(carol);
    expect(w.state.status).toBe('completed');
  });
});

describe('加签 alongside (并加签)', () => {
  test('on a 会签 step the added people must agree too', () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], { a: [alice], b: [dave] });
    w.append(alice, 'alongside', [bob]);
    expect(w.pending()).toEqual(all([alice, bob]));
    w.agree(alice);
    expect(w.pending()).toEqual(all([bob]));
    w.agree(bob);
    expect(w.pending()).toEqual(all([dave]));
  });

  test('on an or-sign step the added person counts in 或签: their agree decides and withdraws the adder', () => {
    const w = setup([approval('a', 'any'), approval('b', 'sequential')], { a: [alice], b: [dave] });
    w.append(alice, 'alongside', [bob]);
    expect(w.pending()).toEqual(all([alice, bob]));
    w.agree(bob);
    expect(w.state.tasks.find((t) => t.userId === alice.userId)?.status).toBe('cancelled');
    expect(w.pending()).toEqual(all([dave]));
  });

  test('on a 依次 step the added people come after the rest of the sequence', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice, erin] });
    w.append(alice, 'alongside', [bob]);
    w.agree(alice);
    expect(w.pending()).toEqual(all([erin]));
    w.agree(erin);
    expect(w.pending()).toEqual(all([bob]));
    w.agree(bob);
    expect(w.state.status).toBe('completed');
  });

  test('refused: oneself, someone already on the step, nobody, an added person adding again', () => {
    const w = setup([approval('a', 'all')], { a: [alice, erin] });
    const before = w.state;
    expect(w.append(alice, 'alongside', [alice]).rejected).toBe('加签人不能包含自己');
    expect(w.append(alice, 'alongside', [erin]).rejected).toBe('加签人已是当前节点的审批人');
    expect(w.append(alice, 'before', []).rejected).toBe('请选择加签人');
    expect(w.state).toBe(before);
    w.append(alice, 'before', [bob]);
    expect(w.append(bob, 'alongside', [carol]).rejected).toBe('加签人不能再加签');
  });
});

describe('退回', () => {
  const steps = [approval('a', 'sequential'), approval('b', 'sequential'), approval('c', 'all')];
  const people = { a: [alice], b: [bob], c: [carol, dave] };

  test('to an earlier step: it runs again, then the steps after it; the open tasks are withdrawn', () => {
    const w = setup(steps, people);
    w.agree(alice);
    w.agree(bob);
    expect(revertTargets(w.state, w.ctx)).toEqual([
      { stepId: 'a', name: '审批 a' },
      { stepId: 'b', name: '审批 b' },
    ]);
    const r = w.revert(carol, 'a');
    expect(r.changed).toBe(true);
    expect(w.pending()).toEqual(all([alice]));
    expect(w.state.tasks.find((t) => t.userId === carol.userId)).toMatchObject({
      status: 'done',
      result: 'none',
    });
    expect(w.state.tasks.find((t) => t.userId === dave.userId)?.status).toBe('cancelled');
    expect(w.state.logs.at(-1)).toMatchObject({
      action: 'revert',
      actorUserId: carol.userId,
      result: '审批 a',
    });
    w.agree(alice);
    expect(w.pending()).toEqual(all([bob]));
    w.agree(bob);
    expect(w.pending()).toEqual(all([carol, dave]));
    w.agree(carol);
    w.agree(dave);
    expect(w.state.status).toBe('completed');
  });

  test('only to a step already passed', () => {
    const w = setup(steps, people);
    w.agree(alice);
    const before = w.state;
    expect(w.revert(bob, 'c').rejected).toBe('只能退回到已经过的审批节点');
    expect(w.revert(bob, 'b').rejected).toBe('只能退回到已经过的审批节点');
    expect(w.state).toBe(before);
  });

  test('not across an automation step (it would run twice)', () => {
    const hook: WorkflowStep = {
      id: 'hook',
      name: '通知',
      kind: 'automation',
      action: { type: 'webhook', url: 'http://example.test/h' },
    };
    const w = setup([approval('a', 'sequential'), hook, approval('b', 'sequential')], {
      a: [alice],
      b: [bob],
    });
    w.agree(alice);
    w.run({ type: 'automationFinished', stepId: 'hook', ok: true, detail: '200' });
    expect(revertTargets(w.state, w.ctx)).toEqual([]);
  });

  test('to the originator, who edits and 再次提交: the flow restarts with the new values and assignees', () => {
    const branching: WorkflowStep[] = [
      {
        id: 'route',
        name: '金额',
        kind: 'condition',
        branches: [
          {
            name: '大额',
            when: { fieldKey: 'amount', op: 'gt', value: 1000 },
            steps: [approval('big', 'sequential')],
          },
          { name: '其他', steps: [approval('small', 'sequential')] },
        ],
      },
      approval('final', 'sequential'),
    ];
    const w = setup(branching, { big: [alice], small: [bob], final: [carol] }, { amount: 5000 });
    w.agree(alice);
    w.revert(carol, ORIGINATOR_STEP);
    expect(w.state.status).toBe('running');
    expect(w.state.current).toMatchObject({ stepId: ORIGINATOR_STEP, waiting: 'resubmit' });
    expect(w.pending()).toEqual([origin.userId]);
    expect(w.state.logs.at(-1)).toMatchObject({ action: 'revert', targets: [origin] });
    // The originator's item is for resubmitting only.
    const originTask = w.lastTask(origin.userId);
    expect(
      w.run({
        type: 'act',
        key: 'x1',
        taskId: originTask,
        userId: origin.userId,
        action: 'agree',
        remark: null,
      }).rejected,
    ).toBe('请修改表单后再次提交');
    expect(
      w.run({ type: 'resubmit', key: 'x2', userId: alice.userId, assignees: {}, remark: null }).rejected,
    ).toBe('只有发起人可以再次提交');
    const r = w.run(
      {
        type: 'resubmit',
        key: 'x3',
        userId: origin.userId,
        assignees: { big: [alice], small: [erin], final: [carol] },
        remark: '已补充',
      },
      { values: { amount: 200 } },
    );
    expect(r.changed).toBe(true);
    expect(w.state.tasks.find((t) => t.stepId === ORIGINATOR_STEP)).toMatchObject({ status: 'done' });
    expect(w.state.logs.at(-1)?.action).not.toBe('revert');
    expect(w.state.logs.map((l) => l.action)).toContain('resubmit');
    // The edited amount takes the other branch; its assignee was resolved again.
    expect(w.pending()).toEqual(all([erin]));
    w.agree(erin);
    w.agree(carol);
    expect(w.state.status).toBe('completed');
  });

  test('resubmit only while returned to the originator', () => {
    const w = setup(steps, people);
    expect(
      w.run({ type: 'resubmit', key: 'r', userId: origin.userId, assignees: people, remark: null }).rejected,
    ).toBe('流程未退回给发起人');
  });

  test('an automation runs again after 再次提交 (its effect key carries the round)', () => {
    const hook: WorkflowStep = {
      id: 'hook',
      name: '通知',
      kind: 'automation',
      action: { type: 'webhook', url: 'http://example.test/h' },
    };
    const w = setup([hook, approval('a', 'sequential')], { a: [alice] });
    w.run({ type: 'automationFinished', stepId: 'hook', ok: true, detail: '200' });
    w.revert(alice, ORIGINATOR_STEP);
    w.run({ type: 'resubmit', key: 'r', userId: origin.userId, assignees: { a: [alice] }, remark: null });
    expect(w.effects).toEqual(['automation:hook', 'automation:hook:r1']);
  });
});

describe('撤回', () => {
  test('before the next step acted: the agree is taken back, the next step is withdrawn', () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'all'), approval('c', 'sequential')], {
      a: [alice],
      b: [bob, carol],
      c: [dave],
    });
    w.agree(alice);
    expect(w.pending()).toEqual(all([bob, carol]));
    const r = w.withdraw(alice);
    expect(r.rejected).toBeUndefined();
    expect(w.pending()).toEqual(all([alice]));
    expect(w.state.tasks.filter((t) => t.stepId === 'b').every((t) => t.status === 'cancelled')).toBe(true);
    expect(w.state.logs.at(-1)).toMatchObject({
      action: 'withdraw',
      actorUserId: alice.userId,
      nodeName: '审批 a',
    });
    w.agree(alice);
    expect(w.pending()).toEqual(all([bob, carol]));
    w.agree(bob);
    w.agree(carol);
    expect(w.pending()).toEqual(all([dave]));
  });

  test('after the next step acted: refused, nothing changes', () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'all'), approval('c', 'sequential')], {
      a: [alice],
      b: [bob, carol],
      c: [dave],
    });
    w.agree(alice);
    w.agree(bob);
    const before = w.state;
    expect(w.withdraw(alice).rejected).toBe('下一节点已处理，无法撤回');
    expect(w.state).toBe(before);
    expect(withdrawRefusal(w.state, w.lastTask(alice.userId), alice.userId, w.ctx)).not.toBeNull();
  });

  test('two steps later, or after the flow ended, or as someone else: refused', () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'sequential'), approval('c', 'sequential')], {
      a: [alice],
      b: [bob],
      c: [carol],
    });
    w.agree(alice);
    w.agree(bob);
    expect(w.withdraw(alice).rejected).toBe('下一节点已开始处理，无法撤回');
    expect(
      w.run({
        type: 'withdraw',
        key: 'z',
        taskId: w.lastTask(bob.userId),
        userId: alice.userId,
        remark: null,
      }).rejected,
    ).toBe('只有任务处理人可以撤回');
    w.agree(carol);
    expect(w.withdraw(carol).rejected).toBe('流程已结束，无法撤回');
  });

  test('within a 依次 step: the next person had not acted and waits again', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice, bob] });
    w.agree(alice);
    w.withdraw(alice);
    expect(w.pending()).toEqual(all([alice]));
    w.agree(alice);
    expect(w.pending()).toEqual(all([bob]));
  });

  test('within a 会签 step: only the withdrawer is asked again', () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], { a: [alice, bob], b: [dave] });
    w.agree(alice);
    w.withdraw(alice);
    expect(w.pending()).toEqual(all([alice, bob]));
    w.agree(bob);
    expect(w.pending()).toEqual(all([alice]));
  });

  test('或签 decided by one agree: 撤回 asks every approver of the step again and withdraws the next step', () => {
    const w = setup([approval('a', 'any'), approval('b', 'sequential')], {
      a: [alice, bob, carol],
      b: [dave],
    });
    w.agree(bob);
    expect(w.pending()).toEqual(all([dave]));
    const r = w.withdraw(bob);
    expect(r.rejected).toBeUndefined();
    // Back to before the agree: alice, bob and carol are all asked again; dave's task is withdrawn.
    expect(w.pending()).toEqual(all([alice, bob, carol]));
    expect(w.state.tasks.filter((t) => t.stepId === 'b').map((t) => t.status)).toEqual(['cancelled']);
    expect(w.state.current).toMatchObject({ stepId: 'a', waiting: 'tasks' });
    // Still 或签: carol's agree now decides, the others' new tasks are withdrawn.
    w.agree(carol);
    expect(w.pending()).toEqual(all([dave]));
    // And carol may take hers back in turn: everyone is asked again once more.
    w.withdraw(carol);
    expect(w.pending()).toEqual(all([alice, bob, carol]));
  });

  test('或签 with a transfer and a 前加签 in progress: 撤回 restores exactly the open items before the agree', () => {
    const w = setup([approval('a', 'any'), approval('b', 'sequential')], {
      a: [alice, bob, carol],
      b: [dave],
    });
    // carol hands her item to erin; alice asks frank first (前加签).
    w.run({
      type: 'act',
      key: 'transfer',
      taskId: w.lastTask(carol.userId),
      userId: carol.userId,
      action: 'transfer',
      remark: null,
      target: erin,
    });
    w.append(alice, 'before', [frank]);
    expect(w.pending()).toEqual(all([bob, erin, frank]));
    w.agree(bob);
    expect(w.pending()).toEqual(all([dave]));
    w.withdraw(bob);
    // carol transferred and alice's item ended with her 加签: they are not asked; erin and the added person are.
    expect(w.pending()).toEqual(all([bob, erin, frank]));
    // The 前加签 is back: when the added person agrees, alice is asked again.
    w.agree(frank);
    expect(w.pending()).toEqual(all([alice, bob, erin]));
    w.agree(alice);
    expect(w.pending()).toEqual(all([dave]));
  });

  test("会签 after the step completed: 撤回 asks only the withdrawer again; the others' agrees stand", () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], {
      a: [alice, bob, carol],
      b: [dave],
    });
    w.agree(alice);
    w.agree(bob);
    w.agree(carol);
    expect(w.pending()).toEqual(all([dave]));
    // The first signer may withdraw too: the others signed side by side, not after her.
    expect(w.withdraw(alice).rejected).toBeUndefined();
    expect(w.pending()).toEqual(all([alice]));
    w.agree(alice);
    expect(w.pending()).toEqual(all([dave]));
  });

  test("会签 within the step: another signer's later agree does not block 撤回, and it stands", () => {
    const w = setup([approval('a', 'all'), approval('b', 'sequential')], {
      a: [alice, bob, carol],
      b: [dave],
    });
    w.agree(alice);
    w.agree(bob);
    expect(w.withdraw(alice).rejected).toBeUndefined();
    expect(w.pending()).toEqual(all([alice, carol]));
    w.agree(carol);
    w.agree(alice);
    expect(w.pending()).toEqual(all([dave]));
  });

  test('依次 after the step completed: only the last person may withdraw (the next one acted after the first)', () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'sequential')], {
      a: [alice, bob],
      b: [dave],
    });
    w.agree(alice);
    w.agree(bob);
    expect(w.withdraw(alice).rejected).toBe('后续审批人已处理，无法撤回');
    expect(w.withdraw(bob).rejected).toBeUndefined();
    expect(w.pending()).toEqual(all([bob]));
    w.agree(bob);
    expect(w.pending()).toEqual(all([dave]));
  });

  test("an added person's agree cannot be withdrawn, in the step or after it", () => {
    const w = setup([approval('a', 'sequential'), approval('b', 'sequential')], { a: [alice], b: [dave] });
    w.append(alice, 'before', [bob]);
    w.agree(bob);
    expect(w.withdraw(bob).rejected).toBe('加签任务不能撤回');
    w.agree(alice);
    expect(w.pending()).toEqual(all([dave]));
    expect(w.withdraw(bob).rejected).toBe('加签任务不能撤回');
  });

  test('a refused or pending task cannot be withdrawn', () => {
    const w = setup([approval('a', 'sequential')], { a: [alice] });
    expect(w.withdraw(alice).rejected).toBe('只能撤回已同意的任务');
  });
});

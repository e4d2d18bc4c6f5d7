import { describe, expect, test } from 'vitest';
import { pendingStepOf, type StepTask } from './pending-step';

const T0 = new Date('2026-12-01T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

function item(id: string, patch: Partial<StepTask> = {}): StepTask {
  return {
    id,
    nodeName: '部门审批',
    nodeMode: null,
    status: 'pending',
    result: null,
    isActed: false,
    receivedAt: at(0),
    finishedAt: null,
    userId: `user-${id}`,
    name: id,
    ...patch,
  };
}
const agreed = (id: string, patch: Partial<StepTask> = {}) =>
  item(id, { status: 'done', result: 'agree', finishedAt: at(5), ...patch });

describe('pendingStepOf', () => {
  test('会签 with one answer: the others are waited for, 1 of 2 done', () => {
    expect(pendingStepOf([agreed('王敏'), item('李四')])).toEqual({
      nodeName: '部门审批',
      approvers: [{ userId: 'user-李四', name: '李四' }],
      mode: 'and',
      done: 1,
      total: 2,
    });
  });

  test('several open approvers: the mode the source states, else unknown', () => {
    expect(pendingStepOf([item('a'), item('b')])).toMatchObject({ mode: null, done: 0, total: 2 });
    expect(pendingStepOf([item('a', { nodeMode: 'or' }), item('b', { nodeMode: 'or' })])).toMatchObject({
      mode: 'or',
      approvers: [{ name: 'a' }, { name: 'b' }],
    });
  });

  test('an earlier node of the same name is not counted; one approver is single', () => {
    const step = pendingStepOf([
      agreed('a', { nodeName: '审批人', finishedAt: at(5) }),
      item('b', { nodeName: '审批人', receivedAt: at(5) }),
    ]);
    expect(step).toMatchObject({ nodeName: '审批人', mode: 'single', done: 0, total: 1 });
  });

  test('a transfer inside a 会签 node keeps the node: the new approver replaces the old one', () => {
    const step = pendingStepOf([
      agreed('a', { finishedAt: at(7) }),
      item('b', { status: 'done', result: 'redirect', finishedAt: at(3) }),
      item('c', { receivedAt: at(3) }),
    ]);
    expect(step).toMatchObject({ approvers: [{ name: 'c' }], mode: 'and', done: 1, total: 2 });
  });

  test('an item acted from Huiban counts as answered; withdrawn siblings mean 或签', () => {
    expect(pendingStepOf([item('a', { isActed: true }), item('b')])).toMatchObject({
      approvers: [{ name: 'b' }],
      done: 1,
      total: 2,
    });
    expect(pendingStepOf([item('a'), item('b', { status: 'cancelled' }), item('c')])).toMatchObject({
      mode: 'or',
      total: 2,
    });
  });

  test('nothing open: no node, nobody', () => {
    expect(pendingStepOf([agreed('a')])).toEqual({
      nodeName: null,
      approvers: [],
      mode: null,
      done: 0,
      total: 0,
    });
  });
});

import { expect, test } from 'vitest';
import { matchesSubscription } from '@/lib/distribution/outbox/enqueue-deliveries';
import {
  diffDomainEvents,
  type InstanceState,
  type InstanceWithTasks,
  type TaskState,
} from './diff-domain-events';

const t0 = new Date('2026-11-23T08:00:00Z');
const t1 = new Date('2026-11-23T09:00:00Z');

const instance = (patch: Partial<InstanceState> = {}): InstanceState => ({
  id: 'i1',
  connectorId: 'c1',
  source: 'dingtalk',
  externalId: 'PI-1',
  processCode: 'PROC-A',
  processName: '请假',
  title: '张三的请假',
  status: 'running',
  result: null,
  originatorUserId: 'u-zhang',
  originatorExternalId: 'zhangsan',
  originatorName: '张三',
  summary: null,
  pcUrl: null,
  mobileUrl: null,
  sourceCreatedAt: t0,
  sourceFinishedAt: null,
  sourceUpdatedAt: t0,
  ...patch,
});

const task = (id: string, patch: Partial<TaskState> = {}): TaskState => ({
  id,
  externalTaskId: `ext-${id}`,
  kind: 'approval',
  assigneeUserId: null,
  assigneeExternalId: `user-${id}`,
  status: 'pending',
  result: null,
  nodeName: '主管审批',
  receivedAt: t0,
  finishedAt: null,
  dueAt: null,
  pcUrl: null,
  mobileUrl: null,
  ...patch,
});

const state = (i: InstanceState, tasks: TaskState[]): InstanceWithTasks => ({ instance: i, tasks });
const keys = (before: InstanceWithTasks | null, after: InstanceWithTasks) =>
  diffDomainEvents(before, after).map((e) => e.key);

test('a new instance with a pending task: instance.created and task.created', () => {
  const events = diffDomainEvents(null, state(instance(), [task('t1')]));
  expect(events.map((e) => e.key)).toEqual(['instance.created:i1', 'task.created:t1']);
  expect(events[1]).toMatchObject({
    type: 'task.created',
    connectorId: 'c1',
    processCode: 'PROC-A',
    occurredAt: t0,
    data: { taskId: 't1', externalTaskId: 'ext-t1', status: 'pending', instance: { externalId: 'PI-1' } },
  });
});

test('the same state again (a replay) produces nothing', () => {
  const s = state(instance(), [task('t1')]);
  expect(keys(s, s)).toEqual([]);
});

test('agree on the last task finishes the instance; a new node task is created', () => {
  const before = state(instance(), [task('t1')]);
  const mid = state(instance({ sourceUpdatedAt: t1 }), [
    task('t1', { status: 'done', result: 'agree', finishedAt: t1 }),
    task('t2', { receivedAt: t1 }),
  ]);
  expect(keys(before, mid)).toEqual(['task.completed:t1', 'task.created:t2']);
  const done = state(instance({ status: 'completed', result: 'agree', sourceFinishedAt: t1 }), [
    mid.tasks[0] as TaskState,
    task('t2', { status: 'done', result: 'agree', finishedAt: t1 }),
  ]);
  const events = diffDomainEvents(mid, done);
  expect(events.map((e) => e.key)).toEqual(['task.completed:t2', 'instance.finished:i1']);
  expect(events[1]?.data).toMatchObject({
    status: 'completed',
    result: 'agree',
    finishedAt: t1.toISOString(),
  });
});

test('a transfer is task.transferred; withdrawn 或签 peers are task.cancelled', () => {
  const before = state(instance(), [task('t1'), task('t2'), task('t3')]);
  const after = state(instance(), [
    task('t1', { status: 'done', result: 'redirect', finishedAt: t1 }),
    task('t2', { status: 'cancelled', finishedAt: t1 }),
    task('t3', { status: 'deleted' }),
  ]);
  expect(keys(before, after)).toEqual(['task.transferred:t1', 'task.cancelled:t2', 'task.cancelled:t3']);
});

test('revoked / terminated → instance.cancelled; deleted → instance.deleted; no event for done → deleted tasks', () => {
  const before = state(instance(), [task('t1', { status: 'done', result: 'agree' })]);
  expect(keys(before, state(instance({ status: 'terminated' }), before.tasks))).toEqual([
    'instance.cancelled:i1',
  ]);
  expect(keys(before, state(instance({ status: 'cancelled' }), before.tasks))).toEqual([
    'instance.cancelled:i1',
  ]);
  expect(
    keys(
      before,
      state(instance({ status: 'deleted' }), [task('t1', { status: 'deleted', result: 'agree' })]),
    ),
  ).toEqual(['instance.deleted:i1']);
});

test('an instance first seen finished: created, its tasks created and ended (a cc item only created), then finished', () => {
  const after = state(instance({ status: 'completed', result: 'refuse', sourceFinishedAt: t1 }), [
    task('t1', { status: 'done', result: 'refuse', finishedAt: t1 }),
    task('cc1', { kind: 'cc', status: 'done', result: 'none' }),
  ]);
  expect(keys(null, after)).toEqual([
    'instance.created:i1',
    'task.created:t1',
    'task.completed:t1',
    'task.created:cc1',
    'instance.finished:i1',
  ]);
});

test('subscription filters: type, connector and process code (empty = all)', () => {
  const [event] = diffDomainEvents(null, state(instance(), []));
  if (!event) throw new Error('no event');
  const sub = { id: 's', eventTypes: ['instance.created'], connectorIds: [], processCodes: [] };
  expect(matchesSubscription(sub, event)).toBe(true);
  expect(matchesSubscription({ ...sub, eventTypes: ['task.created'] }, event)).toBe(false);
  expect(matchesSubscription({ ...sub, connectorIds: ['c1'] }, event)).toBe(true);
  expect(matchesSubscription({ ...sub, connectorIds: ['c2'] }, event)).toBe(false);
  expect(matchesSubscription({ ...sub, processCodes: ['PROC-A', 'PROC-B'] }, event)).toBe(true);
  expect(matchesSubscription({ ...sub, processCodes: ['PROC-B'] }, event)).toBe(false);
  expect(matchesSubscription({ ...sub, processCodes: ['PROC-A'] }, { ...event, processCode: null })).toBe(
    false,
  );
});

import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { Org } from '../model/types';
import { str } from './workflow';

/**
 * DingTalk's process centre (三方流程对接, dingtalk-api.md §5.10): templates, instances and tasks of approvals
 * that live in another system (Huiban) and show in DingTalk's 审批 and 待办 › OA审批, opening that system's URL.
 * A store of its own: these instances never appear in §5.1 and emit no bpms events (§5.11).
 *
 * Limits as documented: ≤200 templates per org (`processes.error`), ≤20 tasks per create/update call, ≤100
 * tasks per instance (`integrated.number.exceed`), title ≤64, url ≤1024, ≤100 form values, ≤40 per query page.
 * Where the reference is silent the behaviour is a choice, marked UNCONFIRMED: updating a task to the state it
 * already has succeeds without change; changing a finished task, or touching a finished instance, is
 * `integrated.state.invalid`; finishing an instance leaves its tasks as they are.
 */

export type PcTemplate = {
  processCode: string;
  corpId: string;
  name: string;
  description: string;
  formComponents: unknown[];
  createdAt: number;
  updatedAt: number;
};

export type PcInstance = {
  processInstanceId: string;
  corpId: string;
  processCode: string;
  originatorUserId: string;
  url: string;
  title: string;
  formComponentValueList: { name: string; value: string }[];
  status: 'RUNNING' | 'COMPLETED' | 'TERMINATED';
  result: 'agree' | 'refuse' | '';
  createTime: number;
  finishTime: number | null;
};

export type PcTask = {
  taskId: number;
  processInstanceId: string;
  activityId: string;
  userId: string;
  url: string;
  status: 'RUNNING' | 'COMPLETED' | 'CANCELED';
  result: 'AGREE' | 'REFUSE' | '';
  createTime: number;
  finishTime: number | null;
};

export type PcLimits = { templates: number; tasksPerCall: number; tasksPerInstance: number };

const DEFAULT_LIMITS: PcLimits = { templates: 200, tasksPerCall: 20, tasksPerInstance: 100 };
const YEAR_MS = 365 * 24 * 3_600_000;

export class ProcessCentreStore {
  templates = new Map<string, PcTemplate>();
  instances = new Map<string, PcInstance>();
  tasks = new Map<number, PcTask>();
  limits: PcLimits = { ...DEFAULT_LIMITS };
  private seq = 0;
  private taskSeq = 88_400_000_000;

  nextCode(): string {
    this.seq += 1;
    return `PROC-PC-${String(this.seq).padStart(8, '0')}`;
  }

  nextInstanceId(now: number): string {
    this.seq += 1;
    return `PcInst${String(this.seq).padStart(6, '0')}${now}`;
  }

  nextTaskId(): number {
    this.taskSeq += 1;
    return this.taskSeq;
  }

  tasksOf(processInstanceId: string): PcTask[] {
    return [...this.tasks.values()].filter((t) => t.processInstanceId === processInstanceId);
  }

  /** What the control API shows: templates, and instances with their tasks. */
  snapshot(filter: { processCode?: string } = {}) {
    return {
      limits: this.limits,
      templates: [...this.templates.values()],
      instances: [...this.instances.values()]
        .filter((i) => !filter.processCode || i.processCode === filter.processCode)
        .map((i) => ({ ...i, tasks: this.tasksOf(i.processInstanceId) })),
    };
  }
}

const stores = new WeakMap<SandboxState, ProcessCentreStore>();

/** The process centre of one sandbox state (a reset makes a new state, hence a new, empty store). */
export function processCentreOf(state: SandboxState): ProcessCentreStore {
  let store = stores.get(state);
  if (!store) {
    store = new ProcessCentreStore();
    stores.set(state, store);
  }
  return store;
}

function bad(code: string, message: string): NewApiError {
  return new NewApiError(400, code, message);
}

function list(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? v.map((x) => (x ?? {}) as Record<string, unknown>) : [];
}

export function processCentreRoutes(state: SandboxState): RouteDef[] {
  const store = () => processCentreOf(state);
  const orgOf = (ctx: RequestContext) => ctx.org as Org;
  const instanceOf = (ctx: RequestContext, id: string): PcInstance => {
    const inst = store().instances.get(id);
    if (!inst || inst.corpId !== orgOf(ctx).corpId)
      throw bad('process.inst.notExist', `processInstanceId not exist: ${id}`);
    return inst;
  };
  const running = (inst: PcInstance) => {
    if (inst.status !== 'RUNNING')
      throw bad('integrated.state.invalid', `instance ${inst.processInstanceId} is ${inst.status}`);
  };
  const knownUser = (org: Org, userId: string, field: string) => {
    if (!org.users.has(userId)) throw bad('invalidParameter', `${field} not exist: ${userId}`);
  };
  const checkUrl = (url: string, code: string) => {
    if (!url || url.length > 1024) throw bad(code, 'url is empty or longer than 1024');
  };

  return [
    {
      method: 'POST',
      path: '/v1.0/workflow/processCentres/schemas',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const name = str(b.name);
        if (!name || name.length > 200) throw bad('invalidParameter', 'name is empty or longer than 200');
        const s = store();
        const now = state.now();
        const processCode = str(b.processCode);
        const sameName = [...s.templates.values()].find(
          (t) => t.corpId === org.corpId && t.name === name && t.processCode !== processCode,
        );
        if (sameName) throw bad('formName.error', `form name exists: ${name}`);
        if (processCode) {
          const t = s.templates.get(processCode);
          if (!t || t.corpId !== org.corpId)
            throw bad('process.error', `processCode not exist: ${processCode}`);
          t.name = name;
          t.description = str(b.description);
          t.formComponents = list(b.formComponents);
          t.updatedAt = now;
          return { json: { result: { processCode } } };
        }
        const count = [...s.templates.values()].filter((t) => t.corpId === org.corpId).length;
        if (count >= s.limits.templates) throw bad('processes.error', 'too many templates');
        const t: PcTemplate = {
          processCode: s.nextCode(),
          corpId: org.corpId,
          name,
          description: str(b.description),
          formComponents: list(b.formComponents),
          createdAt: now,
          updatedAt: now,
        };
        s.templates.set(t.processCode, t);
        return { json: { result: { processCode: t.processCode } } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/processCentres/schemaNames/processCodes',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const name = ctx.query.get('name') ?? '';
        const t = [...store().templates.values()].find(
          (x) => x.corpId === orgOf(ctx).corpId && x.name === name,
        );
        if (!t) throw bad('process.error', `no template named ${name}`);
        return {
          json: { result: { processCode: t.processCode, gmtModified: new Date(t.updatedAt).toISOString() } },
        };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processCentres/instances',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const s = store();
        const processCode = str(b.processCode);
        const template = s.templates.get(processCode);
        if (!template || template.corpId !== org.corpId)
          throw bad('process.error', `processCode not exist: ${processCode}`);
        const originatorUserId = str(b.originatorUserId);
        knownUser(org, originatorUserId, 'originatorUserId');
        const url = str(b.url);
        checkUrl(url, 'invalidParameter');
        const title = str(b.title);
        if (title.length > 64) throw bad('invalidParameter', 'title longer than 64');
        const values = list(b.formComponentValueList);
        if (values.length > 100) throw bad('invalidParameter', 'formComponentValueList more than 100');
        const now = state.now();
        const inst: PcInstance = {
          processInstanceId: s.nextInstanceId(now),
          corpId: org.corpId,
          processCode,
          originatorUserId,
          url,
          title,
          formComponentValueList: values.map((v) => ({ name: str(v.name), value: str(v.value) })),
          status: 'RUNNING',
          result: '',
          createTime: now,
          finishTime: null,
        };
        s.instances.set(inst.processInstanceId, inst);
        return { json: { result: { processInstanceId: inst.processInstanceId } } };
      },
    },
    {
      method: 'PUT',
      path: '/v1.0/workflow/processCentres/instances',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const b = ctx.body;
        const inst = instanceOf(ctx, str(b.processInstanceId));
        running(inst);
        const status = str(b.status);
        if (status !== 'COMPLETED' && status !== 'TERMINATED')
          throw bad('invalidParameter', 'status must be COMPLETED or TERMINATED');
        const result = str(b.result);
        if (result !== 'agree' && result !== 'refuse')
          throw bad('invalidParameter', 'result must be agree or refuse');
        if (list(b.notifiers).length > 30) throw bad('invalidParameter', 'notifiers more than 30');
        inst.status = status;
        inst.result = result;
        inst.finishTime = state.now();
        return { json: { success: true } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processCentres/tasks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const b = ctx.body;
        const s = store();
        const inst = instanceOf(ctx, str(b.processInstanceId));
        running(inst);
        const activityId = str(b.activityId);
        if (activityId.length > 256) throw bad('invalidParameter', 'activityId longer than 256');
        const items = list(b.tasks);
        if (items.length === 0 || items.length > s.limits.tasksPerCall)
          throw bad('invalidParameter', `tasks must hold 1 to ${s.limits.tasksPerCall} items`);
        if (s.tasksOf(inst.processInstanceId).length + items.length > s.limits.tasksPerInstance)
          throw bad('integrated.number.exceed', `at most ${s.limits.tasksPerInstance} tasks per instance`);
        const now = state.now();
        for (const item of items) {
          knownUser(org, str(item.userId), 'userId');
          checkUrl(str(item.url), 'task.url.error');
          if (typeof item.dueTimestamp === 'number' && item.dueTimestamp < now)
            throw bad('task.dueTime.error', 'dueTimestamp is in the past');
        }
        const created = items.map((item) => {
          const task: PcTask = {
            taskId: s.nextTaskId(),
            processInstanceId: inst.processInstanceId,
            activityId,
            userId: str(item.userId),
            url: str(item.url),
            status: 'RUNNING',
            result: '',
            createTime: now,
            finishTime: null,
          };
          s.tasks.set(task.taskId, task);
          return { taskId: task.taskId, userId: task.userId };
        });
        return { json: { result: created, success: true } };
      },
    },
    {
      method: 'PUT',
      path: '/v1.0/workflow/processCentres/tasks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const b = ctx.body;
        const s = store();
        const inst = instanceOf(ctx, str(b.processInstanceId));
        running(inst);
        const items = list(b.tasks);
        if (items.length === 0 || items.length > s.limits.tasksPerCall)
          throw bad('invalidParameter', `tasks must hold 1 to ${s.limits.tasksPerCall} items`);
        const changes = items.map((item) => {
          const task = s.tasks.get(Number(item.taskId));
          if (!task || task.processInstanceId !== inst.processInstanceId)
            throw bad('invalidParameter', `task not exist: ${String(item.taskId)}`);
          const status = str(item.status);
          if (status !== 'COMPLETED' && status !== 'CANCELED')
            throw bad('invalidParameter', 'status must be COMPLETED or CANCELED');
          const result = status === 'COMPLETED' ? str(item.result) : '';
          if (status === 'COMPLETED' && result !== 'AGREE' && result !== 'REFUSE')
            throw bad('invalidParameter', 'result must be AGREE or REFUSE');
          if (task.status !== 'RUNNING' && (task.status !== status || task.result !== result))
            throw bad('integrated.state.invalid', `task ${task.taskId} is ${task.status}`);
          return { task, status, result } as const;
        });
        const now = state.now();
        for (const { task, status, result } of changes) {
          if (task.status !== 'RUNNING') continue;
          task.status = status;
          task.result = result as PcTask['result'];
          task.finishTime = now;
        }
        return { json: { success: true } };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/workflow/processCentres/tasks/cancel',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const b = ctx.body;
        const inst = instanceOf(ctx, str(b.processInstanceId));
        running(inst);
        const ids = new Set([
          str(b.activityId),
          ...(Array.isArray(b.activityIds) ? b.activityIds.map(String) : []),
        ]);
        ids.delete('');
        if (ids.size === 0) throw bad('invalidParameter', 'activityId is required');
        const now = state.now();
        for (const task of store().tasksOf(inst.processInstanceId)) {
          if (task.status !== 'RUNNING' || !ids.has(task.activityId)) continue;
          task.status = 'CANCELED';
          task.finishTime = now;
        }
        return { json: { success: true } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/workflow/processCentres/todoTasks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const org = orgOf(ctx);
        const userId = ctx.query.get('userId') ?? '';
        knownUser(org, userId, 'userId');
        const pageSize = Number(ctx.query.get('pageSize') ?? 20);
        const pageNumber = Number(ctx.query.get('pageNumber') ?? 1);
        if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 40)
          throw bad('invalidParameter', 'pageSize must be 1 to 40');
        if (!Number.isInteger(pageNumber) || pageNumber < 1)
          throw bad('invalidParameter', 'pageNumber from 1');
        const now = state.now();
        const createBefore = Number(ctx.query.get('createBefore') ?? now + 1);
        const s = store();
        const all = [...s.tasks.values()]
          .filter((t) => {
            const inst = s.instances.get(t.processInstanceId);
            return (
              inst?.corpId === org.corpId &&
              t.userId === userId &&
              t.createTime < createBefore &&
              t.createTime > now - YEAR_MS
            );
          })
          .sort((a, b2) => b2.createTime - a.createTime || b2.taskId - a.taskId);
        const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
        return {
          json: {
            requestId: ctx.requestId,
            taskPage: {
              hasMore: pageNumber * pageSize < all.length,
              list: page.map((t) => ({
                taskId: t.taskId,
                activityId: t.activityId,
                userId: t.userId,
                status: t.status,
                result: t.result,
                createTime: t.createTime,
                finishTime: t.finishTime ? new Date(t.finishTime).toISOString() : '',
                processInstanceId: t.processInstanceId,
              })),
            },
          },
        };
      },
    },
  ];
}

/**
 * Control API: `GET /__control/process-centre[?processCode=]` lists templates and instances with their tasks;
 * `PATCH /__control/process-centre/limits` lowers the limits (tests); `POST
 * /__control/process-centre/instances/{id}/finish` finishes an instance as if another system had (to provoke
 * `integrated.state.invalid`).
 */
export function processCentreControlRoutes(state: SandboxState): RouteDef[] {
  return [
    {
      method: 'GET',
      path: '/__control/process-centre',
      family: 'raw',
      handler: (ctx) => ({
        json: processCentreOf(state).snapshot({ processCode: ctx.query.get('processCode') ?? undefined }),
      }),
    },
    {
      method: 'PATCH',
      path: '/__control/process-centre/limits',
      family: 'raw',
      handler: (ctx) => {
        const store = processCentreOf(state);
        for (const key of ['templates', 'tasksPerCall', 'tasksPerInstance'] as const) {
          const v = ctx.body[key];
          if (typeof v === 'number' && Number.isInteger(v) && v > 0) store.limits[key] = v;
        }
        return { json: store.limits };
      },
    },
    {
      method: 'POST',
      path: '/__control/process-centre/instances/{id}/finish',
      family: 'raw',
      handler: (ctx) => {
        const inst = processCentreOf(state).instances.get(ctx.params.id ?? '');
        if (!inst) return { status: 404, json: { error: 'instance_not_found' } };
        inst.status = 'TERMINATED';
        inst.result = 'refuse';
        inst.finishTime = state.now();
        return { json: inst };
      },
    },
  ];
}

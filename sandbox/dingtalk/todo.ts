import { NewApiError } from '../http/errors';
import type { RequestContext, RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { Org, Todo } from '../model/types';
import type { EventHub } from './events';
import { str } from './workflow';

/** The todo object returned by create/get (§9.1). */
export function serializeTodo(t: Todo, requestId?: string): Record<string, unknown> {
  return {
    id: t.id,
    subject: t.subject,
    description: t.description,
    startTime: t.startTime,
    dueTime: t.dueTime,
    finishTime: t.finishTime,
    done: t.done,
    executorIds: t.executorIds,
    participantIds: t.participantIds,
    detailUrl: t.detailUrl,
    source: t.source,
    sourceId: t.sourceId,
    createdTime: t.createdTime,
    modifiedTime: t.modifiedTime,
    creatorId: t.creatorId,
    modifierId: t.modifierId,
    bizTag: t.bizTag,
    requestId,
    contentFieldList: t.contentFieldList,
    isOnlyShowExecutor: t.isOnlyShowExecutor,
    priority: t.priority,
    notifyConfigs: t.notifyConfigs,
  };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/**
 * DingTalk 待办 (§9). Every user id here is a unionId: a userId in the path or in executorIds is
 * refused, which is the most likely integration mistake (§16.9).
 */
export function todoRoutes(state: SandboxState, hub: EventHub): RouteDef[] {
  const owner = (ctx: RequestContext, code: string): { org: Org; unionId: string } => {
    const org = ctx.org as Org;
    const unionId = ctx.params.unionId ?? '';
    if (!state.userByUnionId(org, unionId)) throw new NewApiError(400, code, `unionId不存在: ${unionId}`);
    return { org, unionId };
  };
  const find = (ctx: RequestContext, code: string): Todo => {
    const { org, unionId } = owner(ctx, code);
    const todo = state.todos.get(ctx.params.taskId ?? '');
    const visible =
      todo &&
      !todo.deleted &&
      todo.corpId === org.corpId &&
      (todo.ownerUnionId === unionId ||
        todo.executorIds.includes(unionId) ||
        todo.participantIds.includes(unionId));
    if (!visible) throw new NewApiError(400, code, 'task not exist');
    return todo;
  };
  const checkUnionIds = (org: Org, ids: string[], code: string, field: string) => {
    for (const id of ids)
      if (!state.userByUnionId(org, id)) throw new NewApiError(400, code, `${field} invalid: ${id}`);
  };
  const emit = (todo: Todo, type: 'todo_task_create' | 'todo_task_update' | 'todo_task_delete') => {
    if (!state.options.emitTodoEvents) return;
    const unionIdList = [...new Set([todo.ownerUnionId, ...todo.executorIds, ...todo.participantIds])];
    // Event taskId ↔ API id mapping is UNCONFIRMED (§9.3): we use the API id.
    const data: Record<string, unknown> = { unionIdList, taskId: todo.id };
    if (type !== 'todo_task_delete') data.bizTag = todo.bizTag;
    hub.emit(todo.corpId, type, data);
  };

  return [
    {
      method: 'POST',
      path: '/v1.0/todo/users/{unionId}/tasks',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const code = 'todo.taskCreate.paramError';
        const { org, unionId } = owner(ctx, code);
        const b = ctx.body;
        const subject = str(b.subject);
        if (!subject || subject.length > 1024)
          throw new NewApiError(400, code, 'subject is empty or oversize');
        const description = str(b.description);
        if (description.length > 4096) throw new NewApiError(400, code, 'description oversize');
        const detail = (b.detailUrl ?? {}) as { appUrl?: unknown; pcUrl?: unknown };
        // Required since 2024-02-01 (§9.1).
        if (!detail.appUrl && !detail.pcUrl) throw new NewApiError(400, code, 'detailUrl is required');
        const executorIds = strings(b.executorIds);
        const participantIds = strings(b.participantIds);
        checkUnionIds(org, executorIds, code, 'executorIds');
        checkUnionIds(org, participantIds, code, 'participantIds');
        if (b.isOnlyShowExecutor === true && executorIds.length === 0)
          throw new NewApiError(400, code, 'executorIds is empty');
        const app = ctx.app;
        if (!app) throw new NewApiError(400, 'InvalidAuthentication', '不合法的access_token');
        const sourceId = str(b.sourceId);
        if (sourceId) {
          for (const t of state.todos.values()) {
            if (!t.deleted && t.bizTag === app.todoBizTag && t.sourceId === sourceId)
              throw new NewApiError(400, code, 'task exist');
          }
        }
        const now = state.now();
        const todo: Todo = {
          id: state.ids.todoId(),
          corpId: org.corpId,
          ownerUnionId: unionId,
          subject,
          description,
          startTime: now,
          dueTime: typeof b.dueTime === 'number' ? b.dueTime : undefined,
          done: false,
          executorIds,
          participantIds,
          executorStatus: Object.fromEntries(executorIds.map((e) => [e, false])),
          detailUrl: { appUrl: str(detail.appUrl), pcUrl: str(detail.pcUrl) },
          source: app.name,
          sourceId,
          createdTime: now,
          modifiedTime: now,
          creatorId: str(b.creatorId) || unionId,
          modifierId: str(ctx.query.get('operatorId')) || unionId,
          bizTag: app.todoBizTag,
          contentFieldList: Array.isArray(b.contentFieldList)
            ? (b.contentFieldList as Todo['contentFieldList'])
            : [],
          isOnlyShowExecutor: b.isOnlyShowExecutor === true,
          priority: typeof b.priority === 'number' ? b.priority : 20,
          notifyConfigs: (b.notifyConfigs ?? {}) as Record<string, string>,
          todoType: str(b.todoType) || 'TODO',
          deleted: false,
          clientId: app.clientId,
        };
        state.todos.set(todo.id, todo);
        emit(todo, 'todo_task_create');
        return { json: serializeTodo(todo, ctx.requestId) };
      },
    },
    {
      method: 'PUT',
      path: '/v1.0/todo/users/{unionId}/tasks/{taskId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const code = 'todo.taskUpdate.paramError';
        const todo = find(ctx, code);
        if (todo.bizTag !== ctx.app?.todoBizTag)
          throw new NewApiError(400, code, 'task not belong to bizTag');
        const b = ctx.body;
        const org = ctx.org as Org;
        if (b.subject !== undefined) todo.subject = str(b.subject);
        if (b.description !== undefined) todo.description = str(b.description);
        if (typeof b.dueTime === 'number') todo.dueTime = b.dueTime;
        if (b.executorIds !== undefined) {
          const ids = strings(b.executorIds);
          checkUnionIds(org, ids, code, 'executorIds');
          todo.executorIds = ids;
        }
        if (b.participantIds !== undefined) {
          const ids = strings(b.participantIds);
          checkUnionIds(org, ids, code, 'participantIds');
          todo.participantIds = ids;
        }
        if (Array.isArray(b.contentFieldList))
          todo.contentFieldList = b.contentFieldList as Todo['contentFieldList'];
        if (typeof b.done === 'boolean') {
          todo.done = b.done;
          todo.finishTime = b.done ? state.now() : undefined;
          // The creator completing a todo completes it for every executor (§9.2).
          if (b.done) for (const e of todo.executorIds) todo.executorStatus[e] = true;
        }
        todo.modifiedTime = state.now();
        todo.modifierId = ctx.query.get('operatorId') ?? todo.modifierId;
        emit(todo, 'todo_task_update');
        return { json: { result: true } };
      },
    },
    {
      method: 'PUT',
      path: '/v1.0/todo/users/{unionId}/tasks/{taskId}/executorStatus',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const code = 'todo.taskUpdate.paramError';
        const todo = find(ctx, code);
        const list = Array.isArray(ctx.body.executorStatusList) ? ctx.body.executorStatusList : [];
        for (const raw of list) {
          const item = (raw ?? {}) as { id?: unknown; isDone?: unknown };
          const id = str(item.id);
          if (!todo.executorIds.includes(id)) throw new NewApiError(400, code, `executor not exist: ${id}`);
          todo.executorStatus[id] = item.isDone === true;
        }
        todo.modifiedTime = state.now();
        emit(todo, 'todo_task_update');
        return { json: { result: true } };
      },
    },
    {
      method: 'DELETE',
      path: '/v1.0/todo/users/{unionId}/tasks/{taskId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const todo = find(ctx, 'todo.taskDelete.paramError');
        if (todo.bizTag !== ctx.app?.todoBizTag)
          throw new NewApiError(400, 'todo.taskDelete.paramError', 'task not belong to bizTag');
        todo.deleted = true;
        emit(todo, 'todo_task_delete');
        return { json: { result: true, requestId: ctx.requestId } };
      },
    },
    {
      method: 'GET',
      path: '/v1.0/todo/users/{unionId}/tasks/{taskId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => ({ json: serializeTodo(find(ctx, 'todo.taskGet.paramError'), ctx.requestId) }),
    },
    {
      method: 'GET',
      path: '/v1.0/todo/users/{unionId}/tasks/sources/{sourceId}',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        owner(ctx, 'todo.taskGet.paramError');
        const todo = [...state.todos.values()].find(
          (t) => !t.deleted && t.bizTag === ctx.app?.todoBizTag && t.sourceId === ctx.params.sourceId,
        );
        if (!todo) throw new NewApiError(400, 'todo.taskGet.paramError', 'task not exist');
        return { json: serializeTodo(todo, ctx.requestId) };
      },
    },
    {
      method: 'POST',
      path: '/v1.0/todo/users/{unionId}/org/tasks/query',
      family: 'new',
      auth: 'app',
      handler: (ctx) => {
        const { org, unionId } = owner(ctx, 'todo.taskQuery.paramError');
        const b = ctx.body;
        const roles = Array.isArray(b.roleTypes)
          ? (b.roleTypes as unknown[]).flat().map(String)
          : ['executor', 'creator', 'participant'];
        const all = [...state.todos.values()].filter((t) => {
          if (t.deleted || t.corpId !== org.corpId || !t.detailUrl) return false;
          if (typeof b.isDone === 'boolean' && t.done !== b.isDone) return false;
          if (b.todoType && t.todoType !== b.todoType) return false;
          return (
            (roles.includes('executor') && t.executorIds.includes(unionId)) ||
            (roles.includes('creator') && (t.creatorId === unionId || t.ownerUnionId === unionId)) ||
            (roles.includes('participant') && t.participantIds.includes(unionId))
          );
        });
        const start = Number(b.nextToken ?? 0) || 0;
        const page = all.slice(start, start + 50);
        return {
          json: {
            nextToken: start + 50 < all.length ? String(start + 50) : undefined,
            todoCards: page.map((t) => ({
              taskId: t.id,
              subject: t.subject,
              dueTime: t.dueTime,
              detailUrl: t.detailUrl,
              priority: t.priority,
              createdTime: t.createdTime,
              modifiedTime: t.modifiedTime,
              creatorId: t.creatorId,
              sourceId: t.sourceId,
              bizTag: t.bizTag,
              isDone: t.done,
              todoType: t.todoType,
            })),
          },
        };
      },
    },
  ];
}

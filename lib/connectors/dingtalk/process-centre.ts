import { AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { callApi } from './open-api';

/**
 * DingTalk's process centre (三方流程对接, dingtalk-api.md §5.10): Huiban's own approvals shown in DingTalk's
 * 审批 and 待办 › OA审批, opening Huiban's page. Every call goes through callApi (token cache, the shared
 * per-API QPS limit, AdapterError: retryable for throttling and 5xx, final for `integrated.state.invalid`,
 * `integrated.number.exceed`, `process.error` and the other 4xx codes).
 */

const BASE = '/v1.0/workflow/processCentres';

/** The documented per-call and per-instance limits (§5.10). */
export const PROCESS_CENTRE_LIMITS = {
  tasksPerCall: 20,
  tasksPerInstance: 100,
  titleLength: 64,
  urlLength: 1024,
  formValues: 100,
} as const;

export type ProcessCentreComponent = {
  componentType: string;
  props: { componentId: string; label: string; required?: boolean };
};

/** Creates (no processCode) or updates (processCode) a process-centre template; returns its processCode. */
export async function saveProcessCentreTemplate(
  s: DingTalkSettings,
  input: {
    name: string;
    description: string;
    processCode?: string;
    formComponents: ProcessCentreComponent[];
  },
): Promise<string> {
  const body = await callApi<{ result?: { processCode?: string } }>(s, `${BASE}/schemas`, {
    body: {
      name: input.name.slice(0, 200),
      description: input.description,
      ...(input.processCode ? { processCode: input.processCode } : {}),
      formComponents: input.formComponents,
    },
  });
  const code = body.result?.processCode;
  if (!code)
    throw new AdapterError('DingTalk template save answered without processCode', { retryable: true });
  return code;
}

/** The processCode of the template with this name, or null (`process.error` = none). */
export async function findProcessCentreTemplate(s: DingTalkSettings, name: string): Promise<string | null> {
  try {
    const body = await callApi<{ result?: { processCode?: string } }>(s, `${BASE}/schemaNames/processCodes`, {
      query: { name },
    });
    return body.result?.processCode ?? null;
  } catch (error) {
    if (error instanceof AdapterError && error.sourceCode === 'process.error') return null;
    throw error;
  }
}

export type ProcessCentreInstanceInput = {
  processCode: string;
  originatorUserId: string;
  url: string;
  title: string;
  formComponentValueList: { name: string; value: string }[];
};

/** Creates a process-centre instance (its detail page is `url`); returns processInstanceId. */
export async function createProcessCentreInstance(
  s: DingTalkSettings,
  input: ProcessCentreInstanceInput,
): Promise<string> {
  const body = await callApi<{ result?: { processInstanceId?: string } }>(s, `${BASE}/instances`, {
    body: {
      ...input,
      title: input.title.slice(0, PROCESS_CENTRE_LIMITS.titleLength),
      formComponentValueList: input.formComponentValueList.slice(0, PROCESS_CENTRE_LIMITS.formValues),
    },
  });
  const id = body.result?.processInstanceId;
  if (!id)
    throw new AdapterError('DingTalk instance create answered without processInstanceId', {
      retryable: true,
    });
  return id;
}

/** Finishes an instance: COMPLETED agree/refuse, or TERMINATED (revoked; `result` is then either value). */
export async function finishProcessCentreInstance(
  s: DingTalkSettings,
  input: { processInstanceId: string; status: 'COMPLETED' | 'TERMINATED'; result: 'agree' | 'refuse' },
): Promise<void> {
  await callApi(s, `${BASE}/instances`, { method: 'PUT', body: input });
}

/** Creates tasks of one activity (≤20 per call); returns DingTalk's task ids per user. */
export async function createProcessCentreTasks(
  s: DingTalkSettings,
  input: { processInstanceId: string; activityId: string; tasks: { userId: string; url: string }[] },
): Promise<{ taskId: number; userId: string }[]> {
  if (input.tasks.length === 0 || input.tasks.length > PROCESS_CENTRE_LIMITS.tasksPerCall)
    throw new AdapterError(`at most ${PROCESS_CENTRE_LIMITS.tasksPerCall} tasks per call`, {
      retryable: false,
    });
  const body = await callApi<{ result?: { taskId: number | string; userId: string }[] }>(s, `${BASE}/tasks`, {
    body: input,
  });
  return (body.result ?? []).map((t) => ({ taskId: Number(t.taskId), userId: t.userId }));
}

export type ProcessCentreTaskUpdate = {
  taskId: number;
  status: 'COMPLETED' | 'CANCELED';
  result?: 'AGREE' | 'REFUSE';
};

/** Marks tasks decided or withdrawn (≤20 per call). */
export async function updateProcessCentreTasks(
  s: DingTalkSettings,
  input: { processInstanceId: string; tasks: ProcessCentreTaskUpdate[] },
): Promise<void> {
  if (input.tasks.length === 0 || input.tasks.length > PROCESS_CENTRE_LIMITS.tasksPerCall)
    throw new AdapterError(`at most ${PROCESS_CENTRE_LIMITS.tasksPerCall} tasks per call`, {
      retryable: false,
    });
  await callApi(s, `${BASE}/tasks`, { method: 'PUT', body: input });
}

/** Cancels every running task of the given activities (a task group). */
export async function cancelProcessCentreTaskGroup(
  s: DingTalkSettings,
  input: { processInstanceId: string; activityIds: string[] },
): Promise<void> {
  const [activityId, ...rest] = input.activityIds;
  if (!activityId) return;
  await callApi(s, `${BASE}/tasks/cancel`, {
    body: { processInstanceId: input.processInstanceId, activityId, activityIds: rest },
  });
}

export type ProcessCentreTask = {
  taskId: number;
  activityId: string;
  userId: string;
  status: string;
  result: string;
  processInstanceId: string;
  createTime: number;
};

/**
 * A user's process-centre tasks (newest first, last year only), searched for `match`: how a task created by
 * an attempt whose answer was lost is found again. Reads at most `maxPages` pages of 40.
 */
export async function findProcessCentreTask(
  s: DingTalkSettings,
  userId: string,
  match: (t: ProcessCentreTask) => boolean,
  options: { createdAfter?: number; maxPages?: number } = {},
): Promise<ProcessCentreTask | null> {
  for (let page = 1; page <= (options.maxPages ?? 5); page++) {
    const body = await callApi<{ taskPage?: { hasMore?: boolean; list?: ProcessCentreTask[] } }>(
      s,
      `${BASE}/todoTasks`,
      { query: { userId, pageSize: '40', pageNumber: String(page) } },
    );
    const list = (body.taskPage?.list ?? []).map((t) => ({ ...t, taskId: Number(t.taskId) }));
    const found = list.find(match);
    if (found) return found;
    const oldest = list.at(-1)?.createTime;
    if (!body.taskPage?.hasMore) return null;
    if (options.createdAfter !== undefined && oldest !== undefined && oldest < options.createdAfter)
      return null;
  }
  return null;
}

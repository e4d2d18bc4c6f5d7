import type { YidaPushAction } from './config';

/** Why a push cannot be used; the receiver answers 400 with this reason. */
export class YidaPushFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'YidaPushFormatError';
  }
}

/** The create-push `task` JSON (§1.4); every field optional because real pushes are UNCONFIRMED beyond the sample. */
export type YidaTaskJson = {
  actionerId?: string | string[] | null;
  actionerName?: string | string[] | null;
  appType?: string;
  createTime?: number | null;
  currentActivityInstances?: { activityId?: string; activityName?: string }[] | null;
  dataMap?: Record<string, unknown> | null;
  finishTime?: number | null;
  formInstanceId?: string;
  formUuid?: string;
  modifiedTime?: number | null;
  originatorCorpId?: string;
  originatorDisplayName?: string;
  originatorId?: string;
  processApprovedResult?: string;
  processCode?: string;
  processInstanceId?: string;
  processInstanceStatus?: string;
  processName?: string;
  title?: string;
  taskId?: string | number | null;
  url?: string | null;
  mobileUrl?: string | null;
};

/** A verified-shape push, normalised; `params` are the signed strings exactly as received. */
export type YidaPush = {
  action: YidaPushAction;
  params: Record<string, string>;
  appType: string;
  corpId: string | null;
  /** The instance key: `formInstanceId` (task JSON) or `formInstId` (§9.4; never `processInstanceId`). */
  instanceId: string;
  taskId: string | null;
  /** complete/cancel: `actualWorkId`; create: the approver; cc: the recipient. */
  userId: string | null;
  /** `dateTime` in epoch ms (a value below 10^12 is taken as seconds; the unit is UNCONFIRMED, §8.3). */
  at: number;
  task: YidaTaskJson | null;
};

/**
 * Decodes a push body into its string parameters, whatever the encoding (UNCONFIRMED §8.1): query string,
 * JSON, form-urlencoded or multipart. Values stay the exact received text (the signature covers them).
 */
export async function decodePushParams(input: {
  contentType: string;
  rawBody: string;
  query: URLSearchParams;
}): Promise<Record<string, string>> {
  const params: Record<string, string> = Object.fromEntries(input.query);
  const body = input.rawBody;
  if (body.trim() === '') return params;
  const type = input.contentType.toLowerCase();
  if (type.includes('json') || (!type && /^\s*\{/.test(body))) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new YidaPushFormatError('body is not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
      throw new YidaPushFormatError('JSON body must be an object of parameters');
    for (const [k, v] of Object.entries(parsed)) {
      if (v === null || v === undefined) params[k] = '';
      else if (typeof v === 'string') params[k] = v;
      else if (typeof v === 'number' || typeof v === 'boolean') params[k] = String(v);
      // The signature covers the text Yida sent; a re-serialised object would not verify (§1.2).
      else
        throw new YidaPushFormatError(`parameter ${k} must be a string (task is JSON text, not an object)`);
    }
    return params;
  }
  if (type.includes('multipart/form-data')) {
    let form: FormData;
    try {
      form = await new Response(body, { headers: { 'content-type': input.contentType } }).formData();
    } catch {
      throw new YidaPushFormatError('multipart body cannot be parsed');
    }
    for (const [k, v] of form) if (typeof v === 'string') params[k] = v;
    return params;
  }
  for (const [k, v] of new URLSearchParams(body)) params[k] = v;
  return params;
}

const need = (params: Record<string, string>, name: string): string => {
  const v = params[name];
  if (v === undefined || v === '') throw new YidaPushFormatError(`missing parameter ${name}`);
  return v;
};
const opt = (v: unknown): string | null =>
  typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : null;

/**
 * Checks a push's parameters for its action (§1.3) and normalises them. The action comes from the URL: complete
 * and cancel carry identical parameter sets (§9.11). Throws YidaPushFormatError with the reason.
 */
export function parsePush(action: YidaPushAction, params: Record<string, string>): YidaPush {
  need(params, 'sign');
  const dateTime = need(params, 'dateTime');
  if (!/^\d{9,16}$/.test(dateTime)) throw new YidaPushFormatError('dateTime must be an epoch timestamp');
  const raw = Number(dateTime);
  const at = raw < 1e12 ? raw * 1000 : raw;

  if ('task' in params && (action === 'create' || action === 'cc')) {
    let task: YidaTaskJson;
    try {
      task = JSON.parse(need(params, 'task')) as YidaTaskJson;
    } catch {
      throw new YidaPushFormatError('task is not valid JSON text');
    }
    if (!task || typeof task !== 'object' || Array.isArray(task))
      throw new YidaPushFormatError('task must be a JSON object');
    const instanceId = opt(task.formInstanceId) ?? opt(task.processInstanceId);
    if (!instanceId) throw new YidaPushFormatError('task has no formInstanceId');
    const appType = opt(task.appType);
    if (!appType) throw new YidaPushFormatError('task has no appType');
    const actioner = Array.isArray(task.actionerId) ? task.actionerId[0] : task.actionerId;
    return {
      action,
      params,
      appType,
      corpId: opt(task.originatorCorpId),
      instanceId,
      taskId: opt(task.taskId),
      userId: opt(actioner),
      at,
      task,
    };
  }
  if (action === 'create') throw new YidaPushFormatError('missing parameter task');

  const appType = need(params, 'appType');
  const corpId = need(params, 'corpId');
  const instanceId = need(params, 'formInstId');
  if (action === 'delete') {
    return { action, params, appType, corpId, instanceId, taskId: null, userId: null, at, task: null };
  }
  // cc in the flat shape (UNCONFIRMED §8.2): the recipient in actualWorkId, no task id needed.
  const taskId = action === 'cc' ? opt(params.taskId) : need(params, 'taskId');
  if (taskId !== null && !/^\d+$/.test(taskId)) throw new YidaPushFormatError('taskId must be numeric');
  const userId = need(params, 'actualWorkId');
  return { action, params, appType, corpId, instanceId, taskId, userId, at, task: null };
}

import { createHash } from 'node:crypto';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { AdapterError } from '../types';
import type { DingTalkSettings } from './config';
import { getFormSchema } from './form-schema';
import { dingtalkApprovalKey, instanceLinks } from './links';
import { callApi } from './open-api';

type Attachment = {
  fileId?: string;
  fileName?: string;
  fileSize?: string | number;
  fileType?: string;
  spaceId?: string;
};
type OperationRecord = {
  userId?: string;
  date?: string;
  type?: string;
  result?: string;
  remark?: string;
  showName?: string;
  activityId?: string;
  attachments?: Attachment[];
  ccUserIds?: string[];
};
type DingTalkTask = {
  taskId?: number | string;
  userId?: string;
  status?: string;
  result?: string;
  createTime?: string;
  finishTime?: string;
  activityId?: string;
  taskGroupName?: string;
  pcUrl?: string;
  mobileUrl?: string;
};
export type DingTalkInstance = {
  title?: string;
  createTime?: string;
  finishTime?: string;
  originatorUserId?: string;
  status?: string;
  result?: string;
  businessId?: string;
  ccUserIds?: string[];
  formComponentValues?: { id?: string; name?: string; value?: string; componentType?: string }[];
  operationRecords?: OperationRecord[];
  tasks?: DingTalkTask[];
};

/** Error codes meaning the instance does not exist (§5.1, §12.2). */
const NOT_FOUND = new Set(['processInstanceNotExist', 'aflowProcessInstNotExist', 'processInstanceIdError']);

/**
 * Fetches one instance (§5.1) and maps it to a snapshot. `sourceUpdatedAt` is the moment the fetch started:
 * DingTalk's own times have minute precision, and a snapshot fetched later always reflects a later state.
 */
export async function fetchDingTalkSnapshot(
  s: DingTalkSettings,
  instanceId: string,
  hints: { processCode?: string | null } = {},
): Promise<InstanceSnapshot | null> {
  const fetchedAt = new Date();
  let body: { result?: DingTalkInstance };
  try {
    body = await callApi(s, '/v1.0/workflow/processInstances', { query: { processInstanceId: instanceId } });
  } catch (error) {
    if (error instanceof AdapterError && error.sourceCode && NOT_FOUND.has(error.sourceCode)) return null;
    throw error;
  }
  if (!body.result) throw new AdapterError('DingTalk instance answer without result', { retryable: true });
  const processCode = hints.processCode ?? null;
  const snapshot = mapDingTalkInstance(s, instanceId, body.result, { fetchedAt, processCode });
  return { ...snapshot, processName: processCode ? await processNameOf(s, processCode) : null };
}

/**
 * The template's name (请假, 报销 …) for the inbox's 流程 column and filter, from the form schema (§5.9, cached
 * and shared by concurrent callers in form-schema.ts). A failed lookup leaves the name empty rather than
 * failing the snapshot; it is retried within seconds.
 */
async function processNameOf(s: DingTalkSettings, processCode: string): Promise<string | null> {
  try {
    return (await getFormSchema(s, processCode)).name;
  } catch {
    return null;
  }
}

const STATUS = { RUNNING: 'running', COMPLETED: 'completed', TERMINATED: 'terminated' } as const;
const TASK_RESULT = { AGREE: 'agree', REFUSE: 'refuse', REDIRECTED: 'redirect' } as const;
const ACTION: Record<string, string> = {
  START_PROCESS_INSTANCE: 'start',
  EXECUTE_TASK_NORMAL: 'execute',
  EXECUTE_TASK_AGENT: 'execute',
  APPEND_TASK_BEFORE: 'append',
  APPEND_TASK_AFTER: 'append',
  REDIRECT_TASK: 'redirect',
  TERMINATE_PROCESS_INSTANCE: 'terminate',
  FINISH_PROCESS_INSTANCE: 'finish',
  ADD_REMARK: 'comment',
  REDIRECT_PROCESS: 'return',
  PROCESS_CC: 'cc',
};

/** Pure mapping from DingTalk's instance detail to Huiban's snapshot (unit-tested). */
export function mapDingTalkInstance(
  s: Pick<DingTalkSettings, 'corpId' | 'pcLinkTemplate' | 'mobileLinkTemplate'>,
  instanceId: string,
  d: DingTalkInstance,
  meta: { fetchedAt: Date; processCode: string | null },
): InstanceSnapshot {
  const records = d.operationRecords ?? [];
  const nodeOf = new Map(
    records.filter((r) => r.activityId && r.showName).map((r) => [r.activityId, r.showName]),
  );
  const links = instanceLinks(s, instanceId);
  const createdAt = time(d.createTime) ?? meta.fetchedAt;

  const tasks: InstanceSnapshot['tasks'] = [];
  for (const t of d.tasks ?? []) {
    if (t.taskId === undefined || !t.userId) continue;
    // NEW / PAUSED items are not actionable yet: they are not anyone's 待办 (§5.1 task status).
    const status =
      t.status === 'RUNNING'
        ? 'pending'
        : t.status === 'COMPLETED'
          ? 'done'
          : t.status === 'CANCELED' || t.status === 'TERMINATED'
            ? 'cancelled'
            : null;
    if (!status) continue;
    const taskLinks = instanceLinks(s, instanceId, String(t.taskId));
    tasks.push({
      externalTaskId: String(t.taskId),
      kind: 'approval',
      assigneeExternalId: t.userId,
      status,
      result: TASK_RESULT[t.result as keyof typeof TASK_RESULT] ?? null,
      nodeName: t.taskGroupName || nodeOf.get(t.activityId) || null,
      receivedAt: time(t.createTime) ?? createdAt,
      finishedAt: time(t.finishTime),
      pcUrl: s.pcLinkTemplate ? taskLinks.pcUrl : (t.pcUrl ?? taskLinks.pcUrl),
      mobileUrl: s.mobileLinkTemplate ? taskLinks.mobileUrl : (t.mobileUrl ?? taskLinks.mobileUrl),
    });
  }
  // Cc people get a read-only item, dated when the cc happened (PROCESS_CC record) or at creation.
  const ccAt = time(records.find((r) => r.type === 'PROCESS_CC')?.date);
  const ccIds = new Set([
    ...(d.ccUserIds ?? []),
    ...records.flatMap((r) => (r.type === 'PROCESS_CC' ? (r.ccUserIds ?? []) : [])),
  ]);
  for (const userId of ccIds) {
    tasks.push({
      externalTaskId: `cc:${userId}`,
      kind: 'cc',
      assigneeExternalId: userId,
      status: 'done',
      result: 'none',
      nodeName: '抄送',
      receivedAt: ccAt ?? createdAt,
      pcUrl: links.pcUrl,
      mobileUrl: links.mobileUrl,
    });
  }

  const seen = new Map<string, number>();
  const redirectTargetOf = redirectTargets(d.tasks ?? []);
  const logs: InstanceSnapshot['logs'] = records.map((r) => {
    // DingTalk records have no id; they are immutable and append-only, so date+user+type+remark is stable.
    const base = `${r.date ?? ''}|${r.userId ?? ''}|${r.type ?? ''}|${digest(r.remark ?? '')}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    const action = ACTION[r.type ?? ''] ?? (r.type ?? 'unknown').toLowerCase();
    return {
      externalRecordId: n === 1 ? base : `${base}#${n}`,
      actorExternalId: r.userId ?? null,
      action: action === 'execute' ? (r.result === 'REFUSE' ? 'refuse' : 'agree') : action,
      result: r.result && r.result !== 'NONE' ? r.result.toLowerCase() : null,
      remark: r.remark ?? null,
      nodeName: r.showName ?? null,
      targets: targetsOf(r, redirectTargetOf),
      occurredAt: time(r.date) ?? createdAt,
      attachments: (r.attachments ?? []).flatMap(toAttachment),
    };
  });

  const formValues = (d.formComponentValues ?? []).map((f) => ({
    id: f.id,
    name: f.name ?? '',
    type: f.componentType ?? 'TextField',
    value: parseValue(f.value),
    display: f.value ?? '',
  }));
  const formAttachments = (d.formComponentValues ?? [])
    .filter((f) => f.componentType === 'DDAttachment' && f.value)
    .flatMap((f) => {
      const parsed = parseValue(f.value);
      return Array.isArray(parsed) ? (parsed as Attachment[]).flatMap(toAttachment) : [];
    });

  const status = STATUS[d.status as keyof typeof STATUS] ?? 'running';
  return {
    externalId: instanceId,
    processCode: meta.processCode,
    title: d.title || instanceId,
    originator: d.originatorUserId ? { externalUserId: d.originatorUserId } : null,
    status,
    result: status === 'completed' && (d.result === 'agree' || d.result === 'refuse') ? d.result : null,
    formValues,
    summary: summarize(formValues),
    pcUrl: links.pcUrl,
    mobileUrl: links.mobileUrl,
    createdAt,
    finishedAt: time(d.finishTime),
    sourceUpdatedAt: meta.fetchedAt,
    taskScope: 'full',
    tasks,
    logs,
    attachments: formAttachments,
    // The approval itself: a local step that started it or a push that mirrors it carries the same key.
    sameApproval: [{ key: dingtalkApprovalKey(instanceId), role: 'own' }],
  };
}

/** Whom a record concerned besides its actor: the recipients of a cc, the new approver of a transfer. */
function targetsOf(r: OperationRecord, redirectTargetOf: (r: OperationRecord) => string | null) {
  if (r.type === 'PROCESS_CC')
    return [...new Set(r.ccUserIds ?? [])].map((externalUserId) => ({ externalUserId }));
  if (r.type === 'REDIRECT_TASK') {
    const to = redirectTargetOf(r);
    return to ? [{ externalUserId: to }] : [];
  }
  return [];
}

/**
 * A REDIRECT_TASK record does not name the new approver (§5.6). The tasks do: the operator's task on that node
 * ends REDIRECTED, and the transfer creates the node's next task, for someone else, at the moment it ended.
 * Inferred from the documented effect, so a record whose tasks do not show it simply names no target.
 */
function redirectTargets(tasks: DingTalkTask[]): (r: OperationRecord) => string | null {
  const order = (t: DingTalkTask) => Number(t.taskId ?? 0);
  const sorted = [...tasks].sort((a, b) => order(a) - order(b));
  const redirectedSeen = new Set<DingTalkTask>();
  const createdSeen = new Set<DingTalkTask>();
  return (r) => {
    const at = time(r.date)?.getTime();
    const redirected = sorted.find(
      (t) =>
        !redirectedSeen.has(t) &&
        t.userId === r.userId &&
        t.activityId === r.activityId &&
        t.result === 'REDIRECTED' &&
        time(t.finishTime)?.getTime() === at,
    );
    if (!redirected) return null;
    redirectedSeen.add(redirected);
    const next = sorted.find(
      (t) =>
        !createdSeen.has(t) &&
        order(t) > order(redirected) &&
        t.activityId === r.activityId &&
        t.userId !== r.userId &&
        time(t.createTime)?.getTime() === at,
    );
    if (!next?.userId) return null;
    createdSeen.add(next);
    return next.userId;
  };
}

function toAttachment(a: Attachment) {
  if (!a.fileId || !a.fileName) return [];
  const size = Number(a.fileSize);
  return [
    {
      externalFileId: String(a.fileId),
      fileName: a.fileName,
      fileSize: Number.isFinite(size) ? size : null,
      fileType: a.fileType ?? null,
    },
  ];
}

/** DingTalk's instance times: `2022-08-31T11:52Z` (UTC, minutes); empty while unset. */
function time(value: string | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function parseValue(value: string | undefined): unknown {
  if (!value) return value ?? null;
  if (!/^[[{]/.test(value.trim())) return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The first few plain fields, e.g. `采购事由: 笔记本电脑 · 金额: 8000`, for the inbox line and search. */
function summarize(values: { name: string; type: string; display?: string }[]): string | null {
  const plain = values
    .filter(
      (v) =>
        v.display &&
        !/^[[{]/.test(v.display) &&
        !['DDAttachment', 'DDPhotoField', 'TableField'].includes(v.type),
    )
    .slice(0, 3)
    .map((v) => `${v.name}: ${v.display}`);
  return plain.length ? plain.join(' · ').slice(0, 500) : null;
}

function digest(text: string): string {
  return text ? createHash('sha1').update(text).digest('hex').slice(0, 12) : '';
}

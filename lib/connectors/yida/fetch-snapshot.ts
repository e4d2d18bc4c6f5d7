import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { AdapterError } from '../types';
import { systemTokenOf, type YidaSettings } from './config';
import { getYidaFormSchema, type YidaFormSchema } from './form-schema';
import { yidaLinks } from './links';
import { fileItems, formFiles, mapFormValues, summarize } from './map-values';
import { callYida, YIDA_NOT_FOUND } from './open-api';
import { processNameFromTitle } from './process-name';

type YidaName = { nameInChinese?: string; nameInEnglish?: string };
type YidaUser = { userId?: string; name?: YidaName | string };
export type YidaInstanceInfo = {
  processInstanceId?: string;
  title?: string;
  formUuid?: string;
  processCode?: string;
  instanceStatus?: string;
  approvedResult?: string;
  createTimeGMT?: string;
  modifiedTimeGMT?: string;
  originator?: YidaUser;
  actionExecutor?: YidaUser[];
  data?: Record<string, unknown>;
};
export type YidaOperationRecord = {
  activityId?: string;
  showName?: string;
  type?: string;
  action?: string;
  actionExit?: string;
  operatorUserId?: string;
  operatorName?: string;
  operatorDisplayName?: string;
  remark?: string;
  operateTimeGMT?: string;
  activeTimeGMT?: string;
  taskId?: string | number;
  /** Files attached to the step (§2.9 `files`; item format UNCONFIRMED, read like an attachment value). */
  files?: unknown;
};

/**
 * The authoritative state of one Yida instance (yida-connect-api.md §2.8 GetInstanceById + §2.9 operation
 * records), read as the connector's operator user. The instance id does not say which app it belongs to, so
 * the configured apps are tried in turn (one call each; "not found" moves on). Null when no app has it (deleted
 * at the source). `sourceUpdatedAt` is the moment the fetch started, like the DingTalk adapter: Yida's own
 * times have second precision and a later fetch always reflects a later state.
 */
export async function fetchYidaSnapshot(
  s: YidaSettings,
  instanceId: string,
  hints: { appType?: string | null } = {},
): Promise<{ snapshot: InstanceSnapshot; appType: string } | null> {
  const fetchedAt = new Date();
  const appTypes = s.apps
    .map((a) => a.appType)
    .sort((a, b) => Number(b === hints.appType) - Number(a === hints.appType));
  for (const appType of appTypes) {
    const systemToken = systemTokenOf(s, appType);
    if (!systemToken) continue;
    const auth = { appType, systemToken, userId: s.operatorUserId, language: 'zh_CN' };
    let info: YidaInstanceInfo;
    try {
      info = await callYida<YidaInstanceInfo>(
        s,
        `/v1.0/yida/processes/instancesInfos/${encodeURIComponent(instanceId)}`,
        { query: auth },
      );
    } catch (error) {
      if (error instanceof AdapterError && YIDA_NOT_FOUND.has(error.sourceCode ?? '')) continue;
      throw error;
    }
    const records = await callYida<{ result?: YidaOperationRecord[] }>(
      s,
      '/v1.0/yida/processes/operationRecords',
      {
        query: { ...auth, processInstanceId: instanceId },
      },
    );
    const schema = await getYidaFormSchema(s, {
      appType,
      formUuid: info.formUuid,
      fieldIds: Object.keys(info.data ?? {}),
    });
    return {
      appType,
      snapshot: mapYidaInstance(s, {
        appType,
        instanceId,
        info,
        records: records.result ?? [],
        fetchedAt,
        schema,
      }),
    };
  }
  return null;
}

const STATUS = {
  RUNNING: 'running',
  COMPLETED: 'completed',
  TERMINATED: 'terminated',
  ERROR: 'running',
} as const;
const LOG_ACTION: Record<string, string> = {
  submit: 'start',
  agree: 'agree',
  disagree: 'refuse',
  forward: 'redirect',
  revoked: 'terminate',
  carbon: 'cc',
  restart: 'return',
  recall: 'recall',
};
const TASK_RESULT: Record<string, 'agree' | 'refuse' | 'redirect'> = {
  agree: 'agree',
  disagree: 'refuse',
  forward: 'redirect',
};

/** Pure mapping from GetInstanceById + operation records to a full snapshot (unit-tested). */
export function mapYidaInstance(
  s: Pick<
    YidaSettings,
    | 'fieldLabels'
    | 'timeZone'
    | 'summaryFields'
    | 'yidaOrigin'
    | 'corpId'
    | 'pcLinkTemplate'
    | 'mobileLinkTemplate'
  >,
  input: {
    appType: string;
    instanceId: string;
    info: YidaInstanceInfo;
    records: YidaOperationRecord[];
    fetchedAt: Date;
    /** The form's definition (labels, types); null = unknown. */
    schema?: YidaFormSchema | null;
  },
): InstanceSnapshot {
  const { info, records, instanceId, appType } = input;
  const links = (taskId?: string) => yidaLinks(s, { appType, instanceId, formUuid: info.formUuid, taskId });
  const createdAt = gmt(info.createTimeGMT) ?? input.fetchedAt;
  const status = STATUS[info.instanceStatus as keyof typeof STATUS] ?? 'running';
  const nameOf = (r: YidaOperationRecord) => r.operatorDisplayName || r.operatorName || null;
  const taskIdOf = (r: YidaOperationRecord) => {
    const id = r.taskId === undefined || r.taskId === null ? '' : String(r.taskId);
    return /^\d+$/.test(id) ? id : null;
  };

  const tasks: InstanceSnapshot['tasks'] = [];
  const seenTasks = new Set<string>();
  for (const r of records) {
    const taskId = taskIdOf(r);
    if (!taskId || !r.operatorUserId || seenTasks.has(taskId)) continue;
    const isTodo = r.type === 'TODO';
    const result = TASK_RESULT[r.actionExit ?? ''];
    if (!isTodo && !result) continue;
    seenTasks.add(taskId);
    tasks.push({
      externalTaskId: taskId,
      kind: 'approval',
      assigneeExternalId: r.operatorUserId,
      assigneeName: nameOf(r),
      status: isTodo ? 'pending' : 'done',
      result: isTodo ? null : result,
      nodeName: r.showName ?? null,
      receivedAt: gmt(r.activeTimeGMT) ?? gmt(r.operateTimeGMT) ?? createdAt,
      finishedAt: isTodo ? null : gmt(r.operateTimeGMT),
      ...links(taskId),
    });
  }
  for (const r of records) {
    // `actionExit=carbon` is a cc step by its name (UNCONFIRMED §8.8); the recipient is the record's operator.
    if (r.actionExit !== 'carbon' || !r.operatorUserId) continue;
    const id = `cc:${r.operatorUserId}`;
    if (seenTasks.has(id)) continue;
    seenTasks.add(id);
    tasks.push({
      externalTaskId: id,
      kind: 'cc',
      assigneeExternalId: r.operatorUserId,
      assigneeName: nameOf(r),
      status: 'done',
      result: 'none',
      nodeName: r.showName || '抄送',
      receivedAt: gmt(r.operateTimeGMT) ?? createdAt,
      ...links(),
    });
  }

  const seenLogs = new Map<string, number>();
  const logs: InstanceSnapshot['logs'] = records
    .filter((r) => r.type !== 'TODO' && r.actionExit !== 'carbon')
    .map((r) => {
      // Yida records have no id; they are append-only, so time + operator + action + task is stable.
      const base = `${r.operateTimeGMT ?? ''}|${r.operatorUserId ?? ''}|${r.actionExit ?? ''}|${r.taskId ?? ''}`;
      const n = (seenLogs.get(base) ?? 0) + 1;
      seenLogs.set(base, n);
      const action = LOG_ACTION[r.actionExit ?? ''] ?? (r.actionExit || 'unknown');
      return {
        externalRecordId: n === 1 ? base : `${base}#${n}`,
        actorExternalId: r.operatorUserId || null,
        actorName: nameOf(r),
        action,
        result: TASK_RESULT[r.actionExit ?? ''] ?? null,
        remark: r.remark || null,
        nodeName: r.showName ?? null,
        occurredAt: gmt(r.operateTimeGMT) ?? createdAt,
        // Shown on this step in the timeline, copied like the form's files (through temporaryUrls).
        attachments: fileItems(r.files).map((f) => ({
          externalFileId: f.downloadUrl,
          fileName: f.name,
          fileSize: f.size,
        })),
      };
    });

  const formValues = mapFormValues(s, info.data, input.schema ?? null);
  const lastStep = records.reduce<Date | null>((max, r) => {
    const at = gmt(r.operateTimeGMT);
    return at && (!max || at > max) ? at : max;
  }, null);
  const originatorId = info.originator?.userId;
  const originatorName = personName(info.originator?.name);
  return {
    externalId: instanceId,
    processCode: info.processCode ?? null,
    // GetInstanceById names no process: the form's name from a default title, else unknown (the stored one stays).
    processName: processNameFromTitle(info.title, originatorName),
    title: info.title || instanceId,
    originator: originatorId ? { externalUserId: originatorId, name: originatorName } : null,
    status,
    result:
      status === 'completed'
        ? info.approvedResult === 'agree'
          ? 'agree'
          : info.approvedResult === 'disagree'
            ? 'refuse'
            : null
        : null,
    formValues,
    summary: summarize(s, formValues),
    ...links(),
    createdAt,
    finishedAt: status === 'running' ? null : (lastStep ?? gmt(info.modifiedTimeGMT)),
    sourceUpdatedAt: input.fetchedAt,
    taskScope: 'full',
    tasks,
    logs,
    attachments: formFiles(formValues),
  };
}

function personName(name: YidaName | string | undefined): string | null {
  if (!name) return null;
  if (typeof name === 'string') return name;
  return name.nameInChinese || name.nameInEnglish || null;
}

/** Yida's GMT times: `2026-11-23T10:01:02Z` (also seen without the zone, or as epoch ms); empty while unset. */
export function gmt(value: string | number | undefined | null): Date | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number' || /^\d{12,14}$/.test(value)) return new Date(Number(value));
  const text = /Z|[+-]\d\d:?\d\d$/.test(value) ? value : `${value.replace(' ', 'T')}Z`;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

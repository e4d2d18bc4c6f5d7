import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import type { FormField, FormSchema } from './definition-schema';
import { type EngineState, instanceStatusOf } from './engine';
import type { UploadedFileValue } from './validate-form-values';

export type LocalSnapshotInput = {
  runId: string;
  state: EngineState;
  form: FormSchema;
  values: Record<string, unknown>;
  definition: { key: string; name: string };
  originator: { userId: string; name: string };
  /** Huiban user id → name, for user fields. */
  userNames: ReadonlyMap<string, string>;
  /** Step id → step name (a task's node name). */
  stepNames: ReadonlyMap<string, string>;
  /** Step id → how an approval step decides (会签 / 或签 / one at a time). */
  stepModes?: ReadonlyMap<string, 'and' | 'or' | 'single'>;
  /** Step id → the step's SLA in working time (applySnapshot computes the due date from it). */
  stepSlas?: ReadonlyMap<string, { amount: number; unit: 'hours' | 'days' }>;
};

/**
 * The local instance as a snapshot (pure): applySnapshot() writes it like any source's. People are named by
 * their Huiban user id (the local connector's identity key); the task list is always complete ('full').
 */
export function buildLocalSnapshot(input: LocalSnapshotInput): InstanceSnapshot {
  const { state, form, values } = input;
  const { status, result } = instanceStatusOf(state.status);
  const formValues = form.fields.map((field) => ({
    id: field.key,
    name: field.label,
    type: field.type,
    value: field.type === 'table' ? tableCells(field, values[field.key]) : (values[field.key] ?? null),
    display: displayOf(field, values[field.key], input.userNames),
  }));
  const summary = formValues
    .filter((v) => v.display && v.type !== 'attachments' && v.type !== 'table')
    .slice(0, 3)
    .map((v) => `${v.name}：${v.display}`)
    .join('；');
  const files = form.fields.flatMap((field) =>
    field.type === 'attachments' && Array.isArray(values[field.key])
      ? (values[field.key] as UploadedFileValue[]).map((f) => ({
          externalFileId: f.fileId,
          fileName: f.fileName,
          fileSize: f.size,
          fileType: f.contentType,
        }))
      : [],
  );
  return {
    externalId: input.runId,
    processCode: input.definition.key,
    processName: input.definition.name,
    title: `${input.originator.name}提交的${input.definition.name}`,
    originator: { externalUserId: input.originator.userId, name: input.originator.name },
    status,
    result,
    formValues,
    summary: summary || null,
    createdAt: state.startedAt,
    finishedAt: state.finishedAt,
    sourceUpdatedAt: state.updatedAt,
    taskScope: 'full',
    tasks: state.tasks.map((t) => ({
      externalTaskId: t.id,
      kind: t.kind,
      assigneeExternalId: t.userId,
      assigneeName: t.name,
      status: t.status,
      result: t.result,
      nodeName: input.stepNames.get(t.stepId) ?? null,
      nodeMode: t.kind === 'approval' ? (input.stepModes?.get(t.stepId) ?? null) : null,
      receivedAt: t.receivedAt,
      finishedAt: t.finishedAt,
      dueAt: input.stepSlas?.has(t.stepId) ? null : t.dueAt,
      sla: t.kind === 'approval' ? (input.stepSlas?.get(t.stepId) ?? null) : null,
    })),
    logs: state.logs.map((l) => ({
      externalRecordId: l.id,
      actorExternalId: l.actorUserId,
      actorName: l.actorName,
      action: l.action,
      result: l.result,
      remark: l.remark,
      nodeName: l.nodeName,
      targets: (l.targets ?? []).map((p) => ({ externalUserId: p.userId, name: p.name })),
      occurredAt: l.at,
    })),
    attachments: files,
  };
}

function displayOf(field: FormField, value: unknown, names: ReadonlyMap<string, string>): string {
  if (value === undefined || value === null || value === '') return '';
  switch (field.type) {
    case 'select':
      return field.options.find((o) => o.value === value)?.label ?? String(value);
    case 'multiSelect':
      return (Array.isArray(value) ? value : [])
        .map((v) => field.options.find((o) => o.value === v)?.label ?? String(v))
        .join('、');
    case 'user':
      return (Array.isArray(value) ? value : [value])
        .map((id) => names.get(String(id)) ?? String(id))
        .join('、');
    case 'money':
      return `¥${Number(value).toFixed(2)}`;
    case 'dateRange':
      return Array.isArray(value) ? value.join(' 至 ') : String(value);
    case 'attachments':
      return (Array.isArray(value) ? (value as UploadedFileValue[]) : []).map((f) => f.fileName).join('、');
    case 'table':
      return Array.isArray(value) ? `${value.length} 行` : '';
    default:
      return String(value);
  }
}

/**
 * Table rows as the inbox shows every source's 明细: each row a list of `{ label, value }` cells in column
 * order, so the instance page titles columns by their labels (the engine keeps the rows keyed by column key).
 */
function tableCells(field: Extract<FormField, { type: 'table' }>, value: unknown): unknown {
  if (!Array.isArray(value)) return null;
  return value.map((row) =>
    field.columns.map((column) => ({
      label: column.label,
      value: (row as Record<string, unknown> | null)?.[column.key] ?? null,
    })),
  );
}

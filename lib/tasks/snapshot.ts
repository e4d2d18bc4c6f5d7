import { z } from 'zod';
import { safeLink } from '@/lib/security/safe-link';
import { slaDurationSchema } from '@/lib/sla/sla-rule';

// Links from sources are shown as hrefs: unsafe schemes are dropped at ingest.
const link = z.string().nullish().transform(safeLink);

const date = z.coerce.date();

/** Optional text: blank means the source did not say (applySnapshot() then keeps what it knows). */
const text = z
  .string()
  .nullish()
  .transform((v) => (v?.trim() ? v : null));

/** A person a log step concerned besides its actor (a cc recipient, a transfer's new approver). */
export const snapshotLogTargetSchema = z.object({
  externalUserId: z.string().min(1),
  name: text,
});

export const snapshotAttachmentSchema = z.object({
  /** The source's file id, unique within the instance. */
  externalFileId: z.string().min(1),
  fileName: z.string().min(1),
  fileSize: z.number().int().nonnegative().nullish(),
  fileType: z.string().nullish(),
});

export const snapshotLogSchema = z.object({
  /** Stable per source record; adapters derive one where the source has no id. */
  externalRecordId: z.string().min(1),
  actorExternalId: z.string().nullish(),
  actorName: text,
  action: z.string().min(1),
  result: z.string().nullish(),
  remark: z.string().nullish(),
  nodeName: text,
  /** The cc recipients of a cc step, the new approver of a transfer. */
  targets: z.array(snapshotLogTargetSchema).default([]),
  occurredAt: date,
  attachments: z.array(snapshotAttachmentSchema).default([]),
});

export const snapshotTaskSchema = z.object({
  /** Stable per work item; cc items use e.g. `cc:<userId>`. */
  externalTaskId: z.string().min(1),
  kind: z.enum(['approval', 'cc']),
  assigneeExternalId: z.string().min(1),
  assigneeName: text,
  status: z.enum(['pending', 'done', 'cancelled', 'deleted']),
  result: z.enum(['agree', 'refuse', 'redirect', 'none']).nullish(),
  nodeName: text,
  /** 会签 / 或签 / one approver, where the source says it. */
  nodeMode: z.enum(['and', 'or', 'single']).nullish(),
  receivedAt: date,
  finishedAt: date.nullish(),
  /** A due time the source itself set: it wins over any SLA (docs/sla.md). */
  dueAt: date.nullish(),
  /** The step's own due rule in working time, where the source has one (a local workflow step's SLA). */
  sla: slaDurationSchema.nullish(),
  pcUrl: link,
  mobileUrl: link,
});

export const formValueSchema = z.object({
  id: z.string().optional(),
  name: z.string(),
  type: z.string(),
  value: z.unknown(),
  display: z.string().optional(),
});

/**
 * A key naming the approval this instance is, or is a copy of (one task for one approval): two
 * instances with the same key are the same approval. `role` says which copy is primary: `started` (this
 * instance started the other, e.g. a local workflow's DingTalk step) over `own` (the approval itself) over
 * `mirror` (a copy declared by a reference). Keys are opaque here; adapters build them.
 */
export const sameApprovalKeySchema = z.object({
  key: z.string().min(1).max(300),
  role: z.enum(['started', 'own', 'mirror']),
});

/**
 * What a source says one instance looks like at one moment: the input of applySnapshot(), the same for every
 * source. `sourceUpdatedAt` orders snapshots of one instance (an older one never overwrites a newer one).
 * An absent, null or blank descriptive field means "not known to this snapshot", never "erase it": a re-read
 * that does not carry the process code (DingTalk's instance detail has none) keeps the stored one.
 * `taskScope: 'full'` means the task list is complete (an API fetch), so stored pending tasks missing from it
 * were withdrawn; `'partial'` (a push about one task) leaves other tasks alone.
 */
export const instanceSnapshotSchema = z.object({
  externalId: z.string().min(1),
  processCode: text,
  processName: text,
  title: z.string().min(1),
  originator: z.object({ externalUserId: z.string().min(1), name: text }).nullish(),
  status: z.enum(['running', 'completed', 'terminated', 'cancelled', 'deleted']),
  result: z.enum(['agree', 'refuse']).nullish(),
  formValues: z.array(formValueSchema).default([]),
  summary: text,
  pcUrl: link,
  mobileUrl: link,
  createdAt: date,
  finishedAt: date.nullish(),
  sourceUpdatedAt: date,
  taskScope: z.enum(['full', 'partial']),
  tasks: z.array(snapshotTaskSchema).default([]),
  logs: z.array(snapshotLogSchema).default([]),
  /** Files attached to the form itself rather than to a log step. */
  attachments: z.array(snapshotAttachmentSchema).default([]),
  /** Absent: not known to this snapshot (the stored keys stay); a list (even empty) replaces them. */
  sameApproval: z.array(sameApprovalKeySchema).max(20).optional(),
});

export type InstanceSnapshot = z.input<typeof instanceSnapshotSchema>;
export type ParsedSnapshot = z.output<typeof instanceSnapshotSchema>;
export type SnapshotTask = z.output<typeof snapshotTaskSchema>;
export type SnapshotLogTarget = z.output<typeof snapshotLogTargetSchema>;
export type SnapshotLog = z.output<typeof snapshotLogSchema>;
export type SnapshotAttachment = z.output<typeof snapshotAttachmentSchema>;
export type SameApprovalKey = z.output<typeof sameApprovalKeySchema>;

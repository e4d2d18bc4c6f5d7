import { z } from 'zod';
import { hasUnstorableText } from '@/lib/storable-text';

/**
 * The open REST API's request and answer shapes (`/api/open/v1/...`). These zod schemas validate every
 * request AND generate the OpenAPI document (lib/connectors/api/openapi.ts), so the two cannot drift.
 * Each schema carries `.meta({ id })`, which names it under `components.schemas`.
 */

/** PostgreSQL cannot hold U+0000 or lone surrogates: such input is a 400 here, never a database error. */
const hasNul = hasUnstorableText;
const NO_NUL = { message: 'text must not contain the NUL character (\\u0000) or lone surrogates' };

const externalId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !hasNul(v), NO_NUL);
const dateTime = z.iso.datetime({ offset: true });

export const personRefSchema = z
  .object({
    userId: z.uuid().optional().meta({ description: 'Huiban user id' }),
    email: z.email().max(320).optional(),
    mobile: z
      .string()
      .trim()
      .regex(/^\+?[0-9-]{5,20}$/, 'mobile must be digits')
      .optional(),
    dingtalkUserId: z.string().trim().min(1).max(100).optional().meta({ description: 'DingTalk userId' }),
    name: z.string().trim().max(100).optional().meta({ description: 'Display name (informational)' }),
  })
  .refine(
    (p) => [p.userId, p.email, p.mobile, p.dingtalkUserId].filter((v) => v !== undefined).length === 1,
    'give exactly one of userId, email, mobile, dingtalkUserId',
  )
  .meta({
    id: 'PersonRef',
    description:
      'A person, identified by exactly one of: Huiban user id, email, mobile, DingTalk userId. Unknown emails, mobiles and DingTalk userIds are kept and shown once an admin maps them.',
    examples: [{ email: 'wangwu@example.com', name: '王五' }],
  });
export type PersonRef = z.output<typeof personRefSchema>;

export const taskStatusSchema = z
  .enum(['pending', 'done', 'cancelled', 'deleted'])
  .meta({ id: 'TaskStatus' });
export const taskResultSchema = z.enum(['agree', 'refuse', 'redirect', 'none']).meta({ id: 'TaskResult' });

export const taskInputSchema = z
  .object({
    externalTaskId: externalId.meta({ description: 'Your id of this work item; unique within the instance' }),
    kind: z.enum(['approval', 'cc']).default('approval'),
    assignee: personRefSchema,
    status: taskStatusSchema.default('pending'),
    result: taskResultSchema.optional(),
    nodeName: z.string().max(200).optional(),
    receivedAt: dateTime
      .optional()
      .meta({ description: 'When the task reached the assignee (default: createdAt)' }),
    finishedAt: dateTime.optional(),
    dueAt: dateTime.optional(),
    pcUrl: z.url().max(2000).optional(),
    mobileUrl: z.url().max(2000).optional(),
  })
  .meta({ id: 'TaskInput' });

export const formValueInputSchema = z
  .object({
    name: z.string().min(1).max(200),
    value: z.union([z.string(), z.number(), z.boolean(), z.null()]),
    type: z.string().max(50).default('text'),
  })
  .meta({ id: 'FormValue' });

export const logInputSchema = z
  .object({
    externalRecordId: externalId.meta({ description: 'Your id of this log entry (idempotency key)' }),
    actor: personRefSchema.optional(),
    action: z.string().min(1).max(50).meta({ description: 'e.g. start, agree, refuse, comment' }),
    result: z.string().max(50).optional(),
    remark: z.string().max(2000).optional(),
    nodeName: z.string().max(200).optional(),
    occurredAt: dateTime,
  })
  .meta({ id: 'LogInput' });

/**
 * The approval this instance mirrors (one task for one approval): Huiban then shows the two as one
 * item (the DingTalk approval is primary) and acting once settles both. Absent: unchanged; null: no longer.
 */
export const sameApprovalRefSchema = z
  .strictObject({
    dingtalkProcessInstanceId: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .meta({ description: 'The DingTalk OA approval (processInstanceId) this instance is a copy of' }),
  })
  .meta({
    id: 'SameApprovalRef',
    description:
      'Declares that this instance mirrors a DingTalk approval. Huiban shows the pair once (the DingTalk approval is primary, with both links) and an agree/refuse in Huiban is written back to DingTalk and to you (your action callback), once each. Absent = unchanged; null = no longer a copy.',
  });

export const instanceUpsertSchema = z
  .object({
    externalId: externalId.meta({
      description: 'Your id of the instance (idempotency key within your connector)',
    }),
    title: z.string().trim().min(1).max(500),
    processName: z.string().max(200).optional(),
    originator: personRefSchema.optional(),
    status: z.enum(['running', 'completed', 'terminated', 'cancelled', 'deleted']).default('running'),
    result: z.enum(['agree', 'refuse']).optional(),
    summary: z
      .string()
      .max(2000)
      .optional()
      .meta({ description: 'One-line form summary shown in the inbox' }),
    formValues: z.array(formValueInputSchema).max(200).default([]),
    pcUrl: z.url().max(2000).optional(),
    mobileUrl: z.url().max(2000).optional(),
    createdAt: dateTime.optional().meta({ description: 'When the instance started (default: updatedAt)' }),
    finishedAt: dateTime.optional(),
    updatedAt: dateTime.meta({
      description:
        'Your clock for this state. A push whose updatedAt is older than the stored one is ignored (outcome "stale").',
    }),
    tasks: z.array(taskInputSchema).max(500).default([]).meta({
      description: 'The complete task list: pending tasks stored earlier but missing here are cancelled',
    }),
    logs: z.array(logInputSchema).max(500).default([]),
    sameApprovalAs: sameApprovalRefSchema.nullable().optional(),
  })
  .refine((v) => !hasNul(v), NO_NUL)
  .meta({
    id: 'InstanceUpsert',
    examples: [
      {
        externalId: 'PO-2026-0042',
        title: '采购申请：服务器 2 台',
        originator: { email: 'lisi@example.com' },
        summary: '金额 ¥ 56,000',
        formValues: [{ name: '金额', value: 56000 }],
        pcUrl: 'https://erp.example.com/po/42',
        updatedAt: '2026-11-23T08:00:00Z',
        tasks: [{ externalTaskId: 'PO-2026-0042-t1', assignee: { email: 'wangwu@example.com' } }],
      },
    ],
  });
export type InstanceUpsert = z.output<typeof instanceUpsertSchema>;

export const taskOperationBodySchema = z
  .object({
    updatedAt: dateTime.meta({
      description: 'Your clock for this change; older than the stored task → "stale"',
    }),
    result: taskResultSchema.optional().meta({ description: 'complete only; default none' }),
    finishedAt: dateTime.optional().meta({ description: 'default: updatedAt' }),
  })
  .meta({ id: 'TaskOperation', examples: [{ updatedAt: '2026-11-23T09:00:00Z', result: 'agree' }] });
export type TaskOperationBody = z.output<typeof taskOperationBodySchema>;

export const TASK_OPERATIONS = ['complete', 'cancel', 'delete'] as const;
export type TaskOperation = (typeof TASK_OPERATIONS)[number];

export const batchItemSchema = z
  .discriminatedUnion('op', [
    z.object({ op: z.literal('upsert'), instance: instanceUpsertSchema }),
    z.object({
      op: z.enum(TASK_OPERATIONS),
      instanceExternalId: externalId,
      externalTaskId: externalId,
      ...taskOperationBodySchema.shape,
    }),
  ])
  .meta({ id: 'BatchItem' });
export type BatchItem = z.output<typeof batchItemSchema>;

export const MAX_BATCH_ITEMS = 500;

/** The OpenAPI view of a batch: items are validated one by one (an invalid item never fails the others). */
export const batchRequestSchema = z
  .object({ items: z.array(batchItemSchema).min(1).max(MAX_BATCH_ITEMS) })
  .meta({ id: 'BatchRequest' });

/** What the route parses up front: the envelope only; each item then goes through batchItemSchema. */
export const batchEnvelopeSchema = z.object({
  items: z.array(z.unknown()).min(1).max(MAX_BATCH_ITEMS, `at most ${MAX_BATCH_ITEMS} items per batch`),
});

export const pushOutcomeSchema = z.enum(['created', 'updated', 'stale', 'invalid', 'not_found']).meta({
  id: 'PushOutcome',
  description: 'stale: your updatedAt is older than the stored one; nothing changed',
});

export const pushResultSchema = z
  .object({
    index: z.number().int().optional(),
    ok: z.boolean(),
    outcome: pushOutcomeSchema,
    instanceExternalId: z.string().optional(),
    externalTaskId: z.string().optional(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .meta({ id: 'PushResult' });
export type PushResult = z.output<typeof pushResultSchema>;

export const batchResponseSchema = z
  .object({
    summary: z.object({ total: z.number().int(), ok: z.number().int(), failed: z.number().int() }),
    results: z.array(pushResultSchema),
  })
  .meta({ id: 'BatchResponse' });

export const taskStateSchema = z
  .object({
    externalTaskId: z.string(),
    kind: z.enum(['approval', 'cc']),
    assigneeExternalId: z.string(),
    assigneeUserId: z.string().nullable(),
    status: taskStatusSchema,
    result: taskResultSchema.nullable(),
    nodeName: z.string().nullable(),
    dueAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    updatedAt: z.string(),
    /** Set when the assignee acted in Huiban; the callback carries the details. */
    actedInHuibanAt: z.string().nullable(),
  })
  .meta({ id: 'TaskState' });

export const instanceStateSchema = z
  .object({
    externalId: z.string(),
    title: z.string(),
    status: z.string(),
    result: z.string().nullable(),
    updatedAt: z.string(),
    tasks: z.array(taskStateSchema),
  })
  .meta({ id: 'InstanceState' });
export type InstanceState = z.output<typeof instanceStateSchema>;

export const taskListQuerySchema = z.object({
  status: taskStatusSchema.optional(),
  instanceExternalId: externalId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const taskListResponseSchema = z
  .object({
    tasks: z.array(taskStateSchema.extend({ instanceExternalId: z.string() })),
  })
  .meta({ id: 'TaskList' });

export const instancePathSchema = z.object({ externalId });
export const taskPathSchema = z.object({ externalId, externalTaskId: externalId });

/** A person in a callback: the identity key Huiban keeps plus the id you pushed (one of them is set). */
export const callbackPersonSchema = z
  .object({
    externalUserId: z.string().meta({ description: 'e.g. email:wangwu@example.com' }),
    userId: z.string().optional(),
    email: z.string().optional(),
    mobile: z.string().optional(),
    dingtalkUserId: z.string().optional(),
  })
  .meta({ id: 'CallbackPerson' });

/** The body of the signed callback Huiban POSTs when someone acts on one of your tasks. */
export const actionCallbackSchema = z
  .object({
    event: z.literal('task.action'),
    deliveryId: z.string().meta({ description: 'Stable across retries of one action: deduplicate on it' }),
    action: z.enum(['agree', 'refuse', 'transfer', 'comment', 'revoke']),
    instanceExternalId: z.string(),
    externalTaskId: z.string().nullable(),
    actor: callbackPersonSchema.meta({
      description: 'Who acted: the assignee, or their delegate (代理) when onBehalfOf is set',
    }),
    onBehalfOf: callbackPersonSchema.nullable().meta({
      description: 'The task’s assignee when a delegate acted for them (代理); null when the assignee acted',
    }),
    target: callbackPersonSchema.nullable().meta({ description: 'transfer only' }),
    remark: z.string().nullable(),
    occurredAt: z.string(),
  })
  .meta({ id: 'ActionCallback' });
export type ActionCallback = z.output<typeof actionCallbackSchema>;
export const taskOperationPathSchema = taskPathSchema.extend({ operation: z.enum(TASK_OPERATIONS) });

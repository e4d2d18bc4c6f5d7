import { z } from 'zod';
import { slaDurationSchema } from '@/lib/sla/sla-rule';

/**
 * The shape of a local workflow definition: a form and a flow of steps. Stored as JSON in
 * `workflow_versions.form_schema` / `.steps` (and in a definition's draft), validated with these schemas on
 * every save and publish. The designer UI edits this shape; the engine (`lib/connectors/local/`) runs it.
 */

const FIELD_KEY = /^[a-zA-Z][a-zA-Z0-9_]{0,39}$/;
const fieldKey = z.string().regex(FIELD_KEY, '字段标识须以字母开头，只含字母、数字和下划线');

const fieldBase = {
  key: fieldKey,
  label: z.string().trim().min(1).max(60),
  required: z.boolean().default(false),
  /** Shown under the input. */
  help: z.string().max(200).optional(),
};

export const selectOptionSchema = z.object({
  value: z.string().min(1).max(60),
  label: z.string().min(1).max(60),
});

const MAX_BELOW_MIN = '最大值不能小于最小值';
const minNotAboveMax = (f: { min?: number | undefined; max?: number | undefined }) =>
  f.min === undefined || f.max === undefined || f.min <= f.max;

/** Fields a table row may hold (no nested tables, no attachments inside rows). */
const scalarFieldSchemas = [
  z.object({
    ...fieldBase,
    type: z.literal('text'),
    maxLength: z.number().int().positive().max(2000).optional(),
    pattern: z.string().max(200).optional(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('textarea'),
    maxLength: z.number().int().positive().max(20000).optional(),
  }),
  z
    .object({
      ...fieldBase,
      type: z.literal('number'),
      min: z.number().optional(),
      max: z.number().optional(),
      precision: z.number().int().min(0).max(6).optional(),
    })
    .refine(minNotAboveMax, { path: ['max'], message: MAX_BELOW_MIN }),
  /** Amounts in yuan with two decimals; `min`/`max` in yuan. Without `min`, an amount cannot be negative. */
  z
    .object({
      ...fieldBase,
      type: z.literal('money'),
      min: z.number().optional(),
      max: z.number().optional(),
    })
    .refine(minNotAboveMax, { path: ['max'], message: MAX_BELOW_MIN }),
  /** Value: `YYYY-MM-DD`. */
  z.object({ ...fieldBase, type: z.literal('date') }),
  /** Value: `[start, end]` as `YYYY-MM-DD`, start ≤ end. */
  z.object({ ...fieldBase, type: z.literal('dateRange') }),
  z.object({ ...fieldBase, type: z.literal('select'), options: z.array(selectOptionSchema).min(1).max(100) }),
  z.object({
    ...fieldBase,
    type: z.literal('multiSelect'),
    options: z.array(selectOptionSchema).min(1).max(100),
  }),
  /** Value: one Huiban user id, or an array when `multiple`. */
  z.object({ ...fieldBase, type: z.literal('user'), multiple: z.boolean().default(false) }),
] as const;

export const tableColumnSchema = z.discriminatedUnion('type', scalarFieldSchemas);

export const formFieldSchema = z.discriminatedUnion('type', [
  ...scalarFieldSchemas,
  /** Value: an array of `{ fileId, fileName, size, contentType }` for files uploaded to Huiban's storage first. */
  z.object({
    ...fieldBase,
    type: z.literal('attachments'),
    maxFiles: z.number().int().positive().max(20).default(9),
  }),
  /** 明细: value is an array of rows, each an object keyed by column key. */
  z.object({
    ...fieldBase,
    type: z.literal('table'),
    columns: z.array(tableColumnSchema).min(1).max(20),
    minRows: z.number().int().min(0).optional(),
    maxRows: z.number().int().positive().max(200).optional(),
  }),
]);

export const formSchemaSchema = z
  .object({ fields: z.array(formFieldSchema).max(60) })
  .superRefine((form, ctx) => {
    const seen = new Set<string>();
    for (const [i, f] of form.fields.entries()) {
      if (seen.has(f.key))
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'key'], message: `字段标识重复：${f.key}` });
      seen.add(f.key);
    }
  });

/** Who a step goes to. */
export const assigneeRuleSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('users'), userIds: z.array(z.uuid()).min(1).max(50) }),
  /** Every active Huiban user with this role. */
  z.object({ type: z.literal('role'), role: z.enum(['admin']) }),
  /** The originator's manager from the synced directory (`users.manager_id`), `levels` up. */
  z.object({ type: z.literal('manager'), levels: z.number().int().min(1).max(5).default(1) }),
  /** A user the originator picks in a `user` field of the form. */
  z.object({ type: z.literal('originatorPick'), fieldKey }),
]);

/** A condition on a form value; `else` branches have none. */
export const conditionSchema = z.object({
  fieldKey,
  op: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'contains', 'empty', 'notEmpty']),
  value: z
    .union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))])
    .optional(),
});

const stepBase = {
  /** Stable within a version; the engine's state refers to steps by id. */
  id: z.string().regex(/^[a-zA-Z0-9_-]{1,40}$/),
  name: z.string().trim().min(1).max(60),
};

export type WorkflowStep =
  | {
      id: string;
      name: string;
      kind: 'approval';
      assignee: z.infer<typeof assigneeRuleSchema>;
      /** sequential: one after another; all: 会签 (every one must agree); any: 或签 (the first answer decides). */
      mode: 'sequential' | 'all' | 'any';
      /** Hours after the task arrives when it becomes overdue (wall-clock; kept for older definitions). */
      dueHours?: number | undefined;
      /** The step's SLA in working time on the business calendar: wins over the process's (docs/sla.md). */
      sla?: { amount: number; unit: 'hours' | 'days' } | undefined;
    }
  | { id: string; name: string; kind: 'cc'; assignee: z.infer<typeof assigneeRuleSchema> }
  | {
      id: string;
      name: string;
      kind: 'condition';
      /** The first branch whose condition holds is taken; a branch without `when` is the else branch. */
      branches: { name: string; when?: z.infer<typeof conditionSchema> | undefined; steps: WorkflowStep[] }[];
    }
  | {
      id: string;
      name: string;
      kind: 'dingtalkApproval';
      /** A DingTalk connector of this org. */
      connectorId: string;
      /** The mapped DingTalk template. */
      processCode: string;
      /** Form field → DingTalk component name. */
      fieldMap: { fieldKey: string; componentName: string }[];
    }
  | {
      id: string;
      name: string;
      kind: 'automation';
      action:
        | {
            type: 'webhook';
            url: string;
            /**
             * Extra request headers. The call is also HMAC-signed (the engine documents the header). Values are
             * stored sealed and shown as WEBHOOK_HEADER_MASK (lib/connectors/local/webhook-headers.ts).
             */
            headers?: Record<string, string> | undefined;
          }
        | {
            type: 'connectAction';
            /** The DingTalk connector whose connect platform (连接平台) runs the action. */
            connectorId: string;
            integrationConnectorId: string;
            actionId: string;
            /** Action input: literal values, or `{{form.fieldKey}}` / `{{instance.id}}` templates. */
            input: Record<string, unknown>;
          };
    };

/** What an admin sees instead of a webhook header's value, and sends back to keep it unchanged. */
export const WEBHOOK_HEADER_MASK = '••••••••';
/** Longest webhook header value an admin may enter. */
export const WEBHOOK_HEADER_VALUE_MAX = 500;

export const workflowStepSchema: z.ZodType<WorkflowStep> = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.object({
      ...stepBase,
      kind: z.literal('approval'),
      assignee: assigneeRuleSchema,
      mode: z.enum(['sequential', 'all', 'any']).default('sequential'),
      dueHours: z
        .number()
        .positive()
        .max(24 * 90)
        .optional(),
      sla: slaDurationSchema.optional(),
    }),
    z.object({ ...stepBase, kind: z.literal('cc'), assignee: assigneeRuleSchema }),
    z.object({
      ...stepBase,
      kind: z.literal('condition'),
      branches: z
        .array(
          z.object({
            name: z.string().trim().min(1).max(60),
            when: conditionSchema.optional(),
            steps: z.array(workflowStepSchema).max(30),
          }),
        )
        .min(2)
        .max(10),
    }),
    z.object({
      ...stepBase,
      kind: z.literal('dingtalkApproval'),
      connectorId: z.uuid(),
      processCode: z.string().min(1).max(100),
      fieldMap: z.array(z.object({ fieldKey, componentName: z.string().min(1).max(100) })).max(60),
    }),
    z.object({
      ...stepBase,
      kind: z.literal('automation'),
      action: z.discriminatedUnion('type', [
        z.object({
          type: z.literal('webhook'),
          url: z.url({ protocol: /^https?$/ }),
          // Stored values are sealed (longer than the WEBHOOK_HEADER_VALUE_MAX characters an admin may enter).
          headers: z.record(z.string(), z.string().max(1000)).optional(),
        }),
        z.object({
          type: z.literal('connectAction'),
          connectorId: z.uuid(),
          integrationConnectorId: z.string().min(1).max(100),
          actionId: z.string().min(1).max(100),
          input: z.record(z.string(), z.unknown()),
        }),
      ]),
    }),
  ]),
);

/** Per-definition options. */
export const workflowOptionsSchema = z.object({
  /** Mirror each local task into the assignee's DingTalk 待办 through this DingTalk connector. */
  mirrorTodoConnectorId: z.uuid().nullable().default(null),
  /** Send a DingTalk work notice to the assignee when a task arrives (same connector). */
  notifyAssignee: z.boolean().default(false),
  /**
   * Show the instances and approval tasks in DingTalk's approval centre (process centre, 三方流程对接) through
   * this DingTalk connector. When set it replaces the 待办 mirror (dingtalk-task-channel.ts).
   */
  approvalCentreConnectorId: z.uuid().nullable().optional(),
});

/** A whole definition body: what the designer saves as a draft and what publishing freezes into a version. */
export const workflowBodySchema = z
  .object({
    form: formSchemaSchema,
    steps: z.array(workflowStepSchema).min(1).max(30),
    options: workflowOptionsSchema.default({ mirrorTodoConnectorId: null, notifyAssignee: false }),
  })
  .superRefine((body, ctx) => {
    const fieldKeys = new Set(body.form.fields.map((f) => f.key));
    const stepIds = new Set<string>();
    const visit = (steps: WorkflowStep[], path: (string | number)[]) => {
      for (const [i, step] of steps.entries()) {
        const at = [...path, i];
        if (stepIds.has(step.id))
          ctx.addIssue({ code: 'custom', path: [...at, 'id'], message: `步骤标识重复：${step.id}` });
        stepIds.add(step.id);
        if ((step.kind === 'approval' || step.kind === 'cc') && step.assignee.type === 'originatorPick') {
          const f = body.form.fields.find((x) => x.key === (step.assignee as { fieldKey: string }).fieldKey);
          if (f?.type !== 'user')
            ctx.addIssue({
              code: 'custom',
              path: [...at, 'assignee', 'fieldKey'],
              message: '须指向表单中的人员字段',
            });
        }
        if (step.kind === 'condition') {
          for (const [b, branch] of step.branches.entries()) {
            if (branch.when && !fieldKeys.has(branch.when.fieldKey))
              ctx.addIssue({
                code: 'custom',
                path: [...at, 'branches', b, 'when', 'fieldKey'],
                message: '条件字段不在表单中',
              });
            visit(branch.steps, [...at, 'branches', b, 'steps']);
          }
        }
        if (step.kind === 'dingtalkApproval') {
          for (const [m, map] of step.fieldMap.entries())
            if (!fieldKeys.has(map.fieldKey))
              ctx.addIssue({
                code: 'custom',
                path: [...at, 'fieldMap', m, 'fieldKey'],
                message: '字段不在表单中',
              });
        }
      }
    };
    visit(body.steps, ['steps']);
  });

export type FormField = z.infer<typeof formFieldSchema>;
export type FormSchema = z.infer<typeof formSchemaSchema>;
export type AssigneeRule = z.infer<typeof assigneeRuleSchema>;
export type StepCondition = z.infer<typeof conditionSchema>;
export type WorkflowOptions = z.infer<typeof workflowOptionsSchema>;
export type WorkflowBody = z.infer<typeof workflowBodySchema>;

/** A field-level problem with submitted form values; `path` starts with the field key (then row index, column key). */
export type FormValueIssue = { path: (string | number)[]; message: string };

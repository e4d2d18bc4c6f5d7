import type {
  AssigneeRule,
  FormField,
  StepCondition,
  WorkflowOptions,
  WorkflowStep,
} from '@/lib/connectors/local/definition-schema';

/** The designer's working copy of a definition body (the draft may be incomplete while editing). */
export type DraftBody = { form: { fields: FormField[] }; steps: WorkflowStep[]; options: WorkflowOptions };

export const FIELD_TYPES = [
  'text',
  'textarea',
  'number',
  'money',
  'date',
  'dateRange',
  'select',
  'multiSelect',
  'user',
  'attachments',
  'table',
] as const satisfies FormField['type'][];
export type FieldType = (typeof FIELD_TYPES)[number];
export const SCALAR_FIELD_TYPES = FIELD_TYPES.filter((t) => t !== 'attachments' && t !== 'table');

export const STEP_KINDS = ['approval', 'cc', 'condition', 'dingtalkApproval', 'automation'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** A stored draft as the designer can edit it: missing parts become empty, never a crash. */
export function toDraftBody(draft: unknown): DraftBody {
  const d = (draft ?? {}) as Partial<DraftBody>;
  return {
    form: { fields: Array.isArray(d.form?.fields) ? d.form.fields : [] },
    steps: Array.isArray(d.steps) ? d.steps : [],
    options: {
      mirrorTodoConnectorId: d.options?.mirrorTodoConnectorId ?? null,
      notifyAssignee: d.options?.notifyAssignee ?? false,
      approvalCentreConnectorId: d.options?.approvalCentreConnectorId ?? null,
    },
  };
}

function nextKey(prefix: string, taken: Set<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** A new field of a type with a free key (`field1`, `field2` …) and sensible settings. */
export function newField(type: FieldType, label: string, takenKeys: Iterable<string>): FormField {
  const key = nextKey('field', new Set(takenKeys));
  const base = { key, label, required: false };
  switch (type) {
    case 'select':
    case 'multiSelect':
      return {
        ...base,
        type,
        options: [
          { value: 'A', label: 'A' },
          { value: 'B', label: 'B' },
        ],
      };
    case 'user':
      return { ...base, type, multiple: false };
    case 'attachments':
      return { ...base, type, maxFiles: 9 };
    case 'table':
      return { ...base, type, columns: [{ key: 'item', label: '项目', type: 'text', required: false }] };
    default:
      return { ...base, type } as FormField;
  }
}

/** Every step id in a flow, branches included. */
export function stepIds(steps: WorkflowStep[]): string[] {
  return steps.flatMap((s) => [
    s.id,
    ...(s.kind === 'condition' ? s.branches.flatMap((b) => stepIds(b.steps)) : []),
  ]);
}

/** A new step of a kind with a free id (`step1` …) across the whole flow. */
export function newStep(kind: StepKind, name: string, allSteps: WorkflowStep[]): WorkflowStep {
  const id = nextKey('step', new Set(stepIds(allSteps)));
  switch (kind) {
    case 'approval':
      return { id, name, kind, assignee: { type: 'manager', levels: 1 }, mode: 'sequential' };
    case 'cc':
      return { id, name, kind, assignee: { type: 'role', role: 'admin' } };
    case 'condition':
      return {
        id,
        name,
        kind,
        branches: [
          { name: '条件 1', when: undefined, steps: [] },
          { name: '其他情况', steps: [] },
        ],
      };
    case 'dingtalkApproval':
      return { id, name, kind, connectorId: '', processCode: '', fieldMap: [] };
    case 'automation':
      return { id, name, kind, action: { type: 'webhook', url: '' } };
  }
}

/** Moves an item of a list up or down, immutably. */
export function move<T>(list: T[], index: number, delta: -1 | 1): T[] {
  const to = index + delta;
  if (to < 0 || to >= list.length) return list;
  const next = [...list];
  const [item] = next.splice(index, 1);
  next.splice(to, 0, item as T);
  return next;
}

export const CONDITION_OPS: StepCondition['op'][] = [
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'in',
  'contains',
  'empty',
  'notEmpty',
];

/** The i18n keys (namespace `workflows`) the UI uses for an assignee rule's summary. */
export function assigneeSummary(
  rule: AssigneeRule | undefined,
  names: Map<string, string>,
  fields: FormField[],
): {
  key: 'assignee.users' | 'assignee.role' | 'assignee.manager' | 'assignee.pick' | 'assignee.none';
  vars: Record<string, string | number>;
} {
  if (!rule) return { key: 'assignee.none', vars: {} };
  switch (rule.type) {
    case 'users':
      return {
        key: 'assignee.users',
        vars: { names: rule.userIds.map((id) => names.get(id) ?? '…').join('、') },
      };
    case 'role':
      return { key: 'assignee.role', vars: {} };
    case 'manager':
      return { key: 'assignee.manager', vars: { n: rule.levels } };
    case 'originatorPick':
      return {
        key: 'assignee.pick',
        vars: { field: fields.find((f) => f.key === rule.fieldKey)?.label ?? rule.fieldKey },
      };
  }
}

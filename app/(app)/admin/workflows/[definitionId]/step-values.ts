import type { FormField, WorkflowStep } from '@/lib/connectors/local/definition-schema';

// biome-ignore lint/suspicious/noExplicitAny: the drawer's form values differ by step kind; fromValues shapes them
export type Values = Record<string, any>;

/** The step as the drawer's form holds it (lists instead of maps, flags instead of optional objects). */
export function toValues(step: WorkflowStep): Values {
  switch (step.kind) {
    case 'condition':
      return {
        ...step,
        branches: step.branches.map((b, i) => ({
          name: b.name,
          hasWhen: Boolean(b.when),
          when: b.when
            ? { ...b.when, value: Array.isArray(b.when.value) ? b.when.value.join(',') : b.when.value }
            : { op: 'eq' },
          index: i,
        })),
      };
    case 'automation':
      return step.action.type === 'webhook'
        ? {
            ...step,
            action: {
              ...step.action,
              headerList: Object.entries(step.action.headers ?? {}).map(([name, value]) => ({ name, value })),
            },
          }
        : {
            ...step,
            action: { ...step.action, ref: `${step.action.integrationConnectorId}::${step.action.actionId}` },
          };
    default:
      return { ...step };
  }
}

export function conditionValue(op: string, raw: unknown, field: FormField | undefined): unknown {
  if (op === 'empty' || op === 'notEmpty') return undefined;
  const numeric = field?.type === 'number' || field?.type === 'money';
  const one = (s: string) => (numeric && s.trim() !== '' && !Number.isNaN(Number(s)) ? Number(s) : s.trim());
  if (op === 'in')
    return String(raw ?? '')
      .split(/[,，]/)
      .filter(Boolean)
      .map(one);
  return one(String(raw ?? ''));
}

export function fromValues(step: WorkflowStep, v: Values, fields: FormField[]): WorkflowStep {
  const base = { id: step.id, name: String(v.name ?? '').trim() };
  switch (step.kind) {
    case 'approval':
      return {
        ...base,
        kind: 'approval',
        assignee: v.assignee,
        mode: v.mode ?? 'sequential',
        ...(typeof v.dueHours === 'number' ? { dueHours: v.dueHours } : {}),
        // The step's SLA in working time (docs/sla.md); empty = the process's from 流程设置.
        ...(typeof v.sla?.amount === 'number'
          ? { sla: { amount: v.sla.amount, unit: v.sla.unit ?? 'hours' } }
          : {}),
      };
    case 'cc':
      return { ...base, kind: 'cc', assignee: v.assignee };
    case 'condition':
      return {
        ...base,
        kind: 'condition',
        branches: (v.branches as Values[]).map((b) => ({
          name: String(b.name ?? '').trim(),
          ...(b.hasWhen
            ? {
                when: {
                  fieldKey: b.when?.fieldKey,
                  op: b.when?.op ?? 'eq',
                  ...(conditionValue(
                    b.when?.op,
                    b.when?.value,
                    fields.find((f) => f.key === b.when?.fieldKey),
                  ) !== undefined
                    ? {
                        value: conditionValue(
                          b.when?.op,
                          b.when?.value,
                          fields.find((f) => f.key === b.when?.fieldKey),
                        ) as string,
                      }
                    : {}),
                },
              }
            : {}),
          // Steps inside a branch are edited on the canvas; the drawer keeps them with their branch.
          steps: typeof b.index === 'number' ? (step.branches[b.index]?.steps ?? []) : [],
        })),
      };
    case 'dingtalkApproval':
      return {
        ...base,
        kind: 'dingtalkApproval',
        connectorId: v.connectorId ?? '',
        processCode: String(v.processCode ?? '').trim(),
        fieldMap: (v.fieldMap ?? []).filter((m: Values) => m?.fieldKey && m?.componentName),
      };
    case 'automation': {
      const a = v.action ?? {};
      if (a.type === 'connectAction') {
        const [integrationConnectorId = '', actionId = ''] = String(a.ref ?? '').split('::');
        const input = Object.fromEntries(
          Object.entries((a.input ?? {}) as Record<string, unknown>).filter(
            ([, x]) => x !== undefined && x !== '',
          ),
        );
        return {
          ...base,
          kind: 'automation',
          action: {
            type: 'connectAction',
            connectorId: a.connectorId ?? '',
            integrationConnectorId,
            actionId,
            input,
          },
        };
      }
      const headers = Object.fromEntries(
        ((a.headerList ?? []) as Values[])
          .filter((h) => h?.name)
          .map((h) => [String(h.name).trim(), String(h.value ?? '')]),
      );
      return {
        ...base,
        kind: 'automation',
        action: {
          type: 'webhook',
          url: String(a.url ?? '').trim(),
          ...(Object.keys(headers).length ? { headers } : {}),
        },
      };
    }
  }
}

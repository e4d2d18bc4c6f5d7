import type { DraftBody } from '@/lib/client/workflow-designer';
import type { FormField, WorkflowStep } from '@/lib/connectors/local/definition-schema';
import type { T as TFor } from '@/lib/i18n/translate';

type T = TFor<'workflows'>;

/** `form.fields.1.key` → 字段「金额」· key; `steps.0.branches.1.steps.0.assignee` → 步骤「主管审批」· assignee. */
export function describePath(path: string, body: DraftBody, t: T): string {
  const parts = path.split('.');
  if (parts[0] === 'form' && parts[1] === 'fields' && parts[2] !== undefined) {
    const field: FormField | undefined = body.form.fields[Number(parts[2])];
    return `${t('issue.field', { name: field?.label || `#${Number(parts[2]) + 1}` })}${parts.length > 3 ? ` · ${parts.slice(3).join('.')}` : ''}`;
  }
  if (parts[0] === 'steps') {
    let steps: WorkflowStep[] = body.steps;
    let step: WorkflowStep | undefined;
    let i = 1;
    for (; i < parts.length; i++) {
      step = steps[Number(parts[i])];
      if (step?.kind === 'condition' && parts[i + 1] === 'branches' && parts[i + 3] === 'steps') {
        steps = step.branches[Number(parts[i + 2])]?.steps ?? [];
        i += 3;
        continue;
      }
      break;
    }
    const rest = parts.slice(i + 1).join('.');
    return step ? `${t('issue.step', { name: step.name })}${rest ? ` · ${rest}` : ''}` : t('issue.flow');
  }
  return path;
}

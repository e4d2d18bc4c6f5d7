import type { ForecastNode } from '../dingtalk/forecast-process';
import type { WorkflowStep } from './definition-schema';
import { type Person, pickBranch } from './engine';

export type { ForecastNode };

/** What DingTalk's forecast said about a `dingtalkApproval` step. */
export type DingtalkForecast =
  | { status: 'ok'; nodes: ForecastNode[] }
  /** noAccount: the originator has no DingTalk account on that connector; failed: the forecast call failed. */
  | { status: 'noAccount' | 'unsuccessful' | 'failed' };

/** One step of the chain a request will take, as 发起申请 shows it. */
export type ChainStep = { stepId: string; name: string; branch: string | null } & (
  | {
      kind: 'approval';
      mode: 'sequential' | 'all' | 'any';
      approvers: string[];
      /** Nobody resolved (no manager, no pick yet): the admins approve. */
      toAdmins: boolean;
    }
  | { kind: 'cc'; recipients: string[] }
  | { kind: 'dingtalkApproval'; forecast: DingtalkForecast }
  | { kind: 'automation' }
);

export type ChainPreview = { originator: string; steps: ChainStep[] };

/**
 * The steps a request takes with these form values, in order: condition steps resolved the way the engine
 * resolves them (pickBranch), their branch steps spliced in and labelled with the branch's name.
 */
export function stepsOnPath(
  steps: WorkflowStep[],
  values: Record<string, unknown>,
): { step: WorkflowStep; branch: string | null }[] {
  const out: { step: WorkflowStep; branch: string | null }[] = [];
  const walk = (list: WorkflowStep[], branch: string | null) => {
    for (const step of list) {
      if (step.kind !== 'condition') {
        out.push({ step, branch });
        continue;
      }
      const taken = pickBranch(step, values);
      if (taken) walk(taken.steps, taken.name);
    }
  };
  walk(steps, null);
  return out;
}

/**
 * The approval chain preview (pure): the path through the definition for these values, each approval and cc
 * step with the people resolved for it (resolveAssignees: the originator's manager, picks from the form,
 * fallbacks to the admins), and each DingTalk approval step with its forecast.
 */
export function buildChainPreview(input: {
  originator: string;
  steps: WorkflowStep[];
  values: Record<string, unknown>;
  assignees: Record<string, Person[]>;
  toAdmins: readonly string[];
  forecasts: Record<string, DingtalkForecast>;
}): ChainPreview {
  const names = (stepId: string) => (input.assignees[stepId] ?? []).map((p) => p.name);
  const steps = stepsOnPath(input.steps, input.values).flatMap(({ step, branch }): ChainStep[] => {
    const base = { stepId: step.id, name: step.name, branch };
    switch (step.kind) {
      case 'approval':
        return [
          {
            ...base,
            kind: 'approval',
            mode: step.mode,
            approvers: names(step.id),
            toAdmins: input.toAdmins.includes(step.id),
          },
        ];
      case 'cc':
        return [{ ...base, kind: 'cc', recipients: names(step.id) }];
      case 'dingtalkApproval':
        return [
          { ...base, kind: 'dingtalkApproval', forecast: input.forecasts[step.id] ?? { status: 'failed' } },
        ];
      case 'automation':
        return [{ ...base, kind: 'automation' }];
      default:
        return [];
    }
  });
  return { originator: input.originator, steps };
}

import type { WorkflowOptions } from './definition-schema';

export type DingtalkTaskChannel = { via: 'approvalCentre' | 'todo'; connectorId: string } | null;

/**
 * Where a local workflow's approval tasks appear in DingTalk: in the approval centre (process centre, §5.10)
 * when the workflow enables it, else as 待办 when it mirrors them, else nowhere. The one decision both paths
 * read (the engine when it plans effects, the 待办 mirror when it runs), so no task is ever in both.
 */
export function dingtalkTaskChannel(
  options: Pick<WorkflowOptions, 'mirrorTodoConnectorId' | 'approvalCentreConnectorId'>,
): DingtalkTaskChannel {
  if (options.approvalCentreConnectorId)
    return { via: 'approvalCentre', connectorId: options.approvalCentreConnectorId };
  if (options.mirrorTodoConnectorId) return { via: 'todo', connectorId: options.mirrorTodoConnectorId };
  return null;
}

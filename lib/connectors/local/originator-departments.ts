import type { DbOrTx } from '@/db/client';
import { dingtalkAccountOf } from '../dingtalk/workflow-bridge';
import type { WorkflowStep } from './definition-schema';
import { indexSteps } from './engine';

/**
 * The `deptId` a DingTalk-approval step sends for its originator (§5.2): the department they chose on the form
 * when it is one of theirs, else their first (their only one, in the normal case: the form asks whenever there
 * are several), else -1 (the root) when the directory knows none of their departments.
 */
export function pickDepartment(departments: string[], chosen: string | null): number {
  const id = chosen && departments.includes(chosen) ? chosen : departments[0];
  const n = Number(id);
  return id !== undefined && Number.isSafeInteger(n) ? n : -1;
}

/**
 * When the originator must say which department they apply as: the definition has a DingTalk-approval step and
 * their account on its connector is in several departments. Null otherwise (nothing to ask).
 */
export async function departmentQuestion(
  db: DbOrTx,
  steps: WorkflowStep[],
  userId: string,
): Promise<{ connectorId: string; departments: string[] } | null> {
  const connectorIds = new Set<string>();
  for (const step of indexSteps(steps).values())
    if (step.kind === 'dingtalkApproval') connectorIds.add(step.connectorId);
  for (const connectorId of connectorIds) {
    const account = await dingtalkAccountOf(db, connectorId, userId);
    if (account && account.departments.length > 1) return { connectorId, departments: account.departments };
  }
  return null;
}

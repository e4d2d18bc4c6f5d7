import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { log } from '@/lib/log';
import { forecastDingTalkProcess } from '../../dingtalk/forecast-process';
import { dingtalkAccountOf } from '../../dingtalk/workflow-bridge';
import {
  buildChainPreview,
  type ChainPreview,
  type DingtalkForecast,
  stepsOnPath,
} from '../build-chain-preview';
import type { FormSchema, WorkflowStep } from '../definition-schema';
import { encodeFormValues } from '../encode-form-values';
import { loadDingtalkSettings } from '../load-dingtalk-settings';
import { loadVersionBody } from '../load-run';
import { pickDepartment } from '../originator-departments';
import { resolveAssignees } from '../resolve-assignees';
import { findStartableVersion } from './list-startable-workflows';

/**
 * 发起申请's approval chain for the values typed so far (nothing is written): the published version of a
 * definition the viewer may start (404 otherwise, as for starting), its people resolved for the viewer as
 * originator, and DingTalk's forecast for each DingTalk approval step on the path. A forecast that cannot be
 * made shows as such on its step; it never fails the preview. The forecast asks for the department the start
 * will send: the one chosen on the form (`dingtalkDeptId`, when the originator is in several), else theirs.
 */
export async function previewApprovalChain(
  db: Db,
  viewer: Viewer,
  input: { definitionId: string; values: Record<string, unknown>; dingtalkDeptId?: string | null },
): Promise<ChainPreview> {
  const { version } = await findStartableVersion(db, viewer, input.definitionId);
  const body = await loadVersionBody(db, version.id);
  if (!body) return { originator: '', steps: [] };
  const values = input.values ?? {};
  const [me] = await db.select({ name: users.name }).from(users).where(eq(users.id, viewer.userId));
  const { assignees, toAdmins } = await resolveAssignees(db, {
    steps: body.steps,
    originatorUserId: viewer.userId,
    values,
  });
  const forecasts: Record<string, DingtalkForecast> = {};
  for (const { step } of stepsOnPath(body.steps, values))
    if (step.kind === 'dingtalkApproval')
      forecasts[step.id] = await forecastStep(
        db,
        viewer,
        step,
        body.form,
        values,
        input.dingtalkDeptId ?? null,
      );
  return buildChainPreview({
    originator: me?.name ?? '',
    steps: body.steps,
    values,
    assignees,
    toAdmins,
    forecasts,
  });
}

async function forecastStep(
  db: Db,
  viewer: Viewer,
  step: Extract<WorkflowStep, { kind: 'dingtalkApproval' }>,
  form: FormSchema,
  values: Record<string, unknown>,
  chosenDeptId: string | null,
): Promise<DingtalkForecast> {
  try {
    const account = await dingtalkAccountOf(db, step.connectorId, viewer.userId);
    if (!account) return { status: 'noAccount' };
    const settings = await loadDingtalkSettings(db, step.connectorId);
    const nodes = await forecastDingTalkProcess(settings, {
      processCode: step.processCode,
      userId: account.userId,
      deptId: pickDepartment(account.departments, chosenDeptId),
      formComponentValues: await encodeFormValues(db, step, form, values),
    });
    return nodes ? { status: 'ok', nodes } : { status: 'unsuccessful' };
  } catch (error) {
    log.warn({ err: error, stepId: step.id }, 'approval forecast failed');
    return { status: 'failed' };
  }
}

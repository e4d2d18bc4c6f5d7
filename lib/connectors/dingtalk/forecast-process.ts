import { z } from 'zod';
import type { ApiCredentials } from './open-api';
import { callApi } from './open-api';

/** One node of a DingTalk approval's forecast, in Huiban's words. */
export type ForecastNode = {
  name: string;
  /** approver 审批 · cc 抄送 · handler 办理 */
  role: 'approver' | 'cc' | 'handler';
  /** ONE_BY_ONE → sequential, AND → all (会签), OR → any (或签). */
  mode: 'sequential' | 'all' | 'any';
  /** Resolved people (names); empty when the originator chooses them at start. */
  people: string[];
  /** An originator-chosen node (自选, `target_select`). */
  originatorChooses: boolean;
};

const actorSchema = z
  .object({
    actorType: z.string().optional(),
    approvalMethod: z.string().optional(),
    actorSelectionRange: z
      .object({
        approvals: z
          .array(z.object({ workNo: z.string().optional(), userName: z.string().optional() }).loose())
          .optional(),
      })
      .loose()
      .optional(),
  })
  .loose();

const forecastAnswerSchema = z
  .object({
    result: z
      .object({
        isForecastSuccess: z.boolean().optional(),
        workflowActivityRules: z
          .array(
            z
              .object({
                activityName: z.string().optional(),
                activityType: z.string().optional(),
                isTargetSelect: z.boolean().optional(),
                workflowActor: actorSchema.optional(),
                // Documented, absent from the SDK model (wave2 §2, UNCONFIRMED): used when present.
                activityActioners: z
                  .array(z.object({ userId: z.string().optional(), name: z.string().optional() }).loose())
                  .optional(),
              })
              .loose(),
          )
          .optional(),
      })
      .loose(),
  })
  .loose();

/**
 * `POST /v1.0/workflow/processes/forecast` (dingtalk-wave2-apis.md §2): the nodes a template's own flow will
 * take for this originator and these values, in the department they apply as (`deptId`: the same one the
 * start sends, pickDepartment(); -1, the root, only when the directory knows none of theirs — whether the
 * forecast accepts -1 is UNCONFIRMED; the sandbox's `forecastRootDept` option plays both).
 * Returns null when DingTalk says the forecast did not succeed; throws AdapterError when the call fails.
 */
export async function forecastDingTalkProcess(
  s: ApiCredentials,
  input: {
    processCode: string;
    userId: string;
    deptId: number;
    formComponentValues: { name: string; value: string }[];
  },
): Promise<ForecastNode[] | null> {
  const raw = await callApi<unknown>(s, '/v1.0/workflow/processes/forecast', {
    body: {
      processCode: input.processCode,
      deptId: input.deptId,
      userId: input.userId,
      formComponentValues: input.formComponentValues,
    },
  });
  const parsed = forecastAnswerSchema.safeParse(raw);
  if (!parsed.success || parsed.data.result.isForecastSuccess !== true) return null;
  return (parsed.data.result.workflowActivityRules ?? []).map((rule) => {
    const actor = rule.workflowActor;
    const chooses = rule.isTargetSelect === true || rule.activityType === 'target_select';
    const named = rule.activityActioners?.map((a) => a.name ?? a.userId ?? '');
    const listed = actor?.actorSelectionRange?.approvals?.map((a) => a.userName || a.workNo || '');
    return {
      name: rule.activityName ?? '',
      role: actor?.actorType === 'notifier' ? 'cc' : actor?.actorType === 'audit' ? 'handler' : 'approver',
      mode: actor?.approvalMethod === 'AND' ? 'all' : actor?.approvalMethod === 'OR' ? 'any' : 'sequential',
      people: chooses ? [] : (named ?? listed ?? []).filter(Boolean),
      originatorChooses: chooses,
    };
  });
}

import type { DbOrTx } from '@/db/client';
import type { MoreActions } from '../types';
import { type EngineContext, ORIGINATOR_STEP, revertTargets, withdrawRefusal } from './engine';
import { loadRun } from './load-run';

/**
 * 加签 / 退回 / 撤回 / 再次提交 for one person on a local run, as the engine would accept them: 加签 and 退回 on
 * their pending task of the current step, 撤回 of their latest agree while the next step has not acted, 再次提交
 * when the run was sent back to them as originator.
 */
export async function moreLocalActions(
  db: DbOrTx,
  input: { instanceExternalId: string; actorExternalId: string; externalTaskId: string | null },
): Promise<MoreActions> {
  const none: MoreActions = {
    append: 'none',
    revert: 'none',
    withdraw: 'none',
    resubmit: 'none',
    revertTargets: [],
    withdrawTaskExternalId: null,
  };
  const loaded = await loadRun(db, input.instanceExternalId);
  if (loaded?.state.status !== 'running') return none;
  const { state } = loaded;
  const ctx: EngineContext = {
    steps: loaded.body.steps,
    values: loaded.run.values,
    options: loaded.body.options,
    originator: loaded.originator,
    now: new Date(),
  };
  const out = { ...none };
  const me = input.actorExternalId;
  const task = state.tasks.find(
    (t) =>
      t.id === input.externalTaskId && t.userId === me && t.status === 'pending' && t.kind === 'approval',
  );
  if (task && task.stepId !== ORIGINATOR_STEP && state.current?.stepId === task.stepId) {
    if (state.current.waiting === 'tasks') {
      if (!task.addedBy) {
        out.append = 'huiban';
        out.appendPositions = ['before', 'after', 'alongside'];
      }
      out.revert = 'huiban';
      out.revertTargets = [
        { id: ORIGINATOR_STEP, name: loaded.originator.name },
        ...revertTargets(state, ctx).map((s) => ({ id: s.stepId, name: s.name })),
      ];
    }
  }
  const agreed = state.tasks
    .filter((t) => t.userId === me && t.status === 'done' && t.result === 'agree')
    .at(-1);
  if (agreed && withdrawRefusal(state, agreed.id, me, ctx) === null) {
    out.withdraw = 'huiban';
    out.withdrawTaskExternalId = agreed.id;
  }
  if (me === loaded.originator.userId && state.current?.waiting === 'resubmit') out.resubmit = 'huiban';
  return out;
}

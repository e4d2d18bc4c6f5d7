import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx, Tx } from '@/db/client';
import { identities, localDingtalkLinks, localEffects, localRuns, users } from '@/db/schema';
import { sendJob } from '@/lib/jobs/send-job';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { dingtalkApprovalKey } from '../dingtalk/links';
import { buildLocalSnapshot } from './build-snapshot';
import {
  type EngineEffect,
  type EngineEvent,
  type EngineState,
  indexSteps,
  ORIGINATOR_STEP,
  transition,
} from './engine';
import { type LoadedRun, loadRun } from './load-run';
import { ensureLocalConnector } from './local-connector';
// Registers local workflows' notice policy: every local snapshot is applied through this module.
import './task-notice-policy';

export type LocalEventOutcome = {
  /** process_instances.id of the run. */
  instanceId: string;
  changed: boolean;
  rejected?: string;
  state: EngineState;
};

/** Thrown when another transaction moved the run between our read and our guarded update (retry the job). */
export class StaleRunError extends Error {
  constructor(runId: string) {
    super(`local run ${runId} changed concurrently`);
    this.name = 'StaleRunError';
  }
}

/**
 * Applies one engine event to a run, in the caller's transaction: lock the run, compute the pure transition,
 * write the new state with `UPDATE … WHERE version = <read>`, insert each effect (unique per run and key) with
 * its job, and apply the instance's snapshot. Either all of it commits or none of it: a worker killed
 * anywhere leaves the previous state and its already-committed jobs, and the retried job replays the same
 * transition (events carry keys the state remembers, so nothing is applied twice).
 */
export async function applyLocalEvent(
  tx: Tx,
  runId: string,
  event: EngineEvent,
  options: { now?: Date; values?: Record<string, unknown> } = {},
): Promise<LocalEventOutcome> {
  const found = await loadRun(tx, runId, { forUpdate: true });
  if (!found) throw new Error(`local run ${runId} not found`);
  // 再次提交 brings edited form values: the transition decides on them and they are stored with its state.
  const loaded = options.values ? { ...found, run: { ...found.run, values: options.values } } : found;
  const result = transition(loaded.state, event, {
    steps: loaded.body.steps,
    values: loaded.run.values,
    options: loaded.body.options,
    originator: loaded.originator,
    now: options.now ?? new Date(),
  });
  if (!result.changed) {
    const instanceId = await projectRun(tx, found, found.state);
    return { instanceId, changed: false, rejected: result.rejected, state: loaded.state };
  }
  const updated = await tx
    .update(localRuns)
    .set({
      state: result.state,
      status: result.state.status,
      version: loaded.run.version + 1,
      ...(options.values ? { values: options.values } : {}),
    })
    .where(and(eq(localRuns.id, runId), eq(localRuns.version, loaded.run.version)))
    .returning({ id: localRuns.id });
  if (!updated.length) throw new StaleRunError(runId);
  await enqueueEffects(tx, runId, result.effects);
  const instanceId = await projectRun(tx, loaded, result.state);
  return { instanceId, changed: true, state: result.state };
}

async function enqueueEffects(tx: Tx, runId: string, effects: EngineEffect[]) {
  for (const effect of effects) {
    const { kind, key, ...payload } = effect;
    const [row] = await tx
      .insert(localEffects)
      .values({ runId, key, kind, payload })
      .onConflictDoNothing({ target: [localEffects.runId, localEffects.key] })
      .returning({ id: localEffects.id });
    // Already there: an earlier commit of this very effect owns its job.
    if (row) await sendJob(tx, 'run-local-effect', { effectId: row.id }, { singletonKey: row.id });
  }
}

/**
 * Writes the run's instance, tasks and logs through applySnapshot() (invariant 4). Every person the run names
 * gets an identity on the local connector keyed by their Huiban user id, linked to that user, first.
 */
export async function projectRun(tx: Tx, loaded: LoadedRun, state: EngineState): Promise<string> {
  const connectorId = await ensureLocalConnector(tx);
  const { snapshot, people } = await buildRunSnapshot(tx, loaded, state);
  if (people.length) {
    await tx
      .insert(identities)
      .values(
        people.map((p) => ({
          connectorId,
          externalUserId: p.id,
          userId: p.id,
          name: p.name,
          matchedBy: 'userId',
        })),
      )
      .onConflictDoNothing({ target: [identities.connectorId, identities.externalUserId] });
  }
  const applied = await applySnapshot(tx, { connectorId, source: 'local', snapshot });
  return applied.instanceId;
}

/** The run as a snapshot, with the Huiban users it names. */
export async function buildRunSnapshot(db: DbOrTx, loaded: LoadedRun, state: EngineState) {
  const userIds = new Set<string>([loaded.originator.userId]);
  for (const t of state.tasks) userIds.add(t.userId);
  for (const l of state.logs) if (l.actorUserId) userIds.add(l.actorUserId);
  for (const field of loaded.body.form.fields) {
    const value = loaded.run.values[field.key];
    if (field.type !== 'user') continue;
    for (const id of Array.isArray(value) ? value : [value]) if (typeof id === 'string') userIds.add(id);
  }
  const people = await db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(inArray(users.id, [...userIds]));
  const steps = [...indexSteps(loaded.body.steps).values(), ...Object.values(state.extraSteps ?? {})];
  const stepNames = new Map(steps.map((s) => [s.id, s.name]));
  // 退回 to the originator: their item to edit and 再次提交.
  stepNames.set(ORIGINATOR_STEP, '发起人');
  // 'sequential' asks one person at a time: each of its nodes has a single approver.
  const MODE = { all: 'and', any: 'or', sequential: 'single' } as const;
  const stepModes = new Map(
    steps.flatMap((s) => (s.kind === 'approval' ? [[s.id, MODE[s.mode]] as const] : [])),
  );
  const stepSlas = new Map(
    steps.flatMap((s) => (s.kind === 'approval' && s.sla ? [[s.id, s.sla] as const] : [])),
  );
  const snapshot = buildLocalSnapshot({
    runId: loaded.run.id,
    state,
    form: loaded.body.form,
    values: loaded.run.values,
    definition: { key: loaded.body.definitionKey, name: loaded.body.definitionName },
    originator: loaded.originator,
    userNames: new Map(people.map((p) => [p.id, p.name])),
    stepNames,
    stepModes,
    stepSlas,
  });
  // One task for one approval: the DingTalk approvals this run's steps started are this request.
  const started = await db
    .select({ dingtalkInstanceId: localDingtalkLinks.dingtalkInstanceId })
    .from(localDingtalkLinks)
    .where(eq(localDingtalkLinks.runId, loaded.run.id));
  snapshot.sameApproval = started.map((l) => ({
    key: dingtalkApprovalKey(l.dingtalkInstanceId),
    role: 'started' as const,
  }));
  return { snapshot, people };
}

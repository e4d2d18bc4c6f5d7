import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, processSettings, slaEscalations, tasks } from '@/db/schema';
import { slaAutoActKinds } from '@/lib/connectors/registry/capabilities';
import { dueReminderPercent } from '@/lib/env';
import type { Logger } from '@/lib/log';
import {
  addWorkingTime,
  type BusinessCalendar,
  ruleDurationMs,
  workingTimeBetween,
} from '../business-calendar';
import { loadBusinessCalendar } from '../load-calendar';
import { type ProcessSlaRule, processSlaSchema } from '../sla-rule';
import { runEscalation } from './run-escalation';

export type EscalationStage = 'remind' | 'overdue' | 'act';

/** A claim older than this is a crashed worker's: the step is taken up again. */
const STALE_CLAIM_MS = 5 * 60_000;

export type ScanResult = { claimed: number; done: Record<string, number>; retried: number };

type Candidate = {
  taskId: string;
  instanceId: string;
  source: string;
  receivedAt: Date;
  dueAt: Date;
  rule: ProcessSlaRule;
  stages: EscalationStage[];
};

/**
 * The SLA scan (every minute, worker/schedules.ts): for every pending approval task of a process with an SLA,
 * the escalation steps now due — the reminder at the share of the time, the manager's notice once overdue, the
 * transfer / decision after the further period (sources Huiban runs itself) — are claimed with a unique row per
 * task × stage and done. Running twice, or on two workers at once, does each step once: only the claim that
 * inserts the row does it. Claims a crashed worker left are taken up again after a few minutes.
 */
export async function scanSlaEscalations(
  db: Db,
  opts: { now?: Date; log?: Logger } = {},
): Promise<ScanResult> {
  const now = opts.now ?? new Date();
  const cal = await loadBusinessCalendar(db);
  const result: ScanResult = { claimed: 0, done: {}, retried: 0 };
  const count = (status: string) => {
    result.done[status] = (result.done[status] ?? 0) + 1;
  };

  for (const c of await findCandidates(db)) {
    for (const stage of dueStages(c, now, cal)) {
      const [claim] = await db
        .insert(slaEscalations)
        .values({ taskId: c.taskId, instanceId: c.instanceId, stage, dueAt: c.dueAt })
        .onConflictDoNothing({ target: [slaEscalations.taskId, slaEscalations.stage] })
        .returning({ id: slaEscalations.id });
      if (!claim) continue;
      result.claimed += 1;
      count(await runEscalation(db, { escalationId: claim.id, rule: c.rule, now, log: opts.log }));
    }
  }

  // Steps whose worker died between the claim and the end: re-claim (one worker wins the update) and redo.
  // Claims age on the database's clock (the scan's `now` is the SLA clock, which tests move).
  const staleBefore = sql`now() - make_interval(secs => ${STALE_CLAIM_MS / 1000})`;
  const stale = await db
    .select({ id: slaEscalations.id, taskId: slaEscalations.taskId })
    .from(slaEscalations)
    .where(and(eq(slaEscalations.status, 'claimed'), lt(slaEscalations.claimedAt, staleBefore)))
    .limit(100);
  for (const s of stale) {
    const [reclaimed] = await db
      .update(slaEscalations)
      .set({ claimedAt: sql`now()` })
      .where(
        and(
          eq(slaEscalations.id, s.id),
          eq(slaEscalations.status, 'claimed'),
          lt(slaEscalations.claimedAt, staleBefore),
        ),
      )
      .returning({ id: slaEscalations.id });
    if (!reclaimed) continue;
    const rule = await ruleOfTask(db, s.taskId);
    if (!rule) continue;
    result.retried += 1;
    count(await runEscalation(db, { escalationId: reclaimed.id, rule, now, log: opts.log }));
  }
  return result;
}

/** The stages due now for one task that have not been claimed yet. */
export function dueStages(c: Candidate, now: Date, cal: BusinessCalendar): EscalationStage[] {
  const out: EscalationStage[] = [];
  const t = now.getTime();
  if (c.rule.remindAtPercent !== null && !c.stages.includes('remind') && t < c.dueAt.getTime()) {
    const total = workingTimeBetween(c.receivedAt, c.dueAt, cal);
    const remindAt = addWorkingTime(c.receivedAt, Math.round((total * c.rule.remindAtPercent) / 100), cal);
    if (t >= remindAt.getTime()) out.push('remind');
  }
  if (c.rule.notifyManagerWhenOverdue && !c.stages.includes('overdue') && t >= c.dueAt.getTime())
    out.push('overdue');
  const after = c.rule.afterOverdue;
  if (after && !c.stages.includes('act') && slaAutoActKinds().includes(c.source as never)) {
    if (t >= addWorkingTime(c.dueAt, ruleDurationMs(after, cal), cal).getTime()) out.push('act');
  }
  return out;
}

/** Pending, not yet acted approval tasks with a due time, of processes with an SLA, and their claimed stages. */
async function findCandidates(db: Db): Promise<Candidate[]> {
  const rows = await db
    .select({
      taskId: tasks.id,
      instanceId: tasks.instanceId,
      source: sql<string>`${tasks.source}::text`,
      receivedAt: tasks.receivedAt,
      dueAt: tasks.dueAt,
      sla: processSettings.sla,
      stages: sql<EscalationStage[]>`coalesce((select array_agg(e.stage::text) from ${slaEscalations} e
        where e.task_id = ${tasks.id}), '{}')`,
    })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    // A task with a due time but no process SLA (a due time the source sent) still gets the reminder before due.
    .leftJoin(
      processSettings,
      and(
        eq(processSettings.connectorId, tasks.connectorId),
        eq(processSettings.processCode, processInstances.processCode),
      ),
    )
    .where(
      and(
        eq(tasks.status, 'pending'),
        eq(tasks.kind, 'approval'),
        isNull(tasks.actedAt),
        isNotNull(tasks.dueAt),
        isNotNull(tasks.assigneeUserId),
        inArray(processInstances.status, ['running']),
      ),
    );
  return rows.flatMap((r) => {
    const rule = ruleOrDefault(r.sla);
    if (!rule || !r.dueAt) return [];
    return [{ ...r, dueAt: r.dueAt, rule, stages: r.stages ?? [] }];
  });
}

/**
 * The process's rule; for a task whose process has no SLA (its due time came from the source) the reminder
 * before due alone, at DUE_REMINDER_PERCENT (default 80; 0 = none). null: nothing to do.
 */
function ruleOrDefault(sla: unknown): ProcessSlaRule | null {
  if (sla === null || sla === undefined) {
    const percent = dueReminderPercent();
    return percent === null
      ? null
      : {
          amount: 1,
          unit: 'hours',
          remindAtPercent: percent,
          notifyManagerWhenOverdue: false,
          afterOverdue: null,
        };
  }
  const rule = processSlaSchema.safeParse(sla);
  return rule.success ? rule.data : null;
}

async function ruleOfTask(db: Db, taskId: string): Promise<ProcessSlaRule | null> {
  const [row] = await db
    .select({ sla: processSettings.sla })
    .from(tasks)
    .innerJoin(processInstances, eq(processInstances.id, tasks.instanceId))
    .leftJoin(
      processSettings,
      and(
        eq(processSettings.connectorId, tasks.connectorId),
        eq(processSettings.processCode, processInstances.processCode),
      ),
    )
    .where(eq(tasks.id, taskId));
  return row ? ruleOrDefault(row.sla) : null;
}

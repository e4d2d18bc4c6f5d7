import type { DbOrTx } from '@/db/client';
import { type LogTarget, processLogs } from '@/db/schema';

export type HuibanLogEntry = {
  instanceId: string;
  /** Stable per entry (e.g. `huiban:sla:<escalationId>`), so writing it twice keeps one row. */
  externalRecordId: string;
  /** A Huiban-made step (e.g. `sla_remind`); the timeline's label is `instance:log.<action>`. */
  action: string;
  /** e.g. `sent` / `not_notified`. */
  result?: string | null;
  nodeName?: string | null;
  targets: LogTarget[];
  occurredAt: Date;
  /** A person who asked Huiban for the step (the originator who urged); none for the system's own steps. */
  actor?: { userId: string; name: string } | null;
};

/**
 * A step Huiban itself took on an instance (an SLA reminder, an escalation), in its process log next to the
 * source's steps. Without an actor the timeline shows it as the system's. Idempotent on its record id.
 */
export async function recordHuibanLog(db: DbOrTx, entry: HuibanLogEntry): Promise<void> {
  await db
    .insert(processLogs)
    .values({
      instanceId: entry.instanceId,
      externalRecordId: entry.externalRecordId,
      actorUserId: entry.actor?.userId ?? null,
      actorName: entry.actor?.name ?? null,
      action: entry.action,
      result: entry.result ?? null,
      nodeName: entry.nodeName ?? null,
      targets: entry.targets,
      // After every source step of the same moment.
      position: 10_000,
      occurredAt: entry.occurredAt,
    })
    .onConflictDoNothing({ target: [processLogs.instanceId, processLogs.externalRecordId] });
}

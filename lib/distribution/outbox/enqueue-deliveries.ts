import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { deliveries, processInstances, subscriptions } from '@/db/schema';
import type { FormValuesConfig } from '@/db/schema/subscriptions';
import { sendJob } from '@/lib/jobs/send-job';
import type { EventEnvelope } from './event-types';

/** An event on its way out: normalized (lib/tasks/domain-events.ts) or raw (distribute-raw-events.ts). */
export type OutgoingEvent = {
  /** Unique per event, ever (`task.completed:<taskId>`, `raw:<inboundEventId>`). */
  key: string;
  type: string;
  occurredAt: Date;
  connectorId: string;
  processCode: string | null;
  data: Record<string, unknown>;
};

export type SubscriptionFilter = {
  id: string;
  eventTypes: string[];
  connectorIds: string[];
  processCodes: string[];
  /** The form-values opt-in (absent = the envelope carries none). */
  formValues?: FormValuesConfig['formValues'] | null;
};

/**
 * Enabled webhook, connect-trigger and group-robot subscriptions (API connectors' callbacks are sent by their
 * own job).
 */
export async function loadActiveSubscriptions(db: DbOrTx): Promise<SubscriptionFilter[]> {
  const rows = await db
    .select({
      id: subscriptions.id,
      eventTypes: subscriptions.eventTypes,
      connectorIds: subscriptions.connectorIds,
      processCodes: subscriptions.processCodes,
      config: subscriptions.config,
    })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.enabled, true),
        inArray(subscriptions.kind, ['webhook', 'connect_trigger', 'dingtalk_robot']),
      ),
    );
  return rows.map(({ config, ...sub }) => ({ ...sub, formValues: config.formValues ?? null }));
}

/** The type is subscribed; the connector and process code pass the filters (an empty filter = all). */
export function matchesSubscription(sub: SubscriptionFilter, event: OutgoingEvent): boolean {
  if (!sub.eventTypes.includes(event.type)) return false;
  if (sub.connectorIds.length > 0 && !sub.connectorIds.includes(event.connectorId)) return false;
  if (sub.processCodes.length > 0 && (!event.processCode || !sub.processCodes.includes(event.processCode)))
    return false;
  return true;
}

/** The id subscribers see: derived from the key, so it is the same for every subscriber and every resend. */
export function eventIdOf(key: string): string {
  return `evt_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
}

export function toEnvelope(event: OutgoingEvent, formValues?: FormValue[] | null): EventEnvelope {
  return {
    id: eventIdOf(event.key),
    type: event.type,
    occurredAt: event.occurredAt.toISOString(),
    data: formValues ? { ...event.data, formValues } : event.data,
  };
}

type FormValue = { id?: string; name: string; type: string; value: unknown; display?: string };

/** The instance an event is about: `data.instanceId` (instance events) or `data.instance.instanceId` (tasks). */
function instanceIdOf(event: OutgoingEvent): string | null {
  const d = event.data as { instanceId?: unknown; instance?: { instanceId?: unknown } };
  const id = d.instance?.instanceId ?? d.instanceId;
  return typeof id === 'string' ? id : null;
}

/**
 * The form values a subscription opted into for this event: only the fields allowed for its process (by
 * component id or label; `*` lists fields for every process), none when the process is not listed.
 */
export function allowedFormValues(
  sub: SubscriptionFilter,
  event: OutgoingEvent,
  values: FormValue[] | undefined,
): FormValue[] | null {
  if (!sub.formValues?.enabled || !values) return null;
  const fields = [
    ...(event.processCode ? (sub.formValues.fields[event.processCode] ?? []) : []),
    ...(sub.formValues.fields['*'] ?? []),
  ];
  if (fields.length === 0) return null;
  return values.filter((v) => fields.includes(v.name) || (v.id !== undefined && fields.includes(v.id)));
}

/** Form values of the instances that opted-in subscriptions will receive, in one query. */
async function loadFormValues(
  tx: DbOrTx,
  events: OutgoingEvent[],
  subs: SubscriptionFilter[],
): Promise<Map<string, FormValue[]>> {
  if (!subs.some((s) => s.formValues?.enabled)) return new Map();
  const ids = [...new Set(events.flatMap((e) => instanceIdOf(e) ?? []))];
  if (ids.length === 0) return new Map();
  const rows = await tx
    .select({ id: processInstances.id, formValues: processInstances.formValues })
    .from(processInstances)
    .where(inArray(processInstances.id, ids));
  return new Map(rows.map((r) => [r.id, r.formValues as FormValue[]]));
}

/**
 * The outbox: one `deliveries` row per (matching subscription, event) and its delivery job, both in the
 * caller's transaction, so an event is owed exactly when the change that caused it commits. The unique
 * (subscription, event key) index turns a replay into a no-op: no second row, no second job.
 */
export async function enqueueDeliveries(
  tx: DbOrTx,
  events: OutgoingEvent[],
  subs?: SubscriptionFilter[],
): Promise<number> {
  if (events.length === 0) return 0;
  const targets = subs ?? (await loadActiveSubscriptions(tx));
  const matched = events.map((event) => ({
    event,
    subs: targets.filter((sub) => matchesSubscription(sub, event)),
  }));
  const formValues = await loadFormValues(
    tx,
    matched.filter((m) => m.subs.length > 0).map((m) => m.event),
    targets,
  );
  const rows = matched.flatMap(({ event, subs: matching }) =>
    matching.map((sub) => {
      const id = instanceIdOf(event);
      return {
        subscriptionId: sub.id,
        eventKey: event.key,
        eventType: event.type,
        payload: toEnvelope(event, allowedFormValues(sub, event, id ? formValues.get(id) : undefined)),
      };
    }),
  );
  if (rows.length === 0) return 0;
  const inserted = await tx
    .insert(deliveries)
    .values(rows)
    .onConflictDoNothing({ target: [deliveries.subscriptionId, deliveries.eventKey] })
    .returning({ id: deliveries.id });
  for (const { id } of inserted) await sendJob(tx, 'deliver-event', { deliveryId: id });
  return inserted.length;
}

import { planJobInsert, type SendJobOptions } from '@/lib/jobs/send-job';

export type InboundEventInput = {
  sourceEventId: string;
  type: string;
  instanceExternalId: string | null;
  payload: unknown;
  /** Set when the event is well-formed but unusable: stored as `rejected` with this reason, no job. */
  rejection?: string | null;
};

/** One event to append, with the id it gets if it is new (returned by the statement when inserted). */
export type PendingAppend = { id: string; connectorId: string; event: InboundEventInput };

/**
 * Events of one instance arriving within this window are served by one snapshot fetch (API economy): the
 * job is debounced per instance with pg-boss's singleton slots.
 */
export const COALESCE_SECONDS = 2;

export function processingJobOptions(
  connectorId: string,
  instanceExternalId: string | null,
  inboundEventId: string,
): SendJobOptions {
  const key = instanceExternalId ? `${connectorId}:${instanceExternalId}` : inboundEventId;
  return { singletonKey: key, singletonSeconds: COALESCE_SECONDS, singletonNextSlot: true };
}

function clip(event: InboundEventInput) {
  return {
    sourceEventId: event.sourceEventId.slice(0, 200),
    type: event.type.slice(0, 100),
    instanceExternalId: event.instanceExternalId?.slice(0, 200) ?? null,
    payload: event.payload ?? null,
  };
}

/**
 * ONE statement appending a whole group of events (group commit): a multi-row INSERT into inbound_events
 * (unique on connector + source event id, so a redelivery is a no-op and returns no id), and, in data-modifying
 * CTEs of the same statement, one processing job per instance key of the group whose events were inserted
 * (pg-boss's own insertJob plan: the current singleton slot, then the next slot when the current one is taken).
 * A single statement is atomic: either every member is stored with its jobs, or none is.
 */
export async function buildAppendStatement(
  members: PendingAppend[],
): Promise<{ text: string; values: unknown[] }> {
  const values: unknown[] = [];
  const param = (value: unknown) => {
    values.push(value);
    return `$${values.length}`;
  };
  const rows = members.map(({ id, connectorId, event }) => {
    const r = clip(event);
    const rejected = Boolean(event.rejection);
    return `(${param(id)}::uuid, ${param(connectorId)}::uuid, ${param(r.sourceEventId)}, ${param(r.type)}, ${param(
      r.instanceExternalId,
    )}, ${param(JSON.stringify(r.payload))}::jsonb, ${param(rejected ? 'rejected' : 'received')}::inbound_event_status, ${param(
      rejected ? event.rejection : null,
    )})`;
  });
  let text = `WITH ev AS (
    INSERT INTO inbound_events (id, connector_id, source_event_id, type, instance_external_id, payload, status, last_error)
    VALUES ${rows.join(', ')}
    ON CONFLICT (connector_id, source_event_id) DO NOTHING
    RETURNING id)`;

  // One job per instance key (or per event without an instance), guarded by "one of its events was inserted".
  const groups = new Map<string, PendingAppend[]>();
  for (const m of members) {
    if (m.event.rejection) continue;
    const instance = clip(m.event).instanceExternalId;
    const key = instance ? `${m.connectorId}:${instance}` : m.id;
    const list = groups.get(key) ?? [];
    list.push(m);
    groups.set(key, list);
  }
  let g = 0;
  for (const group of groups.values()) {
    const first = group[0] as PendingAppend;
    const instance = clip(first.event).instanceExternalId;
    const jobs = await planJobInsert(
      'process-inbound-events',
      { connectorId: first.connectorId, instanceExternalId: instance, inboundEventId: first.id },
      processingJobOptions(first.connectorId, instance, first.id),
    );
    const ids = param(`{${group.map((m) => m.id).join(',')}}`);
    const inserted = `EXISTS (SELECT 1 FROM ev WHERE id = ANY(${ids}::uuid[]))`;
    jobs.forEach((job, i) => {
      const offset = values.length;
      const shifted = job.text.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`);
      const guard =
        i === 0 ? `WHERE ${inserted}` : `WHERE ${inserted} AND NOT EXISTS (SELECT 1 FROM job${g}_${i - 1})`;
      const parts = shifted.split('ON CONFLICT DO NOTHING');
      // pg-boss's insertJob plan has exactly one; anything else means its SQL changed under us.
      if (parts.length !== 2) throw new Error('pg-boss insertJob plan changed: cannot fold the job insert');
      text += `, job${g}_${i} AS (${parts[0]} ${guard} ON CONFLICT DO NOTHING${parts[1]})`;
      values.push(...job.values);
    });
    g += 1;
  }
  text += ' SELECT id FROM ev';
  return { text, values };
}

import { JOBS } from '@/lib/jobs/definitions';
import { type JobInsert, planJobInsert, type SendJobOptions } from '@/lib/jobs/send-job';

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

const JOB_NAME = 'process-inbound-events';

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

/** The processing job's payload for a member, as pg-boss stores it (`data`, JSON text). */
function jobData(connectorId: string, instanceExternalId: string | null, inboundEventId: string): string {
  return JSON.stringify(
    JOBS[JOB_NAME].payloadSchema.parse({ connectorId, instanceExternalId, inboundEventId }),
  );
}

/**
 * pg-boss's insertJob plan turned into a set-based INSERT … SELECT over the rows of `source` (a relation with
 * `singleton_key` and `data` columns): its own SQL, with the two per-job parameters (`$3` data, `$6`
 * singleton_key) read from the relation instead, and every other parameter kept and renumbered after `offset`.
 * Whatever pg-boss's plan does (queue policy join, singleton_on, keep_until, retry settings) it does per row.
 * Returns the SQL and the indexes (into pg-boss's values) of the parameters it still uses, in their new order.
 */
function setBasedJobInsert(plan: string, source: string, offset: number): { sql: string; kept: number[] } {
  const kept: number[] = [];
  const renumbered = new Map<number, number>();
  let sql = plan.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n);
    if (index === 3) return 'k.data';
    if (index === 6) return 'k.singleton_key';
    let to = renumbered.get(index);
    if (to === undefined) {
      kept.push(index - 1);
      to = offset + kept.length;
      renumbered.set(index, to);
    }
    return `$${to}`;
  });
  const closeRow = /\)\s*j\s+JOIN/g;
  const returning = /RETURNING id\s*$/;
  // pg-boss 10's insertJob: one single-row SELECT aliased j, and RETURNING id; anything else means its SQL changed.
  if (
    sql.match(closeRow)?.length !== 1 ||
    !returning.test(sql) ||
    !sql.includes('k.data') ||
    !sql.includes('k.singleton_key')
  )
    throw new Error('pg-boss insertJob plan changed: cannot make the job insert set-based');
  sql = sql.replace(closeRow, `FROM ${source} k) j JOIN`).replace(returning, 'RETURNING singleton_key');
  return { sql, kept };
}

type AppendPlan = { text: string; keptNow: number[]; keptNext: number[] };
let cachedPlan: { key: string; plan: AppendPlan } | undefined;

/**
 * The statement's text depends only on pg-boss's plan (fixed for a pg-boss version), never on the group: one
 * text for every group size, so it is parsed and planned once per connection (a prepared statement).
 */
function appendPlan(now: JobInsert, next: JobInsert): AppendPlan {
  const key = `${now.text}\u0000${next.text}`;
  if (cachedPlan?.key === key) return cachedPlan.plan;
  const jobNow = setBasedJobInsert(now.text, 'keys', 1);
  const jobNext = setBasedJobInsert(
    next.text,
    '(SELECT * FROM keys WHERE NOT EXISTS (SELECT 1 FROM job_now WHERE job_now.singleton_key = keys.singleton_key))',
    1 + jobNow.kept.length,
  );
  const text = `WITH m AS (
    SELECT * FROM json_to_recordset($1::json) AS x(
      ord int, id uuid, connector_id uuid, source_event_id text, type text, instance_external_id text,
      payload text, status inbound_event_status, last_error text, job_key text, job_data text)),
  ev AS (
    INSERT INTO inbound_events (id, connector_id, source_event_id, type, instance_external_id, payload, status, last_error)
    SELECT id, connector_id, source_event_id, type, instance_external_id, payload::jsonb, status, last_error
    FROM m ORDER BY ord
    ON CONFLICT (connector_id, source_event_id) DO NOTHING
    RETURNING id),
  keys AS (
    SELECT DISTINCT ON (m.job_key) m.job_key AS singleton_key, m.job_data AS data
    FROM m JOIN ev ON ev.id = m.id
    WHERE m.job_key IS NOT NULL
    ORDER BY m.job_key, m.ord),
  job_now AS (${jobNow.sql}),
  job_next AS (${jobNext.sql})
  SELECT id FROM ev`;
  const plan = { text, keptNow: jobNow.kept, keptNext: jobNext.kept };
  cachedPlan = { key, plan };
  return plan;
}

/**
 * ONE statement appending a whole group of events (group commit), whose text is the same for every group:
 * the members travel as one JSON parameter; a set-based INSERT into inbound_events (unique on connector +
 * source event id, so a redelivery is a no-op and returns no id), then, in data-modifying CTEs of the same
 * statement, one processing job per instance key of the group with an inserted event (its first inserted
 * event names the job), written by pg-boss's own insertJob plan made set-based: every key takes the current
 * singleton slot, and the keys whose current slot was taken take the next one (what pg-boss's send() does
 * with `singletonNextSlot`, one key at a time). A single statement is atomic: either every member is stored
 * with its jobs, or none is.
 */
export async function buildAppendStatement(
  members: PendingAppend[],
): Promise<{ text: string; values: unknown[] }> {
  const first = members[0];
  if (!first) throw new Error('buildAppendStatement: no members');
  const rows = members.map(({ id, connectorId, event }, ord) => {
    const r = clip(event);
    const rejected = Boolean(event.rejection);
    return {
      ord,
      id,
      connector_id: connectorId,
      source_event_id: r.sourceEventId,
      type: r.type,
      instance_external_id: r.instanceExternalId,
      payload: JSON.stringify(r.payload),
      status: rejected ? 'rejected' : 'received',
      last_error: rejected ? event.rejection : null,
      // No job for a rejected event; one per instance key (or per event without an instance) otherwise.
      job_key: rejected ? null : processingJobOptions(connectorId, r.instanceExternalId, id).singletonKey,
      job_data: rejected ? null : jobData(connectorId, r.instanceExternalId, id),
    };
  });

  // pg-boss's plan for one member: the SQL and every parameter but the per-job ones are the same for all.
  const sample = rows[0] as (typeof rows)[number];
  const instance = sample.instance_external_id;
  const [now, next] = await planJobInsert(
    JOB_NAME,
    { connectorId: first.connectorId, instanceExternalId: instance, inboundEventId: first.id },
    processingJobOptions(first.connectorId, instance, first.id),
  );
  if (!now || !next)
    throw new Error('pg-boss insertJob plan changed: expected a current and a next-slot insert');
  // The per-job parameters must be exactly what the rows carry, or the rows would not be what send() writes.
  const expectedKey = processingJobOptions(first.connectorId, instance, first.id).singletonKey;
  if (now.values[2] !== jobData(first.connectorId, instance, first.id) || now.values[5] !== expectedKey)
    throw new Error('pg-boss insertJob values changed: cannot make the job insert set-based');

  const plan = appendPlan(now, next);
  return {
    text: plan.text,
    values: [
      JSON.stringify(rows),
      ...plan.keptNow.map((i) => now.values[i]),
      ...plan.keptNext.map((i) => next.values[i]),
    ],
  };
}

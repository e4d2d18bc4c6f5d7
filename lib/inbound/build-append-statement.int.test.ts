import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { DbOrTx } from '@/db/client';
import { inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { rawClientOf, sendJob } from '@/lib/jobs/send-job';
import { createDingTalkConnector } from '@/lib/testing/factories';
import {
  buildAppendStatement,
  type InboundEventInput,
  type PendingAppend,
  processingJobOptions,
} from './build-append-statement';

let t: TestDatabase;
let connectorId: string;

beforeAll(async () => {
  t = await createTestDatabase();
  ({ id: connectorId } = await createDingTalkConnector(t.db, {
    sandboxUrl: 'http://127.0.0.1:9',
    corpId: 'dingcorp',
    app: { clientId: 'app', clientSecret: 'secret' },
  }));
});

afterAll(async () => {
  await t?.drop();
});

const event = (eventId: string, instance: string | null, rejection?: string): InboundEventInput => ({
  sourceEventId: eventId,
  type: 'bpms_task_change',
  instanceExternalId: instance,
  payload: { processInstanceId: instance },
  rejection,
});

async function append(tx: DbOrTx, events: InboundEventInput[]): Promise<PendingAppend[]> {
  const members = events.map((e) => ({ id: randomUUID(), connectorId, event: e }));
  const { text, values } = await buildAppendStatement(members);
  await rawClientOf(tx).unsafe(text, values, { prepare: true });
  return members;
}

/**
 * Every column of a job row that send() decides, made comparable across keys: times relative to the row's
 * created_on (now() of its transaction), the slot as its offset from the current slot, the payload's keys.
 */
type JobShape = {
  singleton_key: string;
  slot_offset: number;
  shape: string;
  start_delay: number;
  inbound_event_id: string;
};

async function jobShapes(keyPrefix: string): Promise<JobShape[]> {
  return (await t.db.execute(sql`
    SELECT singleton_key,
      extract(epoch FROM singleton_on - ('epoch'::timestamp + interval '2 s' * floor(extract(epoch FROM created_on) / 2)))::int
        AS slot_offset,
      extract(epoch FROM start_after - created_on)::int AS start_delay,
      data->>'inboundEventId' AS inbound_event_id,
      json_build_array(name, priority, state, retry_limit, retry_count, retry_delay, retry_backoff, expire_in::text,
        dead_letter, policy, (keep_until - start_after)::text, started_on, completed_on, output,
        (SELECT array_agg(k ORDER BY k) FROM jsonb_object_keys(data) k), data->>'connectorId',
        data->>'instanceExternalId' IS NOT NULL)::text AS shape
    FROM pgboss.job
    WHERE name = 'process-inbound-events' AND singleton_key LIKE ${`${keyPrefix}%`}
    ORDER BY singleton_key, singleton_on`)) as unknown as JobShape[];
}

test('a group of many instances enqueues one job per instance key, with the columns pg-boss send() writes', async () => {
  const instances = Array.from({ length: 30 }, (_, i) => `many-${i}`);
  const refInstances = Array.from({ length: 30 }, (_, i) => `ref-${i}`);
  let first: PendingAppend[] = [];
  let second: PendingAppend[] = [];
  // One transaction: now() (which places a job in its singleton slot) is the same for every statement in it,
  // so the second group finds each key's current slot taken whatever the clock does meanwhile.
  await t.db.transaction(async (tx) => {
    // 30 instances, 10 of them twice, 2 events without an instance, 1 rejected event: 43 members, one statement.
    first = await append(tx, [
      ...instances.map((inst, i) => event(`many-a-${i}`, inst)),
      ...instances.slice(0, 10).map((inst, i) => event(`many-b-${i}`, inst)),
      event('many-solo-1', null),
      event('many-solo-2', null),
      event('many-rejected', 'many-0', 'not subscribed'),
    ]);
    // The same instances again: every current slot is taken, so each key takes its next slot.
    second = await append(
      tx,
      instances.map((inst, i) => event(`many-c-${i}`, inst)),
    );
    // pg-boss's own send(), twice per key (the second one takes the next slot), for the reference rows.
    for (const inst of refInstances) {
      const options = () => processingJobOptions(connectorId, inst, randomUUID());
      const payload = { connectorId, instanceExternalId: inst, inboundEventId: randomUUID() };
      expect(await sendJob(tx, 'process-inbound-events', payload, options())).toEqual(expect.any(String));
      expect(await sendJob(tx, 'process-inbound-events', payload, options())).toEqual(expect.any(String));
    }
  });

  const jobs = await jobShapes(`${connectorId}:many-`);
  const reference = await jobShapes(`${connectorId}:ref-`);
  // Exactly one job per key per slot: 30 keys × (current + next).
  expect(jobs).toHaveLength(60);
  expect(reference).toHaveLength(60);
  for (const inst of instances) {
    const mine = jobs.filter((j) => j.singleton_key === `${connectorId}:${inst}`);
    expect(mine.map((j) => j.slot_offset)).toEqual([0, 2]);
  }
  for (const inst of refInstances) {
    const theirs = reference.filter((j) => j.singleton_key === `${connectorId}:${inst}`);
    expect(theirs.map((j) => j.slot_offset)).toEqual([0, 2]);
  }
  // Every column send() decides is the same, in the current slot and in the next.
  for (const offset of [0, 2]) {
    const shapes = new Set(jobs.filter((j) => j.slot_offset === offset).map((j) => j.shape));
    const expected = new Set(reference.filter((j) => j.slot_offset === offset).map((j) => j.shape));
    expect(expected.size).toBe(1);
    expect([...shapes]).toEqual([...expected]);
  }
  // start_after: now in the current slot; in the next one, pg-boss's debounce delay (2 or 3 s by the JS clock).
  expect(new Set(jobs.filter((j) => j.slot_offset === 0).map((j) => j.start_delay))).toEqual(new Set([0]));
  for (const j of [...jobs, ...reference].filter((j) => j.slot_offset === 2))
    expect([2, 3]).toContain(j.start_delay);

  // Each job names the first event of its key in its group, a stored one.
  const ids = (members: PendingAppend[], inst: string) =>
    members.filter((m) => m.event.instanceExternalId === inst && !m.event.rejection).map((m) => m.id);
  for (const inst of instances) {
    const [now, next] = jobs.filter((j) => j.singleton_key === `${connectorId}:${inst}`);
    expect(now?.inbound_event_id).toBe(ids(first, inst)[0]);
    expect(next?.inbound_event_id).toBe(ids(second, inst)[0]);
  }
  // The events without an instance: one job each, keyed by the event.
  for (const solo of first.filter((m) => m.event.instanceExternalId === null)) {
    const [row] = (await t.db.execute(sql`
      SELECT count(*)::int AS n FROM pgboss.job WHERE singleton_key = ${solo.id} AND data->>'inboundEventId' = ${solo.id}`)) as unknown as {
      n: number;
    }[];
    expect(row?.n).toBe(1);
  }
  expect(await t.db.$count(inboundEvents, sql`${inboundEvents.sourceEventId} LIKE 'many-%'`)).toBe(73);
});

test('a group whose members are all redeliveries stores nothing and enqueues nothing', async () => {
  await append(t.db, [event('again-1', 'again-inst'), event('again-2', null)]);
  const before = await jobShapes(`${connectorId}:again-`);
  expect(before).toHaveLength(1);
  const members = await append(t.db, [event('again-1', 'again-inst'), event('again-2', null)]);
  expect(await jobShapes(`${connectorId}:again-`)).toEqual(before);
  for (const m of members) {
    const [row] = (await t.db.execute(sql`
      SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'inboundEventId' = ${m.id}`)) as unknown as {
      n: number;
    }[];
    expect(row?.n).toBe(0);
  }
});

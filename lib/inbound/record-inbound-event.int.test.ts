import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createDingTalkConnector } from '@/lib/testing/factories';
import { COALESCE_SECONDS, recordInboundEvent } from './record-inbound-event';

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

type JobRow = { data: { inboundEventId: string }; singleton_key: string; slot_gap: number; state: string };

async function jobsFor(instance: string): Promise<JobRow[]> {
  return t.db.execute<JobRow>(sql`
    SELECT data, singleton_key, state,
           extract(epoch FROM singleton_on - date_trunc('second', now()))::int AS slot_gap
    FROM pgboss.job
    WHERE name = 'process-inbound-events' AND singleton_key = ${`${connectorId}:${instance}`}
    ORDER BY singleton_on`) as unknown as Promise<JobRow[]>;
}

const event = (eventId: string, instance: string) => ({
  sourceEventId: eventId,
  type: 'bpms_task_change',
  instanceExternalId: instance,
  payload: { processInstanceId: instance, type: 'start', 中文: '采购' },
});

test('one statement stores the event and its job; a redelivery stores nothing and enqueues nothing', async () => {
  const first = await recordInboundEvent(t.db, connectorId, event('ev-1', 'inst-1'));
  expect(first).toMatchObject({ isDuplicate: false, id: expect.any(String) });
  const [row] = await t.db.select().from(inboundEvents).where(eq(inboundEvents.id, first.id!));
  expect(row).toMatchObject({
    connectorId,
    sourceEventId: 'ev-1',
    type: 'bpms_task_change',
    instanceExternalId: 'inst-1',
    status: 'received',
    payload: { processInstanceId: 'inst-1', type: 'start', 中文: '采购' },
  });
  const jobs = await jobsFor('inst-1');
  expect(jobs.map((j) => [j.data.inboundEventId, j.state])).toEqual([[first.id, 'created']]);

  expect(await recordInboundEvent(t.db, connectorId, event('ev-1', 'inst-1'))).toEqual({
    id: null,
    isDuplicate: true,
  });
  expect(await t.db.$count(inboundEvents, eq(inboundEvents.sourceEventId, 'ev-1'))).toBe(1);
  expect(await jobsFor('inst-1')).toHaveLength(1);
});

test('events of one instance coalesce: the current slot, then one next-slot job, then nothing more', async () => {
  const a = await recordInboundEvent(t.db, connectorId, event('ev-a', 'inst-2'));
  const b = await recordInboundEvent(t.db, connectorId, event('ev-b', 'inst-2'));
  const c = await recordInboundEvent(t.db, connectorId, event('ev-c', 'inst-2'));
  expect([a, b, c].every((r) => !r.isDuplicate && r.id)).toBe(true);
  const jobs = await jobsFor('inst-2');
  // Unless the 2 s slot boundary fell between the calls, b took the next slot and c found both taken.
  expect(jobs.length).toBeGreaterThanOrEqual(2);
  expect(jobs.length).toBeLessThanOrEqual(3);
  expect(jobs[0]!.data.inboundEventId).toBe(a.id);
  expect(jobs[1]!.slot_gap).toBeGreaterThan(jobs[0]!.slot_gap);
  expect(jobs[1]!.slot_gap - jobs[0]!.slot_gap).toBe(COALESCE_SECONDS);
  expect(await t.db.$count(inboundEvents, eq(inboundEvents.instanceExternalId, 'inst-2'))).toBe(3);
});

test('a rejected event is stored with its reason and enqueues nothing', async () => {
  const r = await recordInboundEvent(t.db, connectorId, {
    ...event('ev-bad', 'inst-3'),
    rejection: 'event type x not subscribed',
  });
  const [row] = await t.db.select().from(inboundEvents).where(eq(inboundEvents.id, r.id!));
  expect(row).toMatchObject({ status: 'rejected', lastError: 'event type x not subscribed' });
  expect(await jobsFor('inst-3')).toHaveLength(0);
});

test('inside a caller transaction that rolls back, neither the event nor its job remains', async () => {
  await expect(
    t.db.transaction(async (tx) => {
      await recordInboundEvent(tx, connectorId, event('ev-rolled', 'inst-4'));
      throw new Error('caller failed');
    }),
  ).rejects.toThrow('caller failed');
  expect(await t.db.$count(inboundEvents, eq(inboundEvents.sourceEventId, 'ev-rolled'))).toBe(0);
  expect(await jobsFor('inst-4')).toHaveLength(0);
});

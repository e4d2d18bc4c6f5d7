import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { inboundEvents } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import { createDingTalkConnector } from '@/lib/testing/factories';
import type { InboundEventInput } from './build-append-statement';
import { createGroupCommitter } from './group-commit';

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

const event = (eventId: string, instance: string | null): InboundEventInput => ({
  sourceEventId: eventId,
  type: 'bpms_task_change',
  instanceExternalId: instance,
  payload: { processInstanceId: instance },
});

async function jobCount(prefix: string): Promise<number> {
  const [row] = (await t.db.execute<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM pgboss.job
    WHERE name = 'process-inbound-events' AND singleton_key LIKE ${`${connectorId}:${prefix}%`}`)) as unknown as {
    n: number;
  }[];
  return row?.n ?? 0;
}

test('concurrent events share statements; each is answered after its own commit; redeliveries are no-ops', async () => {
  const committer = createGroupCommitter(t.db, { maxInFlight: 1 });
  const events = Array.from({ length: 60 }, (_, i) => event(`gc-${i}`, `gc-inst-${i % 6}`));
  const results = await Promise.all(events.map((e) => committer.append(connectorId, e)));
  expect(results.every((r) => !r.isDuplicate && r.id)).toBe(true);
  const stats = committer.stats();
  expect(stats.events).toBe(60);
  // The first event goes alone; everything arriving while it is in flight shares the next statement.
  expect(stats.flushes).toBeLessThan(10);
  expect(await t.db.$count(inboundEvents, sql`${inboundEvents.sourceEventId} LIKE 'gc-%'`)).toBe(60);
  // One job per instance key per group (a later group's events take the next singleton slot).
  expect(await jobCount('gc-inst-')).toBeGreaterThanOrEqual(6);
  expect(await jobCount('gc-inst-')).toBeLessThanOrEqual(12);

  // Redelivered inside one group together with a new event, and twice within the same group.
  const again = await Promise.all([
    committer.append(connectorId, event('gc-1', 'gc-inst-1')),
    committer.append(connectorId, event('gc-new', 'gc-inst-x')),
    committer.append(connectorId, event('gc-new', 'gc-inst-x')),
  ]);
  expect(again[0]).toEqual({ id: null, isDuplicate: true });
  expect([again[1]?.isDuplicate, again[2]?.isDuplicate].sort()).toEqual([false, true]);
  expect(await t.db.$count(inboundEvents, eq(inboundEvents.sourceEventId, 'gc-new'))).toBe(1);
});

test('a failure mid-group: every member is refused, none is stored; after the retry each is stored once', async () => {
  // A real failure inside the statement: the database refuses one row of the group.
  await t.db.execute(sql`
    CREATE FUNCTION refuse_poison() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.source_event_id = 'poison-5' THEN RAISE EXCEPTION 'injected failure'; END IF;
      RETURN NEW;
    END $$`);
  await t.db.execute(
    sql`CREATE TRIGGER refuse_poison BEFORE INSERT ON inbound_events FOR EACH ROW EXECUTE FUNCTION refuse_poison()`,
  );
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  let flushes = 0;
  // The first statement is held until all ten are queued, so the other nine form one group with poison-5.
  const committer = createGroupCommitter(t.db, {
    maxInFlight: 1,
    beforeFlush: async () => {
      flushes += 1;
      if (flushes === 1) await gate;
    },
  });
  const events = Array.from({ length: 10 }, (_, i) => event(`poison-${i}`, `poison-inst-${i}`));
  const answers = events.map((e) =>
    committer.append(connectorId, e).then(
      () => 'stored',
      () => 'retry',
    ),
  );
  release();
  const settled = await Promise.all(answers);
  expect(settled[0]).toBe('stored');
  expect(settled.slice(1)).toEqual(Array(9).fill('retry'));
  expect(await t.db.$count(inboundEvents, sql`${inboundEvents.sourceEventId} LIKE 'poison-%'`)).toBe(1);
  expect(await jobCount('poison-inst-')).toBe(1);

  // The source retries everything (the acked one too, as a redelivery): each event ends stored exactly once.
  await t.db.execute(sql`DROP TRIGGER refuse_poison ON inbound_events`);
  const retried = await Promise.all(events.map((e) => committer.append(connectorId, e)));
  expect(retried.filter((r) => r.isDuplicate)).toHaveLength(1);
  const rows = await t.db
    .select({ sourceEventId: inboundEvents.sourceEventId })
    .from(inboundEvents)
    .where(sql`${inboundEvents.sourceEventId} LIKE 'poison-%'`);
  expect(rows.map((r) => r.sourceEventId).sort()).toEqual(events.map((e) => e.sourceEventId).sort());
  expect(await jobCount('poison-inst-')).toBe(10);
});

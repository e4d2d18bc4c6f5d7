import { max } from 'drizzle-orm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { connectors, identities, liveChanges } from '@/db/schema';
import { createTestDatabase, type TestDatabase } from '@/db/testing';
import type { Viewer } from '@/lib/auth/viewer';
import type { InstanceSnapshot } from '@/lib/tasks/snapshot';
import { applySnapshot } from '@/lib/tasks/write/apply-snapshot';
import { createUsers } from '@/lib/testing/factories';
import { liveHubFor } from './live-hub';
import { openLiveStream } from './open-live-stream';

let t: TestDatabase;
let connectorId: string;
let alice: Viewer;
let bob: Viewer;

beforeAll(async () => {
  t = await createTestDatabase();
  const [c] = await t.db.insert(connectors).values({ kind: 'api', name: 'live source' }).returning();
  connectorId = c!.id;
  const ids = await createUsers(t.db, [
    { username: 'alice', name: 'Alice' },
    { username: 'bob', name: 'Bob' },
  ]);
  alice = { userId: ids.alice!, name: 'Alice', isAdmin: false };
  bob = { userId: ids.bob!, name: 'Bob', isAdmin: false };
  await t.db.insert(identities).values([
    { connectorId, externalUserId: 'alice-ext', userId: alice.userId, name: 'Alice' },
    { connectorId, externalUserId: 'bob-ext', userId: bob.userId, name: 'Bob' },
  ]);
});

afterAll(async () => {
  await liveHubFor(t.db).stop();
  await t?.drop();
});

type SseEvent = { id: number; event: string };

/** Reads a stream's SSE messages as they come; `next()` waits (with a budget) for the next one. */
function reader(stream: ReadableStream<Uint8Array>) {
  const events: SseEvent[] = [];
  const waiters: (() => void)[] = [];
  const r = stream.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    for (;;) {
      const { done, value } = await r.read().catch(() => ({ done: true, value: undefined }));
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const fields = Object.fromEntries(
          block
            .split('\n')
            .map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]),
        );
        if (fields.event) events.push({ id: Number(fields.id), event: fields.event });
        for (const w of waiters.splice(0)) w();
        end = buffer.indexOf('\n\n');
      }
    }
  })();
  return {
    events,
    async next(budgetMs = 5_000): Promise<SseEvent> {
      const deadline = Date.now() + budgetMs;
      while (events.length === 0) {
        if (Date.now() > deadline) throw new Error('no SSE message within the budget');
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return events.shift() as SseEvent;
    },
    close: () => r.cancel(),
  };
}

function snapshot(externalId: string, version: number, assignee: string): InstanceSnapshot {
  return {
    externalId,
    title: 'live test',
    originator: { externalUserId: 'nobody', name: 'Nobody' },
    status: 'running',
    createdAt: new Date('2026-12-01T08:00:00Z'),
    sourceUpdatedAt: new Date(Date.UTC(2026, 11, 1, 8, version)),
    taskScope: 'full',
    tasks: [
      {
        externalTaskId: `${externalId}-t1`,
        kind: 'approval',
        assigneeExternalId: assignee,
        status: 'pending',
        receivedAt: new Date('2026-12-01T08:00:00Z'),
      },
    ],
    logs: [],
  };
}

test('a committed change reaches its own user only, after the NOTIFY; a reconnect catches up', async () => {
  const a = reader(openLiveStream(t.db, alice, null));
  const b = reader(openLiveStream(t.db, bob, null));
  const aReady = await a.next();
  expect(aReady.event).toBe('ready');
  expect((await b.next()).event).toBe('ready');

  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('live-1', 1, 'alice-ext') });
  const change = await a.next();
  expect(change.event).toBe('tasks');
  expect(change.id).toBeGreaterThan(aReady.id);

  // Bob's first message is about Bob's own change, never Alice's.
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('live-2', 1, 'bob-ext') });
  const bobChange = await b.next();
  expect(bobChange.event).toBe('tasks');
  expect(bobChange.id).toBeGreaterThan(change.id);
  expect(a.events).toEqual([]);
  await b.close();

  // Alice goes away; her task changes meanwhile; she comes back with her last event id and is told at once.
  await a.close();
  await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: { ...snapshot('live-1', 2, 'alice-ext'), title: 'live test, renamed' },
  });
  const back = reader(openLiveStream(t.db, alice, change.id));
  const caughtUp = await back.next();
  expect(caughtUp.event).toBe('tasks');
  expect(caughtUp.id).toBeGreaterThan(change.id);
  expect((await back.next()).event).toBe('ready');
  await back.close();

  // Nothing of hers changed since: a reconnect only says where it stands.
  const again = reader(openLiveStream(t.db, alice, caughtUp.id));
  expect((await again.next()).event).toBe('ready');
  await again.close();
});

test('a replayed snapshot (no change) notifies nobody', async () => {
  const a = reader(openLiveStream(t.db, alice, null));
  expect((await a.next()).event).toBe('ready');
  const newest = async () => (await t.db.select({ n: max(liveChanges.id) }).from(liveChanges))[0]?.n;
  const before = await newest();
  await applySnapshot(t.db, {
    connectorId,
    source: 'api',
    snapshot: { ...snapshot('live-1', 2, 'alice-ext'), title: 'live test, renamed' },
  });
  expect(await newest()).toBe(before);
  // A later real change is the first message she gets.
  await applySnapshot(t.db, { connectorId, source: 'api', snapshot: snapshot('live-3', 1, 'alice-ext') });
  const first = await a.next();
  expect(first.event).toBe('tasks');
  expect(a.events).toEqual([]);
  await a.close();
});

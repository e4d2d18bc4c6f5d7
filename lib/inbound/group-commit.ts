import { randomUUID } from 'node:crypto';
import type { Db } from '@/db/client';
import { rawClientOf } from '@/lib/jobs/send-job';
import { buildAppendStatement, type InboundEventInput, type PendingAppend } from './build-append-statement';

export type AppendResult = { id: string | null; isDuplicate: boolean };

export type GroupCommitOptions = {
  /** Most events in one statement (they travel as one JSON parameter; this bounds a statement's size and time). */
  maxBatch?: number;
  /** Statements in flight at once; events arriving meanwhile wait for the next one (that is the grouping). */
  maxInFlight?: number;
  /** Runs just before a group's statement; tests inject failures here. */
  beforeFlush?: (members: readonly PendingAppend[]) => void | Promise<void>;
};

type Waiting = PendingAppend & { resolve: (r: AppendResult) => void; reject: (e: unknown) => void };

export type GroupCommitter = {
  append(connectorId: string, event: InboundEventInput): Promise<AppendResult>;
  /** Statements run and events they held, since start (for benches and the health page). */
  stats(): { flushes: number; events: number; largestGroup: number };
};

/**
 * Group commit for the ack path (invariant 1 at burst rates): events that arrive while a statement is in flight
 * wait and are appended together by the next one, so a burst costs one round trip and one COMMIT (one WAL
 * flush) per group instead of per event, with no added delay when the path is idle. Each caller's promise
 * settles only with its own group's statement: resolved after the commit that holds its row, rejected if that
 * statement failed, so no member of a failed group is ever acknowledged.
 */
export function createGroupCommitter(db: Db, options: GroupCommitOptions = {}): GroupCommitter {
  const maxBatch = options.maxBatch ?? 400;
  const maxInFlight = options.maxInFlight ?? 2;
  const queue: Waiting[] = [];
  let inFlight = 0;
  const counters = { flushes: 0, events: 0, largestGroup: 0 };

  function pump() {
    while (inFlight < maxInFlight && queue.length > 0) {
      const group = queue.splice(0, maxBatch);
      inFlight += 1;
      // flush() never rejects: failures settle its members.
      void flush(group).finally(() => {
        inFlight -= 1;
        pump();
      });
    }
  }

  async function flush(group: Waiting[]) {
    try {
      await options.beforeFlush?.(group);
      const { text, values } = await buildAppendStatement(group);
      // The text is the same for every group: prepared once per connection, then one round trip per group.
      const rows = (await rawClientOf(db).unsafe(text, values, { prepare: true })) as { id: string }[];
      const inserted = new Set(rows.map((r) => r.id));
      counters.flushes += 1;
      counters.events += group.length;
      counters.largestGroup = Math.max(counters.largestGroup, group.length);
      for (const m of group)
        m.resolve(inserted.has(m.id) ? { id: m.id, isDuplicate: false } : { id: null, isDuplicate: true });
    } catch (error) {
      // The statement is atomic: nothing of this group is stored, so every member is answered "retry".
      for (const m of group) m.reject(error);
    }
  }

  return {
    append(connectorId, event) {
      return new Promise<AppendResult>((resolve, reject) => {
        queue.push({ id: randomUUID(), connectorId, event, resolve, reject });
        pump();
      });
    },
    stats: () => ({ ...counters }),
  };
}

const committers = new WeakMap<Db, GroupCommitter>();

/** The process's group committer for a database pool (one per pool, created on first use). */
export function groupCommitterFor(db: Db): GroupCommitter {
  let committer = committers.get(db);
  if (!committer) {
    committer = createGroupCommitter(db);
    committers.set(db, committer);
  }
  return committer;
}

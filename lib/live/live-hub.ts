import { sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { log } from '@/lib/log';

/** The channel the live_changes triggers NOTIFY on, with `<id>:<userId>` (migration live_changes). */
export const LIVE_CHANNEL = 'huiban_live';
/** Rows older than this are pruned; a browser away longer simply refreshes everything on reconnect. */
const RETENTION = '1 hour';
const PRUNE_EVERY_MS = 10 * 60_000;

type Listener = (changeId: number) => void;

export type LiveHub = {
  /**
   * Calls `listener` with the change id of every committed change to `userId`'s inbox. `ready` resolves once the
   * LISTEN is active (a catch-up query run after it misses nothing); `unsubscribe` ends it.
   */
  subscribe(userId: string, listener: Listener): { ready: Promise<void>; unsubscribe: () => void };
  /** Open subscriptions (for tests and health). */
  size(): number;
  stop(): Promise<void>;
};

/**
 * One LISTEN connection per process, fanned out to every open stream of that process by user id (per-viewer
 * scoping: a stream only ever hears about its own user's changes). Started on the first subscription; an idle
 * open inbox costs one map entry and no query.
 */
export function createLiveHub(db: Db): LiveHub {
  const byUser = new Map<string, Set<Listener>>();
  let started: Promise<{ unlisten: () => Promise<void> }> | null = null;
  let pruneTimer: NodeJS.Timeout | null = null;

  function start() {
    started ??= db.$client
      .listen(LIVE_CHANNEL, (payload) => {
        const at = payload.indexOf(':');
        const id = Number(payload.slice(0, at));
        const listeners = byUser.get(payload.slice(at + 1));
        if (!listeners || !Number.isFinite(id)) return;
        for (const listener of listeners) listener(id);
      })
      .catch((error: unknown) => {
        started = null;
        throw error;
      });
    if (!pruneTimer) {
      pruneTimer = setInterval(() => {
        db.execute(sql`DELETE FROM live_changes WHERE at < now() - ${RETENTION}::interval`).catch(
          (error: unknown) => log.warn({ err: error }, 'live_changes not pruned'),
        );
      }, PRUNE_EVERY_MS);
      pruneTimer.unref();
    }
    return started;
  }

  return {
    subscribe(userId, listener) {
      const ready = start().then(() => undefined);
      const set = byUser.get(userId) ?? new Set<Listener>();
      set.add(listener);
      byUser.set(userId, set);
      return {
        ready,
        unsubscribe: () => {
          set.delete(listener);
          if (set.size === 0) byUser.delete(userId);
        },
      };
    },
    size: () => [...byUser.values()].reduce((n, s) => n + s.size, 0),
    async stop() {
      if (pruneTimer) clearInterval(pruneTimer);
      pruneTimer = null;
      const s = started;
      started = null;
      byUser.clear();
      if (s) await (await s).unlisten();
    },
  };
}

const hubs = new WeakMap<Db, LiveHub>();
const globalHub = globalThis as unknown as { huibanLiveHub?: { db: Db; hub: LiveHub } };

/** The process's hub for a pool (cached on globalThis so Next's dev reloads keep one listener). */
export function liveHubFor(db: Db): LiveHub {
  if (globalHub.huibanLiveHub?.db === db) return globalHub.huibanLiveHub.hub;
  let hub = hubs.get(db);
  if (!hub) {
    hub = createLiveHub(db);
    hubs.set(db, hub);
    globalHub.huibanLiveHub = { db, hub };
  }
  return hub;
}

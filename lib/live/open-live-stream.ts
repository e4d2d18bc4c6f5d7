import type { Db } from '@/db/client';
import type { Viewer } from '@/lib/auth/viewer';
import { latestLiveChange } from './latest-live-change';
import { liveHubFor } from './live-hub';

/** Changes closer together than this reach a browser as one message (it refetches once, not once per row). */
export const LIVE_COALESCE_MS = 250;
/** A comment line this often keeps proxies from closing an idle stream. */
const KEEPALIVE_MS = 25_000;

const encoder = new TextEncoder();

/**
 * The viewer's Server-Sent Events stream: `event: tasks` with the change id whenever their inbox changed
 * (committed tasks or instances touching them), coalesced; on open, `event: ready` with the current position,
 * preceded by a `tasks` message when `lastEventId` shows the browser missed something while disconnected. The
 * message carries no task data: the browser refetches through the scoped list and count APIs. `isOnce`: only the
 * catch-up, then the stream ends (a client that cannot hold a stream open asks now and then).
 */
export function openLiveStream(
  db: Db,
  viewer: Viewer,
  lastEventId: number | null,
  options: { signal?: AbortSignal; isOnce?: boolean } = {},
): ReadableStream<Uint8Array> {
  let cleanup = () => {};
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      let isClosed = false;
      let latest = 0;
      let timer: NodeJS.Timeout | null = null;
      const send = (text: string) => {
        if (!isClosed) controller.enqueue(encoder.encode(text));
      };
      const flush = () => {
        timer = null;
        send(`id: ${latest}\nevent: tasks\ndata: {}\n\n`);
      };
      // Subscribe before the catch-up query, so a change committed in between is heard.
      const subscription = liveHubFor(db).subscribe(viewer.userId, (id) => {
        latest = Math.max(latest, id);
        timer ??= setTimeout(flush, LIVE_COALESCE_MS);
      });
      const keepalive = setInterval(() => send(': keepalive\n\n'), KEEPALIVE_MS);
      keepalive.unref();
      cleanup = () => {
        if (isClosed) return;
        isClosed = true;
        subscription.unsubscribe();
        clearInterval(keepalive);
        if (timer) clearTimeout(timer);
        try {
          controller.close();
        } catch {
          // Already closed by the consumer.
        }
      };
      options.signal?.addEventListener('abort', cleanup, { once: true });
      try {
        await subscription.ready;
        const { cursor, missed } = await latestLiveChange(db, viewer.userId, lastEventId);
        latest = Math.max(latest, cursor);
        send('retry: 2000\n\n');
        if (missed) send(`id: ${latest}\nevent: tasks\ndata: {}\n\n`);
        send(`id: ${latest}\nevent: ready\ndata: {}\n\n`);
        if (options.isOnce) cleanup();
      } catch (error) {
        cleanup();
        throw error;
      }
    },
    cancel() {
      cleanup();
    },
  });
}

/** `Last-Event-ID` (header, or `?lastEventId=` for clients that cannot set it) as a change id. */
export function parseLastEventId(value: string | null | undefined): number | null {
  if (!value || !/^\d{1,18}$/.test(value)) return null;
  return Number(value);
}

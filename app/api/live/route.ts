import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { openLiveStream, parseLastEventId } from '@/lib/live/open-live-stream';

export const dynamic = 'force-dynamic';

/** Server-Sent Events: "your inbox changed" for the signed-in user (lib/live/); resumes from Last-Event-ID. */
export const GET = route({
  auth: 'user',
  query: z.object({ lastEventId: z.string().max(20).optional(), once: z.enum(['1']).optional() }),
  handler: async ({ request, query, viewer }) => {
    const lastEventId = parseLastEventId(request.headers.get('last-event-id') ?? query.lastEventId);
    const stream = openLiveStream(getDb(), viewer, lastEventId, {
      signal: request.signal,
      isOnce: query.once === '1',
    });
    return new Response(stream, {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      },
    });
  },
});

import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { getHealth } from '@/lib/health/get-health';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Monitoring endpoint: 200 for ok/degraded, 503 when the database is down. */
export const GET = route({
  auth: 'public',
  handler: async () => {
    const health = await getHealth(getDb(), { staleSeconds: env().WORKER_HEARTBEAT_STALE_SECONDS });
    return NextResponse.json(health, {
      status: health.status === 'down' ? 503 : 200,
      headers: { 'cache-control': 'no-store' },
    });
  },
});

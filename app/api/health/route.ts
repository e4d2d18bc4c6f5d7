import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { env } from '@/lib/env';
import { route } from '@/lib/http/route';
import { getHealth } from '@/lib/operations/get-health';

export const dynamic = 'force-dynamic';

/**
 * Monitoring endpoint. 503 only when the database is down (this web process cannot serve); a down connector
 * makes the status `down` with 200, so a load balancer does not pull the web app for a source's outage.
 */
export const GET = route({
  auth: 'public',
  handler: async () => {
    const health = await getHealth(getDb(), { staleSeconds: env().WORKER_HEARTBEAT_STALE_SECONDS });
    return NextResponse.json(health, {
      status: health.database.ok ? 200 : 503,
      headers: { 'cache-control': 'no-store' },
    });
  },
});

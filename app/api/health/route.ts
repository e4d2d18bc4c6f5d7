import { createHash, timingSafeEqual } from 'node:crypto';
import { NextResponse } from 'next/server';
import { getDb } from '@/db/client';
import { getViewer } from '@/lib/auth';
import { env } from '@/lib/env';
import { route } from '@/lib/http/route';
import { getHealth } from '@/lib/operations/get-health';
import { getPublicHealth } from '@/lib/operations/get-public-health';

export const dynamic = 'force-dynamic';

/**
 * Monitoring endpoint. Anonymous callers get `{status}` only; an admin session or `Authorization: Bearer
 * <HEALTH_TOKEN>` gets the details (database, worker, connectors). 503 only when the database is down (this
 * web process cannot serve); a down connector makes the status `down` with 200, so a load balancer does not
 * pull the web app for a source's outage.
 */
export const GET = route({
  auth: 'public',
  handler: async ({ request }) => {
    const staleSeconds = env().WORKER_HEARTBEAT_STALE_SECONDS;
    const headers = { 'cache-control': 'no-store' };
    if (hasHealthToken(request) || (await getViewer().catch(() => null))?.isAdmin) {
      const health = await getHealth(getDb(), { staleSeconds });
      return NextResponse.json(health, { status: health.database.ok ? 200 : 503, headers });
    }
    const health = await getPublicHealth(getDb(), { staleSeconds });
    return NextResponse.json(health, { status: health.status === 'down' ? 503 : 200, headers });
  },
});

function hasHealthToken(request: Request): boolean {
  const expected = env().HEALTH_TOKEN;
  const given = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!expected || !given) return false;
  const digest = (v: string) => createHash('sha256').update(v).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

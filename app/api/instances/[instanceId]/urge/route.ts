import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { getUrgeStatus } from '@/lib/reminders/get-urge-status';
import { urgeInstance } from '@/lib/reminders/urge-instance';

export const dynamic = 'force-dynamic';

const params = z.object({ instanceId: z.uuid() });

/** GET → {canUrge, nextAllowedAt, last}: the 催办 state of a request the viewer takes part in. */
export const GET = route({
  auth: 'user',
  params,
  handler: ({ viewer, params }) => getUrgeStatus(getDb(), viewer, params),
});

/**
 * POST: the originator (or an admin) urges the current approvers (docs/reminders.md). 429 `rate_limited` within
 * an hour of the last urge, with `issues[0].params.retryAt`.
 */
export const POST = route({
  auth: 'user',
  params,
  handler: ({ viewer, params, request }) => urgeInstance(getDb(), viewer, params, requestMeta(request)),
});

import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getMoreActions } from '@/lib/tasks/actions/get-more-actions';

export const dynamic = 'force-dynamic';

/** GET: which of 加签 / 退回 / 撤回 / 再次提交 the viewer can do here, in the source, or not at all. */
export const GET = route({
  auth: 'user',
  params: z.object({ instanceId: z.uuid() }),
  handler: ({ viewer, params }) => getMoreActions(getDb(), viewer, params.instanceId),
});

import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  forceReassignInputSchema,
  forceReassignTaskAsAdmin,
} from '@/lib/tasks/actions/force-reassign-task-as-admin';

export const dynamic = 'force-dynamic';

/** POST {targetUserId, reason} → 202: the task is transferred on behalf of its assignee (admins). */
export const POST = route({
  auth: 'admin',
  params: z.object({ taskId: z.uuid() }),
  body: forceReassignInputSchema,
  handler: async ({ viewer, params, body, request }) =>
    Response.json(
      await forceReassignTaskAsAdmin(
        getDb(),
        viewer,
        { taskId: params.taskId, ...body },
        requestMeta(request),
      ),
      { status: 202 },
    ),
});

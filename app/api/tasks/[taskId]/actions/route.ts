import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { actOnTask, taskActionInputSchema } from '@/lib/tasks/act-on-task';

export const dynamic = 'force-dynamic';

/** POST {action: agree|refuse|transfer|comment, remark?, targetUserId?}: the assignee acts on their task. */
export const POST = route({
  auth: 'user',
  params: z.object({ taskId: z.uuid() }),
  body: taskActionInputSchema,
  handler: ({ viewer, params, body, request }) =>
    actOnTask(getDb(), viewer, { taskId: params.taskId, ...body }, requestMeta(request)),
});

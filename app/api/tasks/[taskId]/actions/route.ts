import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { actOnTask } from '@/lib/tasks/actions/act-on-task';
import { taskActionInputSchema } from '@/lib/tasks/actions/task-action-input';

export const dynamic = 'force-dynamic';

/** POST {action: agree|refuse|transfer|comment, remark?, targetUserId?}: the assignee acts on their task. */
export const POST = route({
  auth: 'user',
  params: z.object({ taskId: z.uuid() }),
  body: taskActionInputSchema,
  handler: ({ viewer, params, body, request }) =>
    actOnTask(getDb(), viewer, { taskId: params.taskId, ...body }, requestMeta(request)),
});

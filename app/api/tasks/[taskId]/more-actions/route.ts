import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { actMoreOnTask } from '@/lib/tasks/actions/act-more-on-task';
import { moreActionInputSchema } from '@/lib/tasks/actions/more-action-input';

export const dynamic = 'force-dynamic';

/** POST {action: append|revert|withdraw, …}: 加签 / 退回 / 撤回 on the viewer's task, where the source allows it. */
export const POST = route({
  auth: 'user',
  params: z.object({ taskId: z.uuid() }),
  body: moreActionInputSchema,
  handler: ({ viewer, params, body, request }) =>
    actMoreOnTask(getDb(), viewer, { taskId: params.taskId, ...body }, requestMeta(request)),
});

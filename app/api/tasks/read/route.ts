import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { markCcRead } from '@/lib/tasks/write/mark-cc-read';

export const dynamic = 'force-dynamic';

/** POST {taskIds}: mark the viewer's cc items read (抄送我的). Other people's rows are never touched. */
export const POST = route({
  auth: 'user',
  body: z.object({ taskIds: z.array(z.uuid()).min(1).max(500) }),
  handler: async ({ viewer, body }) => ({ marked: await markCcRead(getDb(), viewer, body.taskIds) }),
});

import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getActionStatuses } from '@/lib/tasks/actions/get-action-statuses';

export const dynamic = 'force-dynamic';

/** GET ?ids=a,b → write-back state of the viewer's own actions (提交中 / 已同步 / 失败 with the reason). */
export const GET = route({
  auth: 'user',
  query: z.object({
    ids: z.preprocess(
      (v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v),
      z.array(z.uuid()).min(1).max(100),
    ),
  }),
  handler: ({ viewer, query }) => getActionStatuses(getDb(), viewer, query.ids),
});

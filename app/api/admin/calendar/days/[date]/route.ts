import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { removeCalendarDayAsAdmin } from '@/lib/sla/calendar/calendar-admin';

export const dynamic = 'force-dynamic';

/** DELETE: the date is no longer a holiday / make-up working day (404 when it was not listed). */
export const DELETE = route({
  auth: 'admin',
  params: z.object({ date: z.string().max(20) }),
  handler: async ({ viewer, params, request }) => {
    await removeCalendarDayAsAdmin(getDb(), viewer, params.date, requestMeta(request));
    return { removed: true };
  },
});

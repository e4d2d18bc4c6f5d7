import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  calendarWeekInputSchema,
  getCalendarAsAdmin,
  saveCalendarWeekAsAdmin,
} from '@/lib/sla/calendar/calendar-admin';

export const dynamic = 'force-dynamic';

/** GET ?year= → the business calendar: week, working hours, and the holidays / make-up days of that year. */
export const GET = route({
  auth: 'admin',
  query: z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() }),
  handler: ({ viewer, query }) => getCalendarAsAdmin(getDb(), viewer, query.year),
});

/** PUT {workdays, workStart, workEnd, lunchStart, lunchEnd}: the working week (open tasks' due times follow). */
export const PUT = route({
  auth: 'admin',
  body: calendarWeekInputSchema,
  handler: async ({ viewer, body, request }) => {
    await saveCalendarWeekAsAdmin(getDb(), viewer, body, requestMeta(request));
    return { saved: true };
  },
});

import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import { calendarImportInputSchema, importCalendarDaysAsAdmin } from '@/lib/sla/calendar/calendar-admin';

export const dynamic = 'force-dynamic';

/** POST {text}: import holidays and make-up working days (`2026-10-01 holiday`, `2026-10-11 workday`, CSV). */
export const POST = route({
  auth: 'admin',
  body: calendarImportInputSchema,
  handler: ({ viewer, body, request }) =>
    importCalendarDaysAsAdmin(getDb(), viewer, body, requestMeta(request)),
});

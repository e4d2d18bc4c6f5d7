import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db, DbOrTx, Tx } from '@/db/client';
import { businessCalendar, calendarDays } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { sendJob } from '@/lib/jobs/send-job';
import { formatClock, parseClock, workingDayMinutes } from '../business-calendar';
import { loadBusinessCalendar } from '../load-calendar';
import { normalizeDate, parseCalendarDays } from './parse-calendar-days';

export type CalendarView = {
  timeZone: string;
  week: {
    workdays: number[];
    workStart: string;
    workEnd: string;
    lunchStart: string | null;
    lunchEnd: string | null;
  };
  /** Working minutes in one working day ("1 working day" of an SLA). */
  dayMinutes: number;
  days: { date: string; kind: 'holiday' | 'workday'; name: string | null }[];
};

/** The business calendar for the admin page: the week and the listed dates of one year (or all). */
export async function getCalendarAsAdmin(db: DbOrTx, admin: Viewer, year?: number): Promise<CalendarView> {
  assertAdmin(admin);
  const cal = await loadBusinessCalendar(db);
  const days = await db
    .select({ date: calendarDays.date, kind: calendarDays.kind, name: calendarDays.name })
    .from(calendarDays)
    .where(
      year
        ? and(gte(calendarDays.date, `${year}-01-01`), lte(calendarDays.date, `${year}-12-31`))
        : undefined,
    )
    .orderBy(asc(calendarDays.date));
  return {
    timeZone: cal.timeZone,
    week: {
      workdays: [...cal.workdays],
      workStart: formatClock(cal.workStart),
      workEnd: formatClock(cal.workEnd),
      lunchStart: cal.lunch ? formatClock(cal.lunch.start) : null,
      lunchEnd: cal.lunch ? formatClock(cal.lunch.end) : null,
    },
    dayMinutes: workingDayMinutes(cal),
    days,
  };
}

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

export const calendarWeekInputSchema = z
  .object({
    workdays: z.array(z.number().int().min(1).max(7)).max(7),
    workStart: clock,
    workEnd: clock,
    lunchStart: clock.nullable(),
    lunchEnd: clock.nullable(),
  })
  .superRefine((w, ctx) => {
    const [start, end] = [parseClock(w.workStart), parseClock(w.workEnd)];
    if (end <= start) ctx.addIssue({ code: 'custom', path: ['workEnd'], message: 'end must be after start' });
    if ((w.lunchStart === null) !== (w.lunchEnd === null))
      ctx.addIssue({ code: 'custom', path: ['lunchEnd'], message: 'lunch needs a start and an end' });
    if (w.lunchStart && w.lunchEnd) {
      const [ls, le] = [parseClock(w.lunchStart), parseClock(w.lunchEnd)];
      if (!(start <= ls && ls < le && le <= end))
        ctx.addIssue({
          code: 'custom',
          path: ['lunchStart'],
          message: 'lunch lies inside the working hours',
        });
    }
  });
export type CalendarWeekInput = z.infer<typeof calendarWeekInputSchema>;

/** An admin sets the working week and hours; open tasks' due times are recomputed. Audited. */
export async function saveCalendarWeekAsAdmin(
  db: Db,
  admin: Viewer,
  raw: CalendarWeekInput,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(admin);
  const w = calendarWeekInputSchema.parse(raw);
  const values = {
    workdays: [...new Set(w.workdays)].sort(),
    workStart: parseClock(w.workStart),
    workEnd: parseClock(w.workEnd),
    lunchStart: w.lunchStart ? parseClock(w.lunchStart) : null,
    lunchEnd: w.lunchEnd ? parseClock(w.lunchEnd) : null,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(businessCalendar)
      .values({ key: 'company', ...values })
      .onConflictDoUpdate({ target: businessCalendar.key, set: values });
    await afterCalendarChange(tx, admin, 'calendar.week', { ...w }, meta);
  });
}

export const calendarImportInputSchema = z.object({
  /** A pasted list or CSV (parse-calendar-days.ts). */
  text: z.string().max(100_000),
});

/**
 * An admin imports holidays and make-up working days (a pasted list or CSV). Listed dates replace what is
 * stored for them; nothing is written when a line does not parse (400 naming the lines).
 */
export async function importCalendarDaysAsAdmin(
  db: Db,
  admin: Viewer,
  raw: z.infer<typeof calendarImportInputSchema>,
  meta: RequestMeta = {},
): Promise<{ imported: number }> {
  assertAdmin(admin);
  const { days, issues } = parseCalendarDays(calendarImportInputSchema.parse(raw).text);
  if (issues.length > 0)
    throw new AppError('validation_failed', `Lines not understood: ${issues.map((i) => i.line).join(', ')}`, {
      issues: issues.map((i) => ({ path: `line ${i.line}`, message: i.text })),
    });
  if (days.length === 0)
    throw new AppError('validation_failed', 'No dates in the list', {
      issues: [{ path: 'text', message: 'empty' }],
    });
  await db.transaction(async (tx) => {
    await tx
      .insert(calendarDays)
      .values(days)
      .onConflictDoUpdate({
        target: calendarDays.date,
        set: { kind: sqlExcluded('kind'), name: sqlExcluded('name'), updatedAt: new Date() },
      });
    await afterCalendarChange(
      tx,
      admin,
      'calendar.import',
      { count: days.length, first: days[0]?.date, last: days.at(-1)?.date },
      meta,
    );
  });
  return { imported: days.length };
}

/** An admin removes one listed date (it becomes an ordinary day of the week again). 404 when it is not listed. */
export async function removeCalendarDayAsAdmin(
  db: Db,
  admin: Viewer,
  rawDate: string,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(admin);
  const date = normalizeDate(rawDate);
  if (!date)
    throw new AppError('validation_failed', 'Not a date', {
      issues: [{ path: 'date', message: 'YYYY-MM-DD' }],
    });
  await db.transaction(async (tx) => {
    const removed = await tx
      .delete(calendarDays)
      .where(eq(calendarDays.date, date))
      .returning({ date: calendarDays.date });
    if (removed.length === 0) throw new AppError('not_found', 'errors:notFound.calendarDay');
    await afterCalendarChange(tx, admin, 'calendar.remove', { date }, meta);
  });
}

/** Every change of the calendar is audited and moves the due times of open tasks (recompute-due-dates). */
async function afterCalendarChange(
  tx: Tx,
  admin: Viewer,
  action: string,
  details: Record<string, unknown>,
  meta: RequestMeta,
): Promise<void> {
  await recordAudit(tx, {
    actorUserId: admin.userId,
    action,
    targetType: 'calendar',
    targetId: 'company',
    details,
    ...meta,
  });
  await sendJob(tx, 'recompute-due-dates', { connectorId: null, processCode: null });
}

function sqlExcluded(column: 'kind' | 'name') {
  return sql.raw(`excluded.${column}`);
}

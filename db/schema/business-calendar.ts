import { date, integer, jsonb, pgEnum, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamps } from './_columns';

export const calendarDayKind = pgEnum('calendar_day_kind', ['holiday', 'workday']);

/**
 * The company business calendar's week (docs/sla.md): one row (`key` = 'company'). Due dates and "overdue by"
 * are counted in its working time, in the company time zone (HUIBAN_TIME_ZONE). No row = the default
 * Mon–Fri 09:00–18:00 with lunch 12:00–13:00.
 */
export const businessCalendar = pgTable('business_calendar', {
  key: text('key').primaryKey().default('company'),
  /** ISO weekdays worked unless a date says otherwise: 1 = Monday … 7 = Sunday. */
  workdays: jsonb('workdays').$type<number[]>().notNull().default([1, 2, 3, 4, 5]),
  /** Minutes after local midnight. */
  workStart: integer('work_start').notNull().default(540),
  workEnd: integer('work_end').notNull().default(1080),
  /** The lunch break, or null for none. */
  lunchStart: integer('lunch_start'),
  lunchEnd: integer('lunch_end'),
  ...timestamps,
});

/** Dates that differ from the week: public holidays, and make-up working days (调休) on a weekend. */
export const calendarDays = pgTable('calendar_days', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: calendarDayKind('kind').notNull(),
  /** e.g. 国庆节; null when imported without one. */
  name: text('name'),
  ...timestamps,
});

export type CalendarDay = typeof calendarDays.$inferSelect;

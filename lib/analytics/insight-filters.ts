import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { connectorKind } from '@/db/schema';
import { canSeeInsightDepartment, type InsightScope } from '@/lib/auth/permissions';
import { AppError } from '@/lib/errors';

const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(d)), 'date');

/** The filters of every 分析 figure and drill-down (all in the page URL). Days are company-time-zone dates. */
export const insightFiltersSchema = z
  .object({
    from: day.optional(),
    to: day.optional(),
    source: z.enum(connectorKind.enumValues).optional(),
    connectorId: z.uuid().optional(),
    process: z.string().max(200).optional(),
    department: z.string().max(200).optional(),
    granularity: z.enum(['day', 'week']).default('day'),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'from after to', path: ['from'] })
  .refine((f) => !f.from || !f.to || Date.parse(f.to) - Date.parse(f.from) <= 731 * 86_400_000, {
    message: 'at most two years',
    path: ['to'],
  });
export type InsightFiltersInput = z.input<typeof insightFiltersSchema>;
export type InsightFilters = z.output<typeof insightFiltersSchema> & { from: string; to: string };

/** Fills the default period (the last 30 days up to `today`); a period over 92 days is shown per week. */
export function withPeriod(filters: z.output<typeof insightFiltersSchema>, today: string): InsightFilters {
  const to = filters.to ?? today;
  const from = filters.from ?? shiftDay(to, -29);
  const long = Date.parse(to) - Date.parse(from) >= MAX_DAY_BUCKETS * 86_400_000;
  return { ...filters, from, to, granularity: long ? 'week' : filters.granularity };
}

export function shiftDay(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The WHERE fragment shared by the rollup and fact tables (same column names): the filters and the viewer's
 * scope. `dayColumn` null: no period (current state such as the backlog). A department filter outside the
 * scope is a 403, never an empty answer that would confirm the department exists.
 */
export function insightWhere(
  filters: InsightFilters,
  scope: InsightScope,
  dayColumn: string | null,
  alias = '',
): SQL {
  const c = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  if (filters.department !== undefined && !canSeeInsightDepartment(scope, filters.department)) {
    throw new AppError('forbidden', '该部门不在你的分析范围内');
  }
  const parts: SQL[] = [];
  if (dayColumn) parts.push(sql`${c(dayColumn)} BETWEEN ${filters.from}::date AND ${filters.to}::date`);
  if (filters.source) parts.push(sql`${c('source')} = ${filters.source}`);
  if (filters.connectorId) parts.push(sql`${c('connector_id')} = ${filters.connectorId}`);
  if (filters.process !== undefined) parts.push(sql`${c('process_key')} = ${filters.process}`);
  if (filters.department !== undefined) parts.push(sql`${c('department')} = ${filters.department}`);
  if (!scope.all) {
    parts.push(
      sql`${c('department')} IN (${sql.join(
        scope.departments.map((d) => sql`${d}`),
        sql`, `,
      )})`,
    );
  }
  return parts.length > 0 ? sql.join(parts, sql` AND `) : sql`true`;
}

/** Periods longer than this are answered per week even when days were asked for (a year has 365 points). */
export const MAX_DAY_BUCKETS = 92;

/**
 * Whether the company-wide rollups (no department, per day and week) answer: the viewer sees the whole company
 * and asked for no department. Otherwise the department rollups do, bounded by the scope's departments.
 */
export function isCompanyWide(filters: InsightFilters, scope: InsightScope): boolean {
  return scope.all && filters.department === undefined;
}

/**
 * The company-wide rows (alias `alias`, columns span and start) of the period and filters. `byDay`: day rows
 * only (a per-day series); otherwise the whole weeks (Monday to Sunday) inside the period come from week rows
 * and the days before the first and after the last of them from day rows.
 */
export function companyWhere(
  filters: InsightFilters,
  scope: InsightScope,
  alias: string,
  byDay: boolean,
): SQL {
  const a = (name: string) => sql.raw(`${alias}.${name}`);
  const days = (from: string, to: string) =>
    sql`(${a('span')} = 'day' AND ${a('start')} BETWEEN ${from}::date AND ${to}::date)`;
  const weeks = wholeWeeks(filters.from, filters.to);
  const period =
    byDay || !weeks
      ? days(filters.from, filters.to)
      : sql`((${a('span')} = 'week' AND ${a('start')} BETWEEN ${weeks.first}::date AND ${weeks.last}::date)
          OR ${days(filters.from, shiftDay(weeks.first, -1))} OR ${days(shiftDay(weeks.last, 7), filters.to)})`;
  return sql`${period} AND ${insightWhere(filters, scope, null, alias)}`;
}

/** The Mondays of the first and last whole week (Monday to Sunday) inside [from, to]; null if none. */
export function wholeWeeks(from: string, to: string): { first: string; last: string } | null {
  const first = shiftDay(from, (8 - isoWeekday(from)) % 7);
  const last = shiftDay(to, -(isoWeekday(to) - 1) - (isoWeekday(to) === 7 ? 0 : 7));
  return first <= last ? { first, last } : null;
}

/** 1 = Monday … 7 = Sunday. */
function isoWeekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay() || 7;
}

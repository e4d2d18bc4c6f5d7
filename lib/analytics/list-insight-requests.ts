import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import type { Viewer } from '@/lib/auth/viewer';
import { displayTimeZone } from '@/lib/env';
import { localDate } from '@/lib/sla/business-calendar';
import { rowsOf } from './figure-context';
import { BACKLOG_BUCKET_SQL, BACKLOG_BUCKETS } from './get-backlog';
import { insightFiltersSchema, insightWhere, withPeriod } from './insight-filters';
import { resolveInsightScope } from './resolve-insight-scope';

const PAGE_SIZE = 50;

/** What number a drill-down lists the requests of. */
export const INSIGHT_METRICS = [
  'started',
  'finished',
  'refused',
  'revoked',
  'transferred',
  'step',
  'approver',
  'late',
  'overdue',
  'pending',
] as const;

export const insightRequestsQuerySchema = insightFiltersSchema.and(
  z.object({
    metric: z.enum(INSIGHT_METRICS),
    /** metric step: the step (node) name; '' = steps without a name. */
    step: z.string().max(200).optional(),
    /** metric approver / pending: the approver; 'none' = tasks of unmapped people. */
    approverId: z.union([z.uuid(), z.literal('none')]).optional(),
    /** metric pending: one age bucket. */
    bucket: z.enum(BACKLOG_BUCKETS).optional(),
    page: z.coerce.number().int().min(1).max(1000).default(1),
  }),
);
export type InsightRequestsQuery = z.input<typeof insightRequestsQuerySchema>;

export type InsightRequestRow = {
  instanceId: string;
  title: string;
  processKey: string;
  processName: string | null;
  department: string;
  originatorName: string | null;
  startedAt: string;
  finishedAt: string | null;
  cycleSeconds: number | null;
  outcome: string;
  /** Task metrics: the task's step, approver, wait (answered, or so far when pending) and due time. */
  step: string | null;
  approverName: string | null;
  waitSeconds: number | null;
  dueAt: string | null;
};

const INSTANCE_METRICS: Record<string, { day: string; where: string; order: string }> = {
  started: { day: 'started_day', where: 'true', order: 'i.started_at DESC' },
  finished: { day: 'finished_day', where: "i.outcome IN ('agree', 'refuse')", order: 'i.cycle_seconds DESC' },
  refused: { day: 'finished_day', where: "i.outcome = 'refuse'", order: 'i.finished_at DESC' },
  revoked: { day: 'finished_day', where: "i.outcome = 'revoked'", order: 'i.finished_at DESC' },
  transferred: { day: 'finished_day', where: 'i.transferred', order: 'i.finished_at DESC' },
};

/**
 * The drill-down: the requests behind one number of 分析, within the viewer's scope (the department filter and
 * scope apply to every row), 50 per page, the slowest or newest first.
 */
export async function listInsightRequests(
  db: DbOrTx,
  viewer: Viewer,
  raw: InsightRequestsQuery,
  now = new Date(),
): Promise<{ rows: InsightRequestRow[]; total: number; page: number; pageSize: number }> {
  const scope = await resolveInsightScope(db, viewer);
  const query = insightRequestsQuerySchema.parse(raw);
  const filters = withPeriod(query, localDate(now, displayTimeZone()));
  const offset = (query.page - 1) * PAGE_SIZE;
  const columns = sql`i.instance_id AS "instanceId", i.title, i.process_key AS "processKey",
    i.process_name AS "processName", i.department, i.originator_name AS "originatorName",
    i.started_at AS "startedAt", i.finished_at AS "finishedAt", i.cycle_seconds AS "cycleSeconds", i.outcome`;

  let statement: SQL;
  const instanceMetric = INSTANCE_METRICS[query.metric];
  if (instanceMetric) {
    const where = sql`${insightWhere(filters, scope, instanceMetric.day, 'i')} AND ${sql.raw(instanceMetric.where)}`;
    statement = sql`
      SELECT ${columns}, NULL AS step, NULL AS "approverName", NULL::int AS "waitSeconds", NULL AS "dueAt",
        (SELECT count(*) FROM analytics_instance_facts i WHERE ${where})::int AS total
      FROM analytics_instance_facts i
      WHERE ${where}
      ORDER BY ${sql.raw(instanceMetric.order)} NULLS LAST, i.instance_id
      LIMIT ${PAGE_SIZE} OFFSET ${offset}`;
  } else {
    const parts: SQL[] = [];
    const isPending = query.metric === 'pending' || query.metric === 'overdue';
    parts.push(insightWhere(filters, scope, isPending ? null : 'finished_day', 't'));
    if (isPending) parts.push(sql`t.pending`);
    if (query.metric === 'overdue') parts.push(sql`t.due_at < now()`);
    if (query.metric === 'late') parts.push(sql`t.on_time = false`);
    if (query.step !== undefined) parts.push(sql`t.step = ${query.step}`);
    if (query.approverId === 'none') parts.push(sql`t.approver_user_id IS NULL`);
    else if (query.approverId) parts.push(sql`t.approver_user_id = ${query.approverId}`);
    if (query.metric === 'pending' && query.bucket) {
      parts.push(
        sql`${sql.raw(BACKLOG_BUCKET_SQL.replaceAll('received_at', 't.received_at'))} = ${query.bucket}`,
      );
    }
    // The page's tasks first (top-N on the task facts alone), then their requests: only 50 rows are joined.
    const where = sql.join(parts, sql` AND `);
    statement = sql`
      SELECT ${columns}, t.step, u.name AS "approverName", t.wait AS "waitSeconds", t.due_at AS "dueAt",
        (SELECT count(*) FROM analytics_task_facts t WHERE ${where})::int AS total
      FROM (
        SELECT t.*, coalesce(t.wait_seconds, extract(epoch FROM now() - t.received_at)::int) AS wait
        FROM analytics_task_facts t WHERE ${where}
        ORDER BY wait DESC, t.task_id LIMIT ${PAGE_SIZE} OFFSET ${offset}) t
      JOIN analytics_instance_facts i ON i.instance_id = t.instance_id
      LEFT JOIN users u ON u.id = t.approver_user_id
      ORDER BY t.wait DESC, t.task_id`;
  }
  const rows = rowsOf<InsightRequestRow & { total: number }>(await db.execute(statement));
  return {
    rows: rows.map(({ total: _total, ...r }) => ({
      ...r,
      startedAt: iso(r.startedAt) ?? '',
      finishedAt: iso(r.finishedAt),
      dueAt: iso(r.dueAt),
    })),
    total: rows[0]?.total ?? 0,
    page: query.page,
    pageSize: PAGE_SIZE,
  };
}

function iso(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(String(value)).toISOString();
}

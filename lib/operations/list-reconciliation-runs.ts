import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import {
  connectors,
  type ReconcileFinding,
  reconciliationRunConnectors,
  reconciliationRuns,
} from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { displayTimeZone } from '@/lib/env';

/** One connector's part of a stored run, as the health page lists it. */
export type ReconcileRunConnectorView = {
  connectorId: string;
  connectorName: string;
  checked: number;
  missedCreated: number;
  staleRepaired: number;
  orphanedClosed: number;
  errors: number;
  skipped: string | null;
  findings: ReconcileFinding[];
};

export type ReconcileRunView = {
  id: string;
  trigger: string;
  startedAt: string;
  finishedAt: string | null;
  connectors: ReconcileRunConnectorView[];
};

/** Repairs per day (display time zone): what reconciliation had to fix, against what it looked at. */
export type DriftDay = { day: string; looked: number; missed: number; stale: number; orphaned: number };

/** At most this many findings per connector and run reach the page (a run may touch thousands). */
const FINDINGS_SHOWN = 100;

/**
 * The drift report (admins): the latest reconciliation runs with what each connector's part found, and the drift
 * per day over the last `days` days.
 */
export async function listReconciliationRunsAsAdmin(
  db: Db,
  viewer: Viewer,
  params: { limit?: number; days?: number; now?: Date } = {},
): Promise<{ runs: ReconcileRunView[]; trend: DriftDay[] }> {
  assertAdmin(viewer);
  const runs = await db
    .select()
    .from(reconciliationRuns)
    .orderBy(desc(reconciliationRuns.startedAt))
    .limit(params.limit ?? 20);
  const parts = runs.length
    ? await db
        .select({ part: reconciliationRunConnectors, connectorName: connectors.name })
        .from(reconciliationRunConnectors)
        .innerJoin(connectors, eq(connectors.id, reconciliationRunConnectors.connectorId))
        .where(
          inArray(
            reconciliationRunConnectors.runId,
            runs.map((r) => r.id),
          ),
        )
        .orderBy(connectors.name)
    : [];
  const now = params.now ?? new Date();
  const days = params.days ?? 14;
  const zone = displayTimeZone();
  const trend = (await db.execute(sql`
    SELECT to_char(d.day, 'YYYY-MM-DD') AS day,
      coalesce(sum(r.checked + r.missed_created), 0)::int AS looked,
      coalesce(sum(r.missed_created), 0)::int AS missed,
      coalesce(sum(r.stale_repaired), 0)::int AS stale,
      coalesce(sum(r.orphaned_closed), 0)::int AS orphaned
    FROM generate_series(
      (date_trunc('day', ${now.toISOString()}::timestamptz AT TIME ZONE ${zone}) - make_interval(days => ${days - 1})),
      date_trunc('day', ${now.toISOString()}::timestamptz AT TIME ZONE ${zone}),
      interval '1 day'
    ) AS d(day)
    LEFT JOIN reconciliation_run_connectors r
      ON date_trunc('day', r.started_at AT TIME ZONE ${zone}) = d.day AND r.skipped IS NULL
    GROUP BY d.day ORDER BY d.day
  `)) as unknown as DriftDay[];
  return {
    runs: runs.map((run) => ({
      id: run.id,
      trigger: run.trigger,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
      connectors: parts
        .filter((p) => p.part.runId === run.id)
        .map(({ part, connectorName }) => ({
          connectorId: part.connectorId,
          connectorName,
          checked: part.checked,
          missedCreated: part.missedCreated,
          staleRepaired: part.staleRepaired,
          orphanedClosed: part.orphanedClosed,
          errors: part.errors,
          skipped: part.skipped,
          findings: part.findings.slice(0, FINDINGS_SHOWN),
        })),
    })),
    trend: trend.map((d) => ({ ...d })),
  };
}

import { sql } from 'drizzle-orm';
import { type FigureContext, rowsOf } from './figure-context';
import { companyWhere, insightWhere, isCompanyWide } from './insight-filters';

export type OutcomeCounts = { closed: number; refused: number; revoked: number; transferred: number };
export type OutcomeByProcess = OutcomeCounts & { processKey: string; processName: string | null };
export type Outcomes = { total: OutcomeCounts; byProcess: OutcomeByProcess[] };

/**
 * How the requests closed in the period ended: of the closed ones (decided or revoked), how many were refused,
 * revoked, or transferred (转交) on the way. Shares are these counts over `closed`.
 */
export async function getOutcomes({ db, filters, scope }: FigureContext): Promise<Outcomes> {
  const byProcess = rowsOf<OutcomeByProcess>(
    await db.execute(sql`
      SELECT process_key AS "processKey", max(process_name) AS "processName",
        (sum(finished) + sum(revoked))::int AS closed, sum(refused)::int AS refused, sum(revoked)::int AS revoked,
        sum(transferred)::int AS transferred
      FROM ${
        isCompanyWide(filters, scope)
          ? sql`analytics_company_requests c WHERE ${companyWhere(filters, scope, 'c', false)}`
          : sql`analytics_daily WHERE ${insightWhere(filters, scope, 'day')}`
      }
      GROUP BY process_key HAVING sum(finished) + sum(revoked) > 0 ORDER BY closed DESC, process_key LIMIT 50`),
  );
  const total = byProcess.reduce<OutcomeCounts>(
    (t, r) => ({
      closed: t.closed + r.closed,
      refused: t.refused + r.refused,
      revoked: t.revoked + r.revoked,
      transferred: t.transferred + r.transferred,
    }),
    { closed: 0, refused: 0, revoked: 0, transferred: 0 },
  );
  return { total, byProcess };
}

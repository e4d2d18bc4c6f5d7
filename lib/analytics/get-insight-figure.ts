import type { DbOrTx } from '@/db/client';
import type { Viewer } from '@/lib/auth/viewer';
import { displayTimeZone } from '@/lib/env';
import { localDate } from '@/lib/sla/business-calendar';
import { getBacklog } from './get-backlog';
import { getBottlenecks } from './get-bottlenecks';
import { getBusiestApprovers } from './get-busiest-approvers';
import { getCycleTimes } from './get-cycle-times';
import { getInsightOptions } from './get-insight-options';
import { getOutcomes } from './get-outcomes';
import { getSlaCompliance } from './get-sla-compliance';
import { getVolume } from './get-volume';
import { type InsightFiltersInput, insightFiltersSchema, withPeriod } from './insight-filters';
import { resolveInsightScope } from './resolve-insight-scope';

const FIGURES = {
  options: getInsightOptions,
  volume: getVolume,
  cycle: getCycleTimes,
  bottlenecks: getBottlenecks,
  outcomes: getOutcomes,
  sla: getSlaCompliance,
  backlog: getBacklog,
  approvers: getBusiestApprovers,
};
export type InsightFigure = keyof typeof FIGURES;
export const INSIGHT_FIGURES = Object.keys(FIGURES) as [InsightFigure, ...InsightFigure[]];
export type InsightFigureData<F extends InsightFigure> = Awaited<ReturnType<(typeof FIGURES)[F]>>;

/**
 * One 分析 figure for the viewer: resolves their scope (403 without one), fills the default period (the last
 * 30 days in the company time zone) and reads the rollups. Every figure answers `{ filters, data }` so the
 * page shows the period it got.
 */
export async function getInsightFigure<F extends InsightFigure>(
  db: DbOrTx,
  viewer: Viewer,
  figure: F,
  raw: InsightFiltersInput,
  now = new Date(),
): Promise<{ filters: ReturnType<typeof withPeriod>; data: InsightFigureData<F> }> {
  const scope = await resolveInsightScope(db, viewer);
  const filters = withPeriod(insightFiltersSchema.parse(raw), localDate(now, displayTimeZone()));
  const data = (await FIGURES[figure]({ db, filters, scope })) as InsightFigureData<F>;
  return { filters, data };
}

import { refreshAnalytics } from '@/lib/analytics/refresh-analytics';
import type { JobHandler } from '../job-handler';

/** Insights rollups: the instances changed since the last run (lib/analytics, docs/insights.md). */
export const handleRefreshAnalytics: JobHandler<'refresh-analytics'> = async (_payload, ctx) => {
  const result = await refreshAnalytics(ctx.db);
  if (result.instances > 0) ctx.log.info(result, 'analytics refreshed');
};

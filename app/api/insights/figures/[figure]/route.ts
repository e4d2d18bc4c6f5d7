import { z } from 'zod';
import { getDb } from '@/db/client';
import { getInsightFigure, INSIGHT_FIGURES } from '@/lib/analytics/get-insight-figure';
import { insightFiltersSchema } from '@/lib/analytics/insight-filters';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET ?from&to&source&connectorId&process&department&granularity → one 分析 figure in the viewer's scope. */
export const GET = route({
  auth: 'user',
  params: z.object({ figure: z.enum(INSIGHT_FIGURES) }),
  query: insightFiltersSchema,
  handler: ({ viewer, params, query }) => getInsightFigure(getDb(), viewer, params.figure, query),
});

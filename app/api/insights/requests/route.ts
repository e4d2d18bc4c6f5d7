import { getDb } from '@/db/client';
import { insightRequestsQuerySchema, listInsightRequests } from '@/lib/analytics/list-insight-requests';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET ?metric&…filters → the requests behind one 分析 number (drill-down), in the viewer's scope. */
export const GET = route({
  auth: 'user',
  query: insightRequestsQuerySchema,
  handler: ({ viewer, query }) => listInsightRequests(getDb(), viewer, query),
});

import { getDb } from '@/db/client';
import { grantInsightScopeAsAdmin } from '@/lib/analytics/grants/grant-insight-scope';
import { insightGrantInputSchema } from '@/lib/analytics/grants/insight-grant-input';
import { listInsightGrantsAsAdmin } from '@/lib/analytics/grants/list-insight-grants';
import { revokeInsightScopeAsAdmin } from '@/lib/analytics/grants/revoke-insight-scope';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → every granted 分析 scope (manager/analyst role per department). */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ grants: await listInsightGrantsAsAdmin(getDb(), viewer) }),
});

/** POST {userId, department} → grant one person the figures of one department. */
export const POST = route({
  auth: 'admin',
  body: insightGrantInputSchema,
  handler: async ({ viewer, body, request }) => {
    await grantInsightScopeAsAdmin(getDb(), viewer, body, requestMeta(request));
    return { ok: true };
  },
});

/** DELETE {userId, department} → withdraw it (404 when not granted). */
export const DELETE = route({
  auth: 'admin',
  body: insightGrantInputSchema,
  handler: async ({ viewer, body, request }) => {
    await revokeInsightScopeAsAdmin(getDb(), viewer, body, requestMeta(request));
    return { ok: true };
  },
});

import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  bulkMatchIdentitiesAsAdmin,
  bulkMatchInputSchema,
  previewBulkMatchAsAdmin,
} from '@/lib/people/bulk-match-identities';

export const dynamic = 'force-dynamic';

/** POST {field, connectorId?, apply} → the preview (apply false) or the links made (apply true). */
export const POST = route({
  auth: 'admin',
  body: bulkMatchInputSchema,
  handler: async ({ viewer, body, request }) => {
    const { apply, ...input } = body;
    if (!apply) return { preview: await previewBulkMatchAsAdmin(getDb(), viewer, input) };
    return { result: await bulkMatchIdentitiesAsAdmin(getDb(), viewer, input, requestMeta(request)) };
  },
});

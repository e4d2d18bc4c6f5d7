import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import {
  bulkMatchIdentitiesAsAdmin,
  bulkMatchInputSchema,
  previewBulkMatchAsAdmin,
} from '@/lib/directory/bulk-match-identities';
import { route } from '@/lib/http/route';

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

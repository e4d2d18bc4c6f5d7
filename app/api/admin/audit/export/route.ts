import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { auditFilterSchema, exportAuditLogCsvAsAdmin } from '@/lib/operations/search-audit-log';

export const dynamic = 'force-dynamic';

/** GET ?actor&action&… → the filtered audit log as a streamed CSV file (UTF-8 with BOM, for Excel). */
export const GET = route({
  auth: 'admin',
  query: auditFilterSchema,
  handler: async ({ viewer, query }) => {
    const name = `huiban-audit-${new Date().toISOString().slice(0, 10)}.csv`;
    return new Response(exportAuditLogCsvAsAdmin(getDb(), viewer, query), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${name}"`,
        'cache-control': 'no-store',
      },
    });
  },
});

import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { auditSearchSchema, searchAuditLogAsAdmin } from '@/lib/operations/search-audit-log';

export const dynamic = 'force-dynamic';

/** GET ?actor&action&targetType&targetId&from&to&page → the audit log (admins). */
export const GET = route({
  auth: 'admin',
  query: auditSearchSchema,
  handler: ({ viewer, query }) => searchAuditLogAsAdmin(getDb(), viewer, query),
});

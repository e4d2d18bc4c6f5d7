import { getDb } from '@/db/client';
import { auditSearchSchema, searchAuditLogAsAdmin } from '@/lib/audit/search-audit-log';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET ?actor&action&targetType&targetId&from&to&page → the audit log (admins). */
export const GET = route({
  auth: 'admin',
  query: auditSearchSchema,
  handler: ({ viewer, query }) => searchAuditLogAsAdmin(getDb(), viewer, query),
});

import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { acknowledgeTemplateChangeAsAdmin } from '@/lib/connectors/dingtalk/template-schema-admin';
import { route } from '@/lib/http/route';
import { templateRefSchema } from '../template-ref';

export const dynamic = 'force-dynamic';

/** POST `{ connectorId, processCode }` → the changed template's schema is accepted (404 unknown, 409 unchanged). */
export const POST = route({
  auth: 'admin',
  body: templateRefSchema,
  handler: ({ viewer, body, request }) =>
    acknowledgeTemplateChangeAsAdmin(getDb(), viewer, body, requestMeta(request)),
});

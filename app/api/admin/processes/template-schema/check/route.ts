import { getDb } from '@/db/client';
import { checkTemplateSchemaAsAdmin } from '@/lib/connectors/dingtalk/template-schema-admin';
import { route } from '@/lib/http/route';
import { templateRefSchema } from '../template-ref';

export const dynamic = 'force-dynamic';

/** POST `{ connectorId, processCode }` → reads the DingTalk template now and answers whether it changed. */
export const POST = route({
  auth: 'admin',
  body: templateRefSchema,
  handler: ({ viewer, body }) => checkTemplateSchemaAsAdmin(getDb(), viewer, body),
});

import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { createDingTalkConnectorSchema } from '@/lib/connectors/manage/connector-input';
import { listConnectorsAsAdmin } from '@/lib/connectors/manage/list-connectors';
import { createDingTalkConnectorAsAdmin } from '@/lib/connectors/manage/save-dingtalk-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → every connector, secrets only as "is set" flags. Admins only. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ connectors: await listConnectorsAsAdmin(getDb(), viewer) }),
});

/** POST {name, corpId, clientId, clientSecret, …} → the created DingTalk connector (201). */
export const POST = route({
  auth: 'admin',
  body: createDingTalkConnectorSchema,
  handler: async ({ viewer, body, request }) => {
    const created = await createDingTalkConnectorAsAdmin(getDb(), viewer, body, requestMeta(request));
    return Response.json(created, { status: 201 });
  },
});

import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { updateDingTalkConnectorSchema } from '@/lib/connectors/manage/connector-input';
import { getConnectorAsAdmin } from '@/lib/connectors/manage/get-connector';
import { updateDingTalkConnectorAsAdmin } from '@/lib/connectors/manage/save-dingtalk-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ connectorId: z.uuid() });

/** GET → one connector, secrets only as "is set" flags. */
export const GET = route({
  auth: 'admin',
  params,
  handler: async ({ viewer, params }) => getConnectorAsAdmin(getDb(), viewer, params.connectorId),
});

/** PATCH {…} → the updated connector; omitted fields and empty secrets keep their stored values. */
export const PATCH = route({
  auth: 'admin',
  params,
  body: updateDingTalkConnectorSchema,
  handler: async ({ viewer, params, body, request }) =>
    updateDingTalkConnectorAsAdmin(getDb(), viewer, params.connectorId, body, requestMeta(request)),
});

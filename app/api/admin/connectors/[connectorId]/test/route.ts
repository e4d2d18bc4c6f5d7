import { z } from 'zod';
import { getDb } from '@/db/client';
import { testDingTalkConnectorAsAdmin } from '@/lib/connectors/manage/test-dingtalk-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** POST → {ok, latencyMs} or {ok: false, code, message}: fetches an app access token with the saved settings. */
export const POST = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  handler: async ({ viewer, params }) => testDingTalkConnectorAsAdmin(getDb(), viewer, params.connectorId),
});

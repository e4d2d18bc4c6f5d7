import { z } from 'zod';
import { getDb } from '@/db/client';
import { listDingTalkTemplatesAsAdmin } from '@/lib/connectors/dingtalk/dingtalk-templates';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → the connector's templates Huiban has seen (processCode, name). */
export const GET = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  handler: async ({ viewer, params }) => ({
    items: await listDingTalkTemplatesAsAdmin(getDb(), viewer, params.connectorId),
  }),
});

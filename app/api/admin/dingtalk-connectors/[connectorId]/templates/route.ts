import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listDingTalkTemplatesAsAdmin } from '@/lib/workflows/dingtalk-templates';

export const dynamic = 'force-dynamic';

/** GET → the connector's templates Huiban has seen (processCode, name). */
export const GET = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid() }),
  handler: async ({ viewer, params }) => ({
    items: await listDingTalkTemplatesAsAdmin(getDb(), viewer, params.connectorId),
  }),
});

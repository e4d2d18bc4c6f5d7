import { z } from 'zod';
import { getDb } from '@/db/client';
import { approvalCentreStatusAsAdmin } from '@/lib/connectors/local/workflows/approval-centre-status';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → the workflow's DingTalk approval-centre template per connector and its latest failed calls. */
export const GET = route({
  auth: 'admin',
  params: z.object({ definitionId: z.uuid() }),
  handler: ({ viewer, params }) => approvalCentreStatusAsAdmin(getDb(), viewer, params.definitionId),
});

import { z } from 'zod';
import { getDb } from '@/db/client';
import { getDingTalkTemplateFormAsAdmin } from '@/lib/connectors/dingtalk/dingtalk-templates';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → a template's form components from DingTalk, for the DingTalk-approval step's field map. */
export const GET = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid(), processCode: z.string().min(1).max(100) }),
  handler: ({ viewer, params }) =>
    getDingTalkTemplateFormAsAdmin(getDb(), viewer, params.connectorId, params.processCode),
});

import { z } from 'zod';
import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getDingTalkTemplateFormAsAdmin } from '@/lib/workflows/dingtalk-templates';

export const dynamic = 'force-dynamic';

/** GET → a template's form components from DingTalk, for the DingTalk-approval step's field map. */
export const GET = route({
  auth: 'admin',
  params: z.object({ connectorId: z.uuid(), processCode: z.string().min(1).max(100) }),
  handler: ({ viewer, params }) =>
    getDingTalkTemplateFormAsAdmin(getDb(), viewer, params.connectorId, params.processCode),
});

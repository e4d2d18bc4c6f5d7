import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { listDingTalkConnectorsAsAdmin } from '@/lib/workflows/dingtalk-templates';

export const dynamic = 'force-dynamic';

/** GET → the DingTalk connectors (id, name, enabled) for the workflow designer's pickers. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listDingTalkConnectorsAsAdmin(getDb(), viewer) }),
});

import { getDb } from '@/db/client';
import { listDingTalkConnectorsAsAdmin } from '@/lib/connectors/dingtalk/dingtalk-templates';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → the DingTalk connectors (id, name, enabled) for the workflow designer's pickers. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listDingTalkConnectorsAsAdmin(getDb(), viewer) }),
});

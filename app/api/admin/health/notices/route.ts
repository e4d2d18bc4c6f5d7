import { getDb } from '@/db/client';
import { route } from '@/lib/http/route';
import { getNoticeStatsAsAdmin } from '@/lib/operations/get-notice-stats';

export const dynamic = 'force-dynamic';

/** GET → this month's DingTalk work notices per source connector, and each sending app's quota use (admins). */
export const GET = route({
  auth: 'admin',
  handler: ({ viewer }) => getNoticeStatsAsAdmin(getDb(), viewer),
});

import { dingtalkCallbackRoute } from '@/lib/ingest/inbound-routes';

export const dynamic = 'force-dynamic';

/** DingTalk's encrypted HTTP event callback; the ingest listener serves the same handler on its own port. */
export const POST = dingtalkCallbackRoute;

import { z } from 'zod';
import { getDb } from '@/db/client';
import { receiveDingTalkCallback } from '@/lib/connectors/dingtalk/receive-callback';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** DingTalk's encrypted HTTP event callback (one URL per connector). */
export const POST = route({
  auth: 'signature',
  params: z.object({ connectorId: z.string() }),
  // DingTalk events are small; anything near this is not one.
  maxBodyBytes: 256 * 1024,
  handler: ({ request, params, rawBody }) =>
    receiveDingTalkCallback(getDb(), params.connectorId, {
      query: new URL(request.url).searchParams,
      rawBody,
    }),
});

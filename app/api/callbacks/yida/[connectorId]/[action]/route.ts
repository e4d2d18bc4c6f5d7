import { z } from 'zod';
import { getDb } from '@/db/client';
import { receiveYidaPush } from '@/lib/connectors/yida/receive-push';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** Yida integration-center pushes: one URL per action (create, complete, cancel, delete, cc). */
export const POST = route({
  auth: 'signature',
  params: z.object({ connectorId: z.string(), action: z.string() }),
  // A create push carries the form data; anything near this is not one.
  maxBodyBytes: 512 * 1024,
  handler: ({ request, params, rawBody }) =>
    receiveYidaPush(getDb(), {
      connectorId: params.connectorId,
      action: params.action,
      contentType: request.headers.get('content-type') ?? '',
      rawBody,
      query: new URL(request.url).searchParams,
    }),
});

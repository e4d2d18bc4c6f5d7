import { z } from 'zod';
import { getDb } from '@/db/client';
import { receiveDingTalkCallback } from '@/lib/connectors/dingtalk/receive-callback';
import { receiveYidaPush } from '@/lib/connectors/yida/receive-push';
import { route } from '@/lib/http/route';

/**
 * The inbound HTTP routes, defined once: the Next route handlers (single-process setups) and the ingest
 * listener (start-ingest-server.ts) mount these same functions, so both answer every source byte for byte alike.
 */

/** DingTalk's encrypted HTTP event callback (one URL per connector). */
export const dingtalkCallbackRoute = route({
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

/** Yida integration-center pushes: one URL per action (create, complete, cancel, delete, cc). */
export const yidaPushRoute = route({
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

type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string>> },
) => Promise<Response>;

/** Path → handler for the listener; the same paths as the Next routes, so a proxy can route by prefix. */
export const INBOUND_ROUTES: { pattern: RegExp; names: string[]; handler: RouteHandler }[] = [
  {
    pattern: /^\/api\/callbacks\/dingtalk\/([^/]+)$/,
    names: ['connectorId'],
    handler: dingtalkCallbackRoute,
  },
  {
    pattern: /^\/api\/callbacks\/yida\/([^/]+)\/([^/]+)$/,
    names: ['connectorId', 'action'],
    handler: yidaPushRoute,
  },
];

import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { deleteCallbackRegistrationAsAdmin } from '@/lib/connectors/dingtalk/delete-callback-registration';
import { readCallbackRegistrationAsAdmin } from '@/lib/connectors/dingtalk/read-callback-registration';
import { saveCallbackRegistrationAsAdmin } from '@/lib/connectors/dingtalk/save-callback-registration';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

const params = z.object({ connectorId: z.uuid() });

/** GET → {expected, registered, matches, missingTags, extraTags}: what DingTalk has registered for the app. */
export const GET = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params }) => readCallbackRegistrationAsAdmin(getDb(), viewer, params.connectorId),
});

/** POST → register the HTTP callback (DingTalk checks the URL first; 409 when one exists). */
export const POST = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params, request }) =>
    saveCallbackRegistrationAsAdmin(getDb(), viewer, params.connectorId, 'register', {
      meta: requestMeta(request),
    }),
});

/** PUT → update the registered callback to Huiban's URL, tags, token and aes_key. */
export const PUT = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params, request }) =>
    saveCallbackRegistrationAsAdmin(getDb(), viewer, params.connectorId, 'update', {
      meta: requestMeta(request),
    }),
});

/** DELETE → delete the callback at DingTalk. */
export const DELETE = route({
  auth: 'admin',
  params,
  handler: ({ viewer, params, request }) =>
    deleteCallbackRegistrationAsAdmin(getDb(), viewer, params.connectorId, requestMeta(request)),
});

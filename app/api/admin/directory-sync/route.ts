import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  directorySyncInputSchema,
  listDirectorySyncsAsAdmin,
  requestDirectorySyncAsAdmin,
} from '@/lib/people/request-directory-sync';

export const dynamic = 'force-dynamic';

/** GET → each DingTalk connector with its latest directory sync. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ items: await listDirectorySyncsAsAdmin(getDb(), viewer) }),
});

/** POST {connectorId} → 立即同步通讯录: a full sync is queued for the worker. */
export const POST = route({
  auth: 'admin',
  body: directorySyncInputSchema,
  handler: async ({ viewer, body, request }) =>
    requestDirectorySyncAsAdmin(getDb(), viewer, body, requestMeta(request)),
});

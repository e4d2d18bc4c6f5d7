import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { listConnectorsAsAdmin } from '@/lib/connectors/manage/list-connectors';
import { createConnectorAsAdmin } from '@/lib/connectors/manage/save-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → every connector, secrets only as "is set" flags. Admins only. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ connectors: await listConnectorsAsAdmin(getDb(), viewer) }),
});

/**
 * POST {kind?: 'dingtalk' | 'yida', name, corpId, clientId, clientSecret, …} → the created connector (201);
 * the body is validated by its kind's schema (lib/connectors/manage/*-input.ts).
 */
export const POST = route({
  auth: 'admin',
  body: z.record(z.string(), z.unknown()),
  handler: async ({ viewer, body, request }) => {
    const created = await createConnectorAsAdmin(getDb(), viewer, body, requestMeta(request));
    return Response.json(created, { status: 201 });
  },
});

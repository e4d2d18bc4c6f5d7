import { z } from 'zod';
import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { listConnectorsAsAdmin } from '@/lib/connectors/admin/list-connectors';
import { createConnectorAsAdmin } from '@/lib/connectors/admin/save-connector';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → every connector, secrets only as "is set" flags. Admins only. */
export const GET = route({
  auth: 'admin',
  handler: async ({ viewer }) => ({ connectors: await listConnectorsAsAdmin(getDb(), viewer) }),
});

/**
 * POST {kind, …} → the created connector (201). `kind` picks the descriptor (lib/connectors/registry.ts) whose
 * schema validates the rest (lib/connectors/<kind>/admin-input.ts); without `kind`, a DingTalk connector. An
 * `api` connector's answer carries its callback secret once.
 */
export const POST = route({
  auth: 'admin',
  body: z.record(z.string(), z.unknown()),
  handler: async ({ viewer, body, request }) => {
    const created = await createConnectorAsAdmin(getDb(), viewer, body, requestMeta(request));
    return Response.json(created, { status: 201 });
  },
});

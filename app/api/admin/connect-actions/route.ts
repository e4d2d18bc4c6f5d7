import { z } from 'zod';
import { getDb } from '@/db/client';
import { listConnectActionsAsAdmin } from '@/lib/connectors/dingtalk/list-connect-actions';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/**
 * GET ?connectorId= → the org's connect-platform connectors and actions; with `actionId` → that action's input
 * JSON Schema (the designer renders the action's input form from it). Admins only.
 */
export const GET = route({
  auth: 'admin',
  query: z.object({
    connectorId: z.uuid(),
    integrationConnectorId: z.string().min(1).max(100).optional(),
    actionId: z.string().min(1).max(100).optional(),
  }),
  handler: ({ viewer, query }) => listConnectActionsAsAdmin(getDb(), viewer, query),
});

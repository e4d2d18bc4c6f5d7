import { getDb } from '@/db/client';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';
import {
  listProcessSettings,
  processSettingInputSchema,
  saveProcessSettingAsAdmin,
} from '@/lib/operations/process-settings';

export const dynamic = 'force-dynamic';

/** GET → every process seen, with its settings (admins). */
export const GET = route({ auth: 'admin', handler: () => listProcessSettings(getDb()) });

/**
 * PUT {connectorId, processCode, batchApprovable?, included?, displayName?, category?, summaryFields?}: one
 * process's mapping (fields left out keep their value).
 */
export const PUT = route({
  auth: 'admin',
  body: processSettingInputSchema,
  handler: async ({ viewer, body, request }) => {
    await saveProcessSettingAsAdmin(getDb(), viewer, body, requestMeta(request));
    return { saved: true };
  },
});

import { getDb } from '@/db/client';
import {
  batchApprovableInputSchema,
  listProcessSettings,
  setBatchApprovable,
} from '@/lib/admin/process-settings';
import { requestMeta } from '@/lib/audit/request-meta';
import { route } from '@/lib/http/route';

export const dynamic = 'force-dynamic';

/** GET → every process seen, with its settings (admins). */
export const GET = route({ auth: 'admin', handler: () => listProcessSettings(getDb()) });

/** PUT {connectorId, processCode, batchApprovable}: allow or stop batch approve for one process. */
export const PUT = route({
  auth: 'admin',
  body: batchApprovableInputSchema,
  handler: async ({ viewer, body, request }) => {
    await setBatchApprovable(getDb(), viewer, body, requestMeta(request));
    return { saved: true };
  },
});

import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { processSettings } from '@/db/schema';

/**
 * The mapping says this process is not included (/admin/processes): its events are stored and marked
 * processed with a "skipped" note, but never become tasks. Checked before the fetch when the event names the
 * process, and on the snapshot otherwise, so an excluded process costs at most one fetch per change.
 */
export async function isProcessExcluded(
  db: DbOrTx,
  connectorId: string,
  processCode: string,
): Promise<boolean> {
  const [row] = await db
    .select({ included: processSettings.included })
    .from(processSettings)
    .where(and(eq(processSettings.connectorId, connectorId), eq(processSettings.processCode, processCode)))
    .limit(1);
  return row ? !row.included : false;
}

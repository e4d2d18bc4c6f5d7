import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances } from '@/db/schema';

/**
 * The process code Huiban already knows for an instance. Re-reads that are not prompted by an event naming the
 * process (a write-back's confirming fetch, a resync) pass it to the adapter, so a source whose instance detail
 * carries no process code (DingTalk) still names the process and its per-process settings keep applying.
 */
export async function storedProcessCode(
  db: Db,
  connectorId: string,
  instanceExternalId: string,
): Promise<string | null> {
  const [row] = await db
    .select({ processCode: processInstances.processCode })
    .from(processInstances)
    .where(
      and(eq(processInstances.connectorId, connectorId), eq(processInstances.externalId, instanceExternalId)),
    );
  return row?.processCode || null;
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, processInstances } from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';

export type AttachmentToCopy = {
  id: string;
  connectorId: string;
  source: ConnectorKind;
  instanceExternalId: string;
  externalFileId: string;
  fileName: string;
  copyStatus: 'pending' | 'copied' | 'failed';
};

/** The facts the copy job needs. `unsafe`: not scoped to a viewer (worker use only). */
export async function unsafeGetAttachmentToCopy(
  db: DbOrTx,
  attachmentId: string,
): Promise<AttachmentToCopy | null> {
  const [row] = await db
    .select({
      id: attachments.id,
      connectorId: processInstances.connectorId,
      source: processInstances.source,
      instanceExternalId: processInstances.externalId,
      externalFileId: attachments.externalFileId,
      fileName: attachments.fileName,
      copyStatus: attachments.copyStatus,
    })
    .from(attachments)
    .innerJoin(processInstances, eq(processInstances.id, attachments.instanceId))
    .where(eq(attachments.id, attachmentId))
    .limit(1);
  return row ?? null;
}

import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments, processInstances } from '@/db/schema';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { StoredObject } from '@/lib/storage/types';

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

/** Records that the bytes are in Huiban's storage (only while not already copied: a retry cannot regress it). */
export async function recordAttachmentCopied(
  db: DbOrTx,
  attachmentId: string,
  stored: StoredObject & { contentType: string | null },
): Promise<boolean> {
  const updated = await db
    .update(attachments)
    .set({
      copyStatus: 'copied',
      storageKey: stored.storageKey,
      fileSize: stored.size,
      sha256: stored.sha256,
      copyError: null,
      ...(stored.contentType ? { fileType: stored.contentType } : {}),
    })
    .where(and(eq(attachments.id, attachmentId), eq(attachments.copyStatus, 'pending')))
    .returning({ id: attachments.id });
  return updated.length > 0;
}

export async function recordAttachmentCopyError(
  db: DbOrTx,
  attachmentId: string,
  reason: string,
  final: boolean,
) {
  await db
    .update(attachments)
    .set({ copyError: reason.slice(0, 500), ...(final ? { copyStatus: 'failed' as const } : {}) })
    .where(and(eq(attachments.id, attachmentId), eq(attachments.copyStatus, 'pending')));
}

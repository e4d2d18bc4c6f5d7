import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments } from '@/db/schema';
import type { StoredObject } from '@/lib/storage/types';

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

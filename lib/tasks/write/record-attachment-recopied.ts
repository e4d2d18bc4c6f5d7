import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments } from '@/db/schema';
import type { StoredObject } from '@/lib/storage/types';

/**
 * Points a copied attachment at a fresh copy of its bytes (the archive scrub found the stored file damaged or
 * missing and fetched it again from the source). Only while the row still names the damaged copy: a concurrent
 * repair that got there first is kept, and this copy is the caller's to remove.
 */
export async function recordAttachmentRecopied(
  db: DbOrTx,
  attachmentId: string,
  input: { replacesStorageKey: string; stored: StoredObject },
): Promise<boolean> {
  const updated = await db
    .update(attachments)
    .set({
      storageKey: input.stored.storageKey,
      fileSize: input.stored.size,
      sha256: input.stored.sha256,
      copyError: null,
    })
    .where(
      and(
        eq(attachments.id, attachmentId),
        eq(attachments.copyStatus, 'copied'),
        eq(attachments.storageKey, input.replacesStorageKey),
      ),
    )
    .returning({ id: attachments.id });
  return updated.length > 0;
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments } from '@/db/schema';

/**
 * Records the id the source gave each file Huiban wrote there (a comment's files, before the comment is sent),
 * so the source's echo of the file links to this row (insertAttachments) instead of being stored again. A retry
 * that uploads again records the new id: only the comment actually sent names them.
 */
export async function recordSourceFileIds(
  db: DbOrTx,
  files: { attachmentId: string; sourceFileId: string }[],
): Promise<void> {
  for (const f of files) {
    await db
      .update(attachments)
      .set({ sourceFileId: f.sourceFileId })
      .where(eq(attachments.id, f.attachmentId));
  }
}

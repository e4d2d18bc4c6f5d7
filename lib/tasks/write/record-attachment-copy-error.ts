import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { attachments } from '@/db/schema';

/** Records why a copy failed; `final` gives up on it (copy status `failed`), otherwise the job retries. */
export async function recordAttachmentCopyError(
  db: DbOrTx,
  attachmentId: string,
  reason: string,
  final: boolean,
): Promise<void> {
  await db
    .update(attachments)
    .set({ copyError: reason.slice(0, 500), ...(final ? { copyStatus: 'failed' as const } : {}) })
    .where(and(eq(attachments.id, attachmentId), eq(attachments.copyStatus, 'pending')));
}

import { and, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { instanceMentions } from '@/db/schema';

/**
 * Claims a mention's notice: true for the one caller that may send it (notice_status still null). The notice
 * is sent once per mention even when the job runs twice; a retryable failure gives the claim back.
 */
export async function claimMentionNotice(db: DbOrTx, mentionId: string): Promise<boolean> {
  const claimed = await db
    .update(instanceMentions)
    .set({ noticeStatus: 'sending', notifiedAt: new Date() })
    .where(and(eq(instanceMentions.id, mentionId), isNull(instanceMentions.noticeStatus)))
    .returning({ id: instanceMentions.id });
  return claimed.length > 0;
}

/** Records what became of a claimed mention notice, or (status null) gives the claim back for a retry. */
export async function recordMentionNotice(
  db: DbOrTx,
  mentionId: string,
  outcome: { status: 'sent' | 'not_notified' | 'failed' | null; reason?: string | null },
): Promise<void> {
  await db
    .update(instanceMentions)
    .set({
      noticeStatus: outcome.status,
      noticeReason: outcome.reason ?? null,
      notifiedAt: outcome.status ? new Date() : null,
    })
    .where(eq(instanceMentions.id, mentionId));
}

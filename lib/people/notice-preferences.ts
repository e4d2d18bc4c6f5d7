import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';

export const noticePreferencesSchema = z.strictObject({ muteTaskNotices: z.boolean() });
export type NoticePreferences = z.infer<typeof noticePreferencesSchema>;

/** The viewer's own notice preferences (DingTalk work notices for open-API and local-workflow tasks). */
export async function getNoticePreferences(db: DbOrTx, viewer: Viewer): Promise<NoticePreferences> {
  const [row] = await db
    .select({ muteTaskNotices: users.muteTaskNotices })
    .from(users)
    .where(eq(users.id, viewer.userId));
  return { muteTaskNotices: row?.muteTaskNotices ?? false };
}

/** Saves the viewer's own notice preferences (only their own row). */
export async function updateNoticePreferences(
  db: DbOrTx,
  viewer: Viewer,
  input: NoticePreferences,
): Promise<NoticePreferences> {
  await db.update(users).set({ muteTaskNotices: input.muteTaskNotices }).where(eq(users.id, viewer.userId));
  return input;
}

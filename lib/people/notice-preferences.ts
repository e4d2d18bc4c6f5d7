import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { defaultDigestHour } from '@/lib/env';

/** A save may carry any of the settings; what it leaves out stays as it is. */
export const noticePreferencesSchema = z.strictObject({
  muteTaskNotices: z.boolean().optional(),
  /** The daily digest of what waits (docs/reminders.md), on working days. */
  digestEnabled: z.boolean().optional(),
  /** The company-local hour (0–23) it goes out at. */
  digestHour: z.number().int().min(0).max(23).optional(),
});
export type NoticePreferencesInput = z.infer<typeof noticePreferencesSchema>;
export type NoticePreferences = { muteTaskNotices: boolean; digestEnabled: boolean; digestHour: number };

/** The viewer's own notice preferences (DingTalk work notices for open-API and local tasks, the daily digest). */
export async function getNoticePreferences(db: DbOrTx, viewer: Viewer): Promise<NoticePreferences> {
  const [row] = await db
    .select({
      muteTaskNotices: users.muteTaskNotices,
      digestEnabled: users.digestEnabled,
      digestHour: users.digestHour,
    })
    .from(users)
    .where(eq(users.id, viewer.userId));
  return {
    muteTaskNotices: row?.muteTaskNotices ?? false,
    digestEnabled: row?.digestEnabled ?? true,
    digestHour: row?.digestHour ?? defaultDigestHour(),
  };
}

/** Saves the viewer's own notice preferences (only their own row); answers all of them as they now are. */
export async function updateNoticePreferences(
  db: DbOrTx,
  viewer: Viewer,
  input: NoticePreferencesInput,
): Promise<NoticePreferences> {
  const set = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
  if (Object.keys(set).length > 0) await db.update(users).set(set).where(eq(users.id, viewer.userId));
  return getNoticePreferences(db, viewer);
}

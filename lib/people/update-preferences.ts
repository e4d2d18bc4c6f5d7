import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '@/db/client';
import { users } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { LOCALES } from '@/lib/i18n/locales';

export const preferencesSchema = z.strictObject({ locale: z.enum(LOCALES) });
export type Preferences = z.infer<typeof preferencesSchema>;

/** Saves the viewer's own preferences (only their own row). */
export async function updatePreferences(
  db: DbOrTx,
  viewer: Viewer,
  input: Preferences,
): Promise<Preferences> {
  await db.update(users).set({ locale: input.locale }).where(eq(users.id, viewer.userId));
  return input;
}

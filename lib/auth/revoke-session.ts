import { lt } from 'drizzle-orm';
import type { Db, Tx } from '@/db/client';
import { revokedSessions } from '@/db/schema';

/**
 * Ends one session for good (sign-out): its `sid` is listed until the JWT would have expired anyway, and the
 * viewer lookup (lib/auth getViewer) refuses it from then on. Idempotent; prunes rows that expired.
 */
export async function revokeSession(
  db: Db | Tx,
  params: { sid: string; userId: string; expiresAt: Date },
): Promise<void> {
  await db.delete(revokedSessions).where(lt(revokedSessions.expiresAt, new Date()));
  await db
    .insert(revokedSessions)
    .values({ sid: params.sid, userId: params.userId, expiresAt: params.expiresAt })
    .onConflictDoNothing();
}

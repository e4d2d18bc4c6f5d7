import { and, eq, notExists } from 'drizzle-orm';
import { forbidden, redirect } from 'next/navigation';
import { getServerSession } from 'next-auth';
import { cache } from 'react';
import { getDb } from '@/db/client';
import { revokedSessions, users } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { getAuthOptions } from './config';
import { assertAdmin } from './permissions';
import type { Viewer } from './viewer';

export type { Viewer } from './viewer';

const UUID = /^[0-9a-f-]{36}$/;

/**
 * The signed-in viewer, or null. One session + user lookup per request (React `cache`); role and status are
 * read from the database, so a demoted or disabled account loses access at once, and a session that was
 * signed out (its `sid` in `revoked_sessions`) is refused even if someone kept a copy of the cookie.
 */
export const getViewer = cache(async (): Promise<Viewer | null> => {
  const session = await getServerSession(getAuthOptions());
  const { userId, sid } = (session as { userId?: string; sid?: string } | null) ?? {};
  if (!userId || !UUID.test(userId) || !sid || !UUID.test(sid)) return null;
  const db = getDb();
  const [user] = await db
    .select({ id: users.id, name: users.name, role: users.role, status: users.status })
    .from(users)
    .where(
      and(
        eq(users.id, userId),
        notExists(
          db.select({ sid: revokedSessions.sid }).from(revokedSessions).where(eq(revokedSessions.sid, sid)),
        ),
      ),
    )
    .limit(1);
  if (user?.status !== 'active') return null;
  return { userId: user.id, name: user.name, isAdmin: user.role === 'admin' };
});

/** For pages: the viewer, or a redirect to the login page. */
export async function requireUser(): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) redirect('/login');
  return viewer;
}

/** For pages: an admin viewer, or the 403 page (app/forbidden.tsx). */
export async function requireAdmin(): Promise<Viewer> {
  const viewer = await requireUser();
  if (!viewer.isAdmin) forbidden();
  return viewer;
}

/** For route handlers: the viewer or an AppError the route wrapper turns into 401/403. */
export async function viewerOrThrow(level: 'user' | 'admin'): Promise<Viewer> {
  const viewer = await getViewer();
  if (!viewer) throw new AppError('unauthorized', '请先登录');
  if (level === 'admin') assertAdmin(viewer);
  return viewer;
}

import { asc, desc, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { processInstances, urgeNotices, urges, users } from '@/db/schema';
import { canUrgeInstance } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { URGE_INTERVAL_MS } from '@/lib/tasks/inbox/urge-window';
import { isInstanceParticipant } from '@/lib/tasks/instance-queries';

export type UrgeStatus = {
  /** The viewer may urge this request (originator or admin, and it is running). */
  canUrge: boolean;
  /** While the last urge is less than an hour old: when the next one is allowed. */
  nextAllowedAt: string | null;
  last: {
    urgedAt: string;
    urgedByName: string | null;
    notices: {
      name: string;
      status: 'pending' | 'sent' | 'not_notified' | 'failed';
      reason: string | null;
    }[];
  } | null;
};

/** What the 催办 button of a request shows: allowed or when again, and what became of the last urge's notices. */
export async function getUrgeStatus(
  db: Db,
  viewer: Viewer,
  input: { instanceId: string },
  now: Date = new Date(),
): Promise<UrgeStatus> {
  if (!(await isInstanceParticipant(db, viewer, input.instanceId)))
    throw new AppError('not_found', 'reminders:error.notFound');
  const [instance] = await db
    .select({ status: processInstances.status, originatorUserId: processInstances.originatorUserId })
    .from(processInstances)
    .where(eq(processInstances.id, input.instanceId));
  if (!instance) throw new AppError('not_found', 'reminders:error.notFound');
  const allowed = canUrgeInstance(viewer, instance);
  if (!allowed) return { canUrge: false, nextAllowedAt: null, last: null };
  const [last] = await db
    .select({ id: urges.id, createdAt: urges.createdAt, byName: users.name })
    .from(urges)
    .leftJoin(users, eq(users.id, urges.urgedByUserId))
    .where(eq(urges.instanceId, input.instanceId))
    .orderBy(desc(urges.createdAt))
    .limit(1);
  const next = last ? last.createdAt.getTime() + URGE_INTERVAL_MS : 0;
  const notices = last
    ? await db
        .select({ name: urgeNotices.recipientName, status: urgeNotices.status, reason: urgeNotices.reason })
        .from(urgeNotices)
        .where(eq(urgeNotices.urgeId, last.id))
        .orderBy(asc(urgeNotices.createdAt), asc(urgeNotices.recipientName))
    : [];
  return {
    canUrge: instance.status === 'running',
    nextAllowedAt: next > now.getTime() ? new Date(next).toISOString() : null,
    last: last
      ? {
          urgedAt: last.createdAt.toISOString(),
          urgedByName: last.byName,
          notices: notices.map((n) => ({
            ...n,
            // A failure's detail stays in the row (operators); the page says only that it failed.
            reason: n.status === 'not_notified' ? n.reason : null,
          })),
        }
      : null,
  };
}

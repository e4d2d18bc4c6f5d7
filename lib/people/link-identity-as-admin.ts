import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { identities, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { linkIdentityToUser } from '@/lib/tasks/write/link-identity-to-user';
import { unlinkIdentityFromUser } from '@/lib/tasks/write/unlink-identity-from-user';

export const linkIdentityInputSchema = z.object({ userId: z.uuid() });

/** An admin links an identity to a Huiban user by hand (matchedBy `manual`); its waiting tasks move along. */
export async function linkIdentityAsAdmin(
  db: Db,
  admin: Viewer,
  input: { identityId: string; userId: string },
  meta: RequestMeta = {},
): Promise<{ tasks: number }> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const [identity] = await tx
      .select({ id: identities.id, userId: identities.userId, externalUserId: identities.externalUserId })
      .from(identities)
      .where(eq(identities.id, input.identityId))
      .for('update');
    if (!identity) throw new AppError('not_found', '身份不存在');
    const [user] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.userId), eq(users.status, 'active')));
    if (!user) throw new AppError('not_found', '用户不存在或已停用');
    if (identity.userId && identity.userId !== input.userId)
      throw new AppError('conflict', '该身份已关联其他用户，请先解除关联');
    const moved = await linkIdentityToUser(tx, {
      identityId: identity.id,
      userId: user.id,
      matchedBy: 'manual',
    });
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'identity.link',
      targetType: 'identity',
      targetId: identity.id,
      details: { userId: user.id, externalUserId: identity.externalUserId, tasks: moved.tasks },
      ...meta,
    });
    return moved;
  });
}

/** An admin removes a link (wrong match): the identity's tasks wait unmapped again. Audited. */
export async function unlinkIdentityAsAdmin(
  db: Db,
  admin: Viewer,
  input: { identityId: string },
  meta: RequestMeta = {},
): Promise<{ tasks: number }> {
  assertAdmin(admin);
  return db.transaction(async (tx) => {
    const [identity] = await tx
      .select({ externalUserId: identities.externalUserId })
      .from(identities)
      .where(eq(identities.id, input.identityId));
    if (!identity) throw new AppError('not_found', '身份不存在');
    const result = await unlinkIdentityFromUser(tx, input);
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'identity.unlink',
      targetType: 'identity',
      targetId: input.identityId,
      details: { userId: result.userId, externalUserId: identity.externalUserId, tasks: result.tasks },
      ...meta,
    });
    return { tasks: result.tasks };
  });
}

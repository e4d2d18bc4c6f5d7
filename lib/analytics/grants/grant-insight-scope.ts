import { eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analyticsGrants, users } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type InsightGrantInput, insightGrantInputSchema } from './insight-grant-input';

/** An admin makes someone a manager/analyst for a department (the grant is idempotent); audited. */
export async function grantInsightScopeAsAdmin(
  db: Db,
  admin: Viewer,
  raw: InsightGrantInput,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(admin);
  const input = insightGrantInputSchema.parse(raw);
  await db.transaction(async (tx) => {
    const [user] = await tx.select({ id: users.id }).from(users).where(eq(users.id, input.userId));
    if (!user) throw new AppError('not_found', '用户不存在');
    const inserted = await tx
      .insert(analyticsGrants)
      .values({ userId: input.userId, department: input.department, grantedBy: admin.userId })
      .onConflictDoNothing()
      .returning({ userId: analyticsGrants.userId });
    if (inserted.length === 0) return;
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'insights.grant',
      targetType: 'user',
      targetId: input.userId,
      details: { department: input.department },
      ...meta,
    });
  });
}

import { and, eq } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { analyticsGrants } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record-audit';
import type { RequestMeta } from '@/lib/audit/request-meta';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type InsightGrantInput, insightGrantInputSchema } from './insight-grant-input';

/** An admin withdraws a granted department (404 when there is no such grant); audited. */
export async function revokeInsightScopeAsAdmin(
  db: Db,
  admin: Viewer,
  raw: InsightGrantInput,
  meta: RequestMeta = {},
): Promise<void> {
  assertAdmin(admin);
  const input = insightGrantInputSchema.parse(raw);
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(analyticsGrants)
      .where(and(eq(analyticsGrants.userId, input.userId), eq(analyticsGrants.department, input.department)))
      .returning({ userId: analyticsGrants.userId });
    if (deleted.length === 0) throw new AppError('not_found', '没有这项授权');
    await recordAudit(tx, {
      actorUserId: admin.userId,
      action: 'insights.revoke',
      targetType: 'user',
      targetId: input.userId,
      details: { department: input.department },
      ...meta,
    });
  });
}

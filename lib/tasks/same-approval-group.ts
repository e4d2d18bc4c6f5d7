import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { sameApprovalLinks } from '@/db/schema';

/** The instances that are the same approval as this one: its primary first, then the primary's twins (itself included). */
export async function sameApprovalGroupOf(db: DbOrTx, instanceId: string): Promise<string[]> {
  const [asTwin] = await db
    .select({ primary: sameApprovalLinks.primaryInstanceId })
    .from(sameApprovalLinks)
    .where(eq(sameApprovalLinks.twinInstanceId, instanceId));
  const primary = asTwin?.primary ?? instanceId;
  const twins = await db
    .select({ id: sameApprovalLinks.twinInstanceId })
    .from(sameApprovalLinks)
    .where(eq(sameApprovalLinks.primaryInstanceId, primary));
  return [primary, ...twins.map((t) => t.id).filter((id) => id !== primary)];
}

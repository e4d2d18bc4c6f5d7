import { and, eq } from 'drizzle-orm';
import type { Tx } from '@/db/client';
import { identities } from '@/db/schema';
import { AppError } from '@/lib/errors';

/** The user's id at the connector's source; acting needs one (DingTalk acts in the user's name). */
export async function getActorExternalId(
  tx: Tx,
  connectorId: string,
  userId: string,
  message = '您在该来源系统中的账号尚未关联',
): Promise<string> {
  const [identity] = await tx
    .select({ externalUserId: identities.externalUserId })
    .from(identities)
    .where(and(eq(identities.connectorId, connectorId), eq(identities.userId, userId)))
    .limit(1);
  if (!identity) throw new AppError('conflict', message);
  return identity.externalUserId;
}

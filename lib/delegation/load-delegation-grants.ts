import { and, eq, gt } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { delegations } from '@/db/schema';
import type { DelegationGrant } from '@/lib/auth/permissions';

/**
 * The delegations from `principalUserId` to `delegateUserId` that have not ended by `now`, with their id, for
 * `canActOnTaskAsDelegate()` to judge (window, cancellation and processes are its to decide).
 */
export async function loadDelegationGrants(
  db: DbOrTx,
  pair: { principalUserId: string; delegateUserId: string },
  now: Date,
): Promise<(DelegationGrant & { id: string })[]> {
  return db
    .select({
      id: delegations.id,
      principalUserId: delegations.principalUserId,
      delegateUserId: delegations.delegateUserId,
      startsAt: delegations.startsAt,
      endsAt: delegations.endsAt,
      processes: delegations.processes,
      cancelledAt: delegations.cancelledAt,
    })
    .from(delegations)
    .where(
      and(
        eq(delegations.principalUserId, pair.principalUserId),
        eq(delegations.delegateUserId, pair.delegateUserId),
        gt(delegations.endsAt, now),
      ),
    );
}

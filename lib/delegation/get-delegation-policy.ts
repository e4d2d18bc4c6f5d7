import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectorDelegationPolicies } from '@/db/schema';
import type { DelegationPolicy } from './delegation-input';

/** How a delegate's action reaches this connector's source; `act_as_assignee` unless an admin chose otherwise. */
export async function getDelegationPolicy(db: DbOrTx, connectorId: string): Promise<DelegationPolicy> {
  const [row] = await db
    .select({ policy: connectorDelegationPolicies.policy })
    .from(connectorDelegationPolicies)
    .where(eq(connectorDelegationPolicies.connectorId, connectorId));
  return row?.policy ?? 'act_as_assignee';
}

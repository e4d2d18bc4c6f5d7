import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectorDelegationPolicies, connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import type { DelegationPolicy } from './delegation-input';

export type DelegationPolicyView = {
  connectorId: string;
  connectorName: string;
  kind: ConnectorKind;
  policy: DelegationPolicy;
};

/** Every connector with its delegation policy (`act_as_assignee` where none was chosen). */
export async function listDelegationPoliciesAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
): Promise<DelegationPolicyView[]> {
  assertAdmin(viewer);
  const rows = await db
    .select({
      connectorId: connectors.id,
      connectorName: connectors.name,
      kind: connectors.kind,
      policy: connectorDelegationPolicies.policy,
    })
    .from(connectors)
    .leftJoin(connectorDelegationPolicies, eq(connectorDelegationPolicies.connectorId, connectors.id))
    .orderBy(asc(connectors.name));
  return rows.map((r) => ({ ...r, policy: r.policy ?? 'act_as_assignee' }));
}

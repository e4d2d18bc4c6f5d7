import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, processInstances, sameApprovalLinks } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorKind } from '@/lib/connectors/kinds';
import { isInstanceParticipant } from './instance-queries';

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

/** Another copy of the same approval, as the detail page links it (Huiban's page and the source's). */
export type SameApprovalCopy = {
  instanceId: string;
  isPrimary: boolean;
  title: string;
  source: ConnectorKind;
  connectorName: string;
  status: string;
  pcUrl: string | null;
  mobileUrl: string | null;
};

/**
 * The other copies of an instance's approval (issue 22) that the viewer may see (invariant 5: a participant of
 * that copy too, or an admin), for the detail page's "both sources" links.
 */
export async function listSameApprovalForViewer(
  db: DbOrTx,
  viewer: Viewer,
  instanceId: string,
): Promise<SameApprovalCopy[]> {
  const group = await sameApprovalGroupOf(db, instanceId);
  const others = group.filter((id) => id !== instanceId);
  if (others.length === 0) return [];
  const rows = await db
    .select({ instance: processInstances, connectorName: connectors.name })
    .from(processInstances)
    .innerJoin(connectors, eq(connectors.id, processInstances.connectorId))
    .where(inArray(processInstances.id, others));
  const copies: SameApprovalCopy[] = [];
  for (const id of others) {
    const row = rows.find((r) => r.instance.id === id);
    if (!row || !(await isInstanceParticipant(db, viewer, id))) continue;
    copies.push({
      instanceId: id,
      isPrimary: id === group[0],
      title: row.instance.title,
      source: row.instance.source,
      connectorName: row.connectorName,
      status: row.instance.status,
      pcUrl: row.instance.pcUrl,
      mobileUrl: row.instance.mobileUrl,
    });
  }
  return copies;
}

import { eq, max } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors, inboundEvents } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type ConnectorDetail, toConnectorDetail } from './connector-view';

/**
 * One connector without secret values; 404 when unknown. Admins only. Its last event is read from the events
 * themselves (as 同步健康 does): nothing stamps it into `health` when an event arrives.
 */
export async function getConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorDetail> {
  assertAdmin(viewer);
  const [row] = await db.select().from(connectors).where(eq(connectors.id, connectorId)).limit(1);
  if (!row) throw new AppError('not_found', 'errors:notFound.connector');
  const [last] = await db
    .select({ at: max(inboundEvents.receivedAt) })
    .from(inboundEvents)
    .where(eq(inboundEvents.connectorId, connectorId));
  const detail = toConnectorDetail(row);
  const lastEventAt = last?.at ? new Date(last.at).toISOString() : detail.health.lastEventAt;
  return { ...detail, health: { ...detail.health, ...(lastEventAt ? { lastEventAt } : {}) } };
}

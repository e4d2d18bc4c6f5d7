import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type AuditMeta, recordConnectorAudit } from '../record-connector-audit';
import { type ConnectorDetail, toConnectorDetail } from './connector-view';

export const setConnectorEnabledSchema = z.strictObject({ enabled: z.boolean() });

/**
 * Enables or disables a connector. The worker re-reads enabled connectors periodically and opens or closes
 * Stream connections accordingly; the HTTP callback route answers 404 for a disabled connector.
 */
export async function setConnectorEnabledAsAdmin(
  db: Db,
  viewer: Viewer,
  connectorId: string,
  enabled: boolean,
  meta: AuditMeta = {},
): Promise<ConnectorDetail> {
  assertAdmin(viewer);
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select({ enabled: connectors.enabled })
      .from(connectors)
      .where(eq(connectors.id, connectorId))
      .for('update')
      .limit(1);
    if (!current) throw new AppError('not_found', 'errors:notFound.connector');
    const [row] = await tx
      .update(connectors)
      .set({ enabled })
      .where(eq(connectors.id, connectorId))
      .returning();
    if (!row) throw new Error('connector update returned no row');
    await recordConnectorAudit(
      tx,
      viewer,
      enabled ? 'connector.enable' : 'connector.disable',
      connectorId,
      { from: current.enabled, to: enabled },
      meta,
    );
    return toConnectorDetail(row);
  });
}

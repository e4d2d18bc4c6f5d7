import { asc } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { type ConnectorDetail, toConnectorDetail } from './connector-view';

/** Every connector (all kinds), oldest first, without secret values. Admins only. */
export async function listConnectorsAsAdmin(db: DbOrTx, viewer: Viewer): Promise<ConnectorDetail[]> {
  assertAdmin(viewer);
  const rows = await db.select().from(connectors).orderBy(asc(connectors.createdAt), asc(connectors.id));
  return rows.map(toConnectorDetail);
}

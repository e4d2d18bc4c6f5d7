import { asc } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type ConnectorDetail, toConnectorDetail } from './connector-view';

/** Every connector (all kinds), oldest first, without secret values. Admins only. */
export async function listConnectorsAsAdmin(db: DbOrTx, viewer: Viewer): Promise<ConnectorDetail[]> {
  if (!viewer.isAdmin) throw new AppError('forbidden', '需要管理员权限');
  const rows = await db.select().from(connectors).orderBy(asc(connectors.createdAt), asc(connectors.id));
  return rows.map(toConnectorDetail);
}

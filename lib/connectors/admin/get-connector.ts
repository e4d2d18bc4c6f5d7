import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type ConnectorDetail, toConnectorDetail } from './connector-view';

/** One connector without secret values; 404 when unknown. Admins only. */
export async function getConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorDetail> {
  assertAdmin(viewer);
  const [row] = await db.select().from(connectors).where(eq(connectors.id, connectorId)).limit(1);
  if (!row) throw new AppError('not_found', '连接器不存在');
  return toConnectorDetail(row);
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { type Connector, connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';

/** An `api` connector row for an admin change (locked for update in a transaction); 404 otherwise. */
export async function loadApiConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<Connector> {
  assertAdmin(viewer);
  const [row] = await db.select().from(connectors).where(eq(connectors.id, connectorId)).limit(1);
  if (!row) throw new AppError('not_found', '连接器不存在');
  if (row.kind !== 'api') throw new AppError('bad_request', '只有“开放 API”类连接器可以管理 API 密钥');
  return row;
}

import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type ConnectorTestResult, isAdminUnsupported } from '../descriptor';
import { getDescriptor } from '../registry';

/** "测试连接" with the test of the connector's kind; 404 when unknown or when its kind has nothing to test. */
export async function testConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorTestResult> {
  assertAdmin(viewer);
  const [row] = await db
    .select({ kind: connectors.kind })
    .from(connectors)
    .where(eq(connectors.id, connectorId))
    .limit(1);
  if (!row) throw new AppError('not_found', '连接器不存在');
  const { test } = getDescriptor(row.kind).admin;
  if (isAdminUnsupported(test)) throw new AppError(test.unsupported.code, test.unsupported.message);
  return test(db, viewer, connectorId);
}

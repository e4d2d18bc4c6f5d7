import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type ConnectorTestResult, testDingTalkConnectorAsAdmin } from './test-dingtalk-connector';
import { testYidaConnectorAsAdmin } from './test-yida-connector';

/** "测试连接" by kind. Admins only. */
export async function testConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorTestResult> {
  if (!viewer.isAdmin) throw new AppError('forbidden', '需要管理员权限');
  const [row] = await db
    .select({ kind: connectors.kind })
    .from(connectors)
    .where(eq(connectors.id, connectorId))
    .limit(1);
  if (row?.kind === 'yida') return testYidaConnectorAsAdmin(db, viewer, connectorId);
  return testDingTalkConnectorAsAdmin(db, viewer, connectorId);
}

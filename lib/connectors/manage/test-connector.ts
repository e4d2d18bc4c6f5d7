import { eq } from 'drizzle-orm';
import type { DbOrTx } from '@/db/client';
import { connectors } from '@/db/schema';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { type ConnectorTestResult, testDingTalkConnectorAsAdmin } from './test-dingtalk-connector';
import { testYidaConnectorAsAdmin } from './test-yida-connector';

/** "测试连接" by kind. Admins only. */
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
  if (row?.kind === 'yida') return testYidaConnectorAsAdmin(db, viewer, connectorId);
  return testDingTalkConnectorAsAdmin(db, viewer, connectorId);
}

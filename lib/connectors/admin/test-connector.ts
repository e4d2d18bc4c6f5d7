import type { DbOrTx } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import { AppError } from '@/lib/errors';
import { type ConnectorTestResult, isAdminUnsupported } from '../descriptor';
import { descriptorOfConnector } from './connector-kind-of';

/** "测试连接" with the test of the connector's kind; 404 when unknown or when its kind has nothing to test. */
export async function testConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorTestResult> {
  assertAdmin(viewer);
  const { test } = (await descriptorOfConnector(db, connectorId)).admin;
  if (isAdminUnsupported(test)) throw new AppError(test.unsupported.code, test.unsupported.message);
  return test(db, viewer, connectorId);
}

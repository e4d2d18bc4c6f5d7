import type { DbOrTx } from '@/db/client';
import { AppError } from '@/lib/errors';
import type { ConnectorTestResult } from './descriptor';
import type { ConnectorKind } from './kinds';
import { unsafeLoadConnectorRuntime } from './load-connector';
import type { ConnectorRuntime } from './types';

/**
 * The first step of every kind's "测试连接": the connector of that kind with its opened secrets, or the test
 * result that says the stored secrets cannot be read (the admin re-enters them). Another kind or an unknown id
 * is a 404. `unsafe`: the runtime holds secret values; callers keep it on the server.
 */
export async function unsafeLoadConnectorForTest(
  db: DbOrTx,
  connectorId: string,
  expected: { kind: ConnectorKind; notFound: string },
): Promise<{ runtime: ConnectorRuntime } | { failure: ConnectorTestResult }> {
  let runtime: Awaited<ReturnType<typeof unsafeLoadConnectorRuntime>>;
  try {
    runtime = await unsafeLoadConnectorRuntime(db, connectorId);
  } catch {
    return {
      failure: {
        ok: false,
        latencyMs: 0,
        code: 'secrets_unreadable',
        message: '无法解密已保存的密钥，请重新填写',
      },
    };
  }
  if (runtime?.kind !== expected.kind) throw new AppError('not_found', expected.notFound);
  return { runtime };
}

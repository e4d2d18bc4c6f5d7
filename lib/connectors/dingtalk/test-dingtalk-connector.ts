import type { DbOrTx } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorTestResult } from '../descriptor';
import { unsafeLoadConnectorForTest } from '../load-connector-for-test';
import { AdapterError } from '../types';
import { dingtalkSettings } from './config';
import { getAppToken } from './open-api';

/**
 * "测试连接": fetches a fresh app access token with the stored settings (force: a cached token would hide a
 * wrong secret). The token itself is never returned. Admins only.
 */
export async function testDingTalkConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorTestResult> {
  assertAdmin(viewer);
  const loaded = await unsafeLoadConnectorForTest(db, connectorId, {
    kind: 'dingtalk',
    notFound: '钉钉连接器不存在',
  });
  if ('failure' in loaded) return loaded.failure;
  const { runtime } = loaded;

  let settings: ReturnType<typeof dingtalkSettings>;
  try {
    settings = dingtalkSettings(runtime);
  } catch {
    return {
      ok: false,
      latencyMs: 0,
      code: 'invalid_config',
      message: '连接器配置不完整（clientId / clientSecret）',
    };
  }
  const started = Date.now();
  try {
    await getAppToken(settings, { force: true });
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (error instanceof AdapterError) {
      // AdapterError messages are ours ("DingTalk token request failed: <code>"), safe to show.
      return { ok: false, latencyMs, code: error.sourceCode ?? 'unreachable', message: error.message };
    }
    throw error;
  }
}

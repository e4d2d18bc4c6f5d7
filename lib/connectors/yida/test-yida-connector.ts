import type { DbOrTx } from '@/db/client';
import { assertAdmin } from '@/lib/auth/permissions';
import type { Viewer } from '@/lib/auth/viewer';
import type { ConnectorTestResult } from '../descriptor';
import { getAppToken } from '../dingtalk/open-api';
import { unsafeLoadConnectorForTest } from '../load-connector-for-test';
import { AdapterError } from '../types';
import { systemTokenOf, type YidaSettings, yidaSettings } from './config';
import { callYida } from './open-api';

/**
 * "测试连接" for Yida: a fresh DingTalk app token (a cached one would hide a wrong secret), then one
 * instance-id search per configured app form, which Yida refuses with `accessKeyNotMatch` when the app's
 * systemToken is wrong. Nothing secret is returned.
 */
export async function testYidaConnectorAsAdmin(
  db: DbOrTx,
  viewer: Viewer,
  connectorId: string,
): Promise<ConnectorTestResult> {
  assertAdmin(viewer);
  const loaded = await unsafeLoadConnectorForTest(db, connectorId, {
    kind: 'yida',
    notFound: '宜搭连接器不存在',
  });
  if ('failure' in loaded) return loaded.failure;
  const { runtime } = loaded;
  let s: YidaSettings;
  try {
    s = yidaSettings(runtime);
  } catch {
    return { ok: false, latencyMs: 0, code: 'invalid_config', message: '连接器配置不完整' };
  }
  const started = Date.now();
  try {
    await getAppToken(
      {
        apiBase: s.apiBase,
        clientId: s.clientId,
        clientSecret: s.clientSecret,
        qpsLimit: s.qpsLimit,
        corpId: s.corpId,
      },
      { force: true },
    );
    for (const app of s.apps) {
      const systemToken = systemTokenOf(s, app.appType);
      const formUuid = app.formUuids[0];
      if (!systemToken || !formUuid) continue;
      await callYida(s, '/v1.0/yida/processes/instanceIds', {
        query: { pageNumber: '1', pageSize: '1' },
        body: { appType: app.appType, systemToken, userId: s.operatorUserId, formUuid },
      });
    }
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (error instanceof AdapterError)
      return { ok: false, latencyMs, code: error.sourceCode ?? 'unreachable', message: error.message };
    throw error;
  }
}

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
 * "测试连接" for Yida: a fresh DingTalk app token (a cached one would hide a wrong secret), then one call per
 * configured app that Yida refuses with `accessKeyNotMatch` when the app's systemToken is wrong: an
 * instance-id search of its first form, or (a push-only app lists no forms) its cc list (GetTaskCopies, which
 * needs only appType + systemToken + userId). The systemToken also verifies pushes, so an app without one, or
 * a connector without apps, fails the test. Nothing secret is returned.
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
    if (s.apps.length === 0) {
      return {
        ok: false,
        latencyMs: Date.now() - started,
        code: 'no_apps',
        message: '未配置宜搭应用，无法校验 systemToken',
      };
    }
    for (const app of s.apps) {
      const systemToken = systemTokenOf(s, app.appType);
      if (!systemToken) {
        const message = `应用 ${app.appType} 没有 systemToken`;
        return { ok: false, latencyMs: Date.now() - started, code: 'missing_system_token', message };
      }
      const formUuid = app.formUuids[0];
      const auth = { appType: app.appType, systemToken, userId: s.operatorUserId };
      if (formUuid) {
        await callYida(s, '/v1.0/yida/processes/instanceIds', {
          query: { pageNumber: '1', pageSize: '1' },
          body: { ...auth, formUuid },
        });
      } else {
        await callYida(s, '/v1.0/yida/tasks/taskCopies', {
          query: { ...auth, pageNumber: '1', pageSize: '1' },
        });
      }
    }
    return { ok: true, latencyMs: Date.now() - started };
  } catch (error) {
    const latencyMs = Date.now() - started;
    if (error instanceof AdapterError)
      return { ok: false, latencyMs, code: error.sourceCode ?? 'unreachable', message: error.message };
    throw error;
  }
}

import type { Db } from '@/db/client';
import { dingtalkSettings } from '../dingtalk/config';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { EffectError } from './local-effect';

/** The DingTalk connector an effect calls through; a missing or disabled one is final (EffectError). */
export async function loadDingtalkSettings(db: Db, connectorId: string) {
  const connector = await unsafeLoadConnectorRuntime(db, connectorId);
  if (connector?.kind !== 'dingtalk') throw new EffectError('钉钉连接器不存在');
  if (!connector.enabled) throw new EffectError('钉钉连接器已停用');
  return dingtalkSettings(connector);
}

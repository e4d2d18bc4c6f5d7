import type { Db } from '@/db/client';
import { dingtalkSettings } from '../dingtalk/config';
import { connectAssetUriOf, invokeConnectAction } from '../dingtalk/workflow-bridge';
import { unsafeLoadConnectorRuntime } from '../load-connector';
import { fillTemplate } from './fill-template';
import type { LoadedRun } from './load-run';
import { EffectError } from './local-effect';

/** An automation step's DingTalk connect-platform action, its input filled from the run. */
export async function callConnectAction(
  db: Db,
  action: {
    connectorId: string;
    integrationConnectorId: string;
    actionId: string;
    input: Record<string, unknown>;
  },
  loaded: LoadedRun,
  stepId: string,
): Promise<string> {
  const connector = await unsafeLoadConnectorRuntime(db, action.connectorId);
  if (connector?.kind !== 'dingtalk' || !connector.enabled) throw new EffectError('钉钉连接器不存在或已停用');
  const s = dingtalkSettings(connector);
  const providerCorpId = connector.corpId ?? '';
  const { invocationId } = await invokeConnectAction(s, {
    connectAssetUri: connectAssetUriOf(providerCorpId, action.actionId),
    // One invocable instance per run and step: a retried job reuses it.
    instanceKey: `huiban-${loaded.run.id}-${stepId}`,
    input: fillTemplate(action.input, loaded) as Record<string, unknown>,
  });
  return `连接器动作已执行${invocationId ? `（${invocationId}）` : ''}`;
}

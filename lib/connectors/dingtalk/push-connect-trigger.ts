import type { ConnectTriggerEvent, ConnectTriggerSender } from '../descriptor';
import type { ConnectorRuntime } from '../types';
import { AdapterError } from '../types';
import { dingtalkSettings } from './config';
import { callApi } from './open-api';

const TRIGGER_DATA_SYNC_PATH = '/v1.0/connector/triggers/data/sync';

export type TriggerSyncItem = {
  triggerId?: string;
  bizPrimaryKey?: string;
  success?: boolean;
  subErrCode?: string;
  subErrMsg?: string;
};

/**
 * Pushes one Huiban event into the DingTalk connect platform as trigger data (yida-connect-api.md §5.3,
 * `POST /v1.0/connector/triggers/data/sync`), with the app token of the subscription's DingTalk connector. The
 * envelope travels as `jsonData`; `customTriggerId` is the event id, so a flow can drop a resend. Throws
 * AdapterError (retryable for throttling, 5xx and network failures) or returns the platform's item.
 */
export async function pushDingTalkConnectTrigger(
  connector: ConnectorRuntime,
  target: { triggerId: string; appId?: string | null },
  envelope: ConnectTriggerEvent,
): Promise<TriggerSyncItem> {
  const settings = dingtalkSettings(connector);
  // `appId` is the agentId of a self-built app (§5.3); an ISV app id can be set on the subscription.
  const appId =
    target.appId || (settings.agentId !== undefined ? String(settings.agentId) : settings.clientId);
  const occurredAt = Date.parse(envelope.occurredAt);
  const response = await callApi<{ list?: TriggerSyncItem[] }>(settings, TRIGGER_DATA_SYNC_PATH, {
    method: 'POST',
    body: {
      triggerDataList: [
        {
          triggerId: target.triggerId,
          customTriggerId: envelope.id,
          jsonData: JSON.stringify(envelope),
          dataGmtCreate: occurredAt,
          dataGmtModified: occurredAt,
          action: 'add',
          integrationObject: envelope.type,
        },
      ],
      appId,
    },
  });
  const item = response.list?.[0];
  if (!item?.success) {
    // 4004 (unknown trigger) and 4003 (not authorised) need an admin; anything else may pass.
    const code = item?.subErrCode ?? '';
    throw new AdapterError(
      `connect platform refused the trigger data: ${code} ${item?.subErrMsg ?? ''}`.trim(),
      {
        retryable: code !== '4003' && code !== '4004' && code !== '4001',
        sourceCode: code,
      },
    );
  }
  return item;
}

export const dingtalkConnectTrigger: ConnectTriggerSender = {
  endpoint: TRIGGER_DATA_SYNC_PATH,
  push: (connector, target, event) => pushDingTalkConnectTrigger(connector, target, event),
};

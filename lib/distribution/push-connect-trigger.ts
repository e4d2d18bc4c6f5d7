import type { DbOrTx } from '@/db/client';
import type { ConnectTriggerConfig } from '@/db/schema';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { getDescriptor } from '@/lib/connectors/registry/registry';
import { AdapterError } from '@/lib/connectors/types';
import type { EventEnvelope } from './outbox/event-types';

/**
 * Pushes one Huiban event into the connect platform of the subscription's connector (DingTalk 连接平台: its
 * descriptor's `connectTrigger`). Throws AdapterError (retryable for throttling, 5xx and network failures) or
 * returns the platform's answer.
 */
export async function pushConnectTrigger(
  db: DbOrTx,
  config: Partial<ConnectTriggerConfig>,
  envelope: EventEnvelope,
): Promise<unknown> {
  if (!config.dingtalkConnectorId || !config.triggerId) {
    throw new AdapterError('connect trigger: no DingTalk connector or trigger id configured', {
      retryable: false,
    });
  }
  const connector = await unsafeLoadConnectorRuntime(db, config.dingtalkConnectorId);
  const sender = connector ? getDescriptor(connector.kind).connectTrigger : undefined;
  if (!connector || !sender) {
    throw new AdapterError('connect trigger: the DingTalk connector no longer exists', { retryable: false });
  }
  return sender.push(connector, { triggerId: config.triggerId, appId: config.appId }, envelope);
}

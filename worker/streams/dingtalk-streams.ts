import type { Db } from '@/db/client';
import { dingtalkSettings } from '@/lib/connectors/dingtalk/config';
import { parseStreamEvent } from '@/lib/connectors/dingtalk/parse-event';
import { DingTalkStreamClient } from '@/lib/connectors/dingtalk/stream-client';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { listEnabledConnectorIds, updateConnectorHealth } from '@/lib/connectors/update-connector-health';
import { recordInboundEvent } from '@/lib/inbound/record-inbound-event';
import type { Logger } from '@/lib/log';

type Running = { client: DingTalkStreamClient; version: string; timer: NodeJS.Timeout };

export type DingTalkStreams = { refresh(): Promise<void>; stop(): Promise<void>; connectedCount(): number };

/**
 * One official Stream client per enabled DingTalk connector in stream mode. Each EVENT is stored through
 * recordInboundEvent() and only then acked SUCCESS (invariant 1): the client's ack waits for the promise,
 * and a failed insert acks LATER so DingTalk redelivers. `refresh()` picks up added, changed or disabled
 * connectors; the worker calls it periodically.
 */
export function startDingTalkStreams(db: Db, log: Logger): DingTalkStreams {
  const running = new Map<string, Running>();

  async function open(connectorId: string, version: string) {
    const connector = await unsafeLoadConnectorRuntime(db, connectorId);
    if (!connector) return;
    const s = dingtalkSettings(connector);
    if (s.deliveryMode !== 'stream') return;
    const client = new DingTalkStreamClient({
      clientId: s.clientId,
      clientSecret: s.clientSecret,
      apiBase: s.apiBase,
      oapiBase: s.oapiBase,
    });
    const wanted = new Set(s.eventTypes);
    client.onStreamEvent(async (event) => {
      const input = parseStreamEvent(event);
      // Types we did not subscribe to are still stored (as rejected) so the event log shows them.
      if (!wanted.has(event.eventType)) input.rejection ??= `event type ${event.eventType} not subscribed`;
      await recordInboundEvent(db, connectorId, input);
    });
    client.onAck((ack) => {
      if (ack.status === 'LATER')
        log.warn(
          { connectorId, eventId: ack.eventId, error: ack.error },
          'stream event not stored; asked for redelivery',
        );
    });
    let lastConnected: boolean | undefined;
    // Connection state for the sync-health page, written only when it changes.
    const timer = setInterval(() => {
      const { connected } = client.state();
      if (connected === lastConnected) return;
      lastConnected = connected;
      updateConnectorHealth(db, connectorId, { streamState: connected ? 'connected' : 'disconnected' }).catch(
        () => {},
      );
    }, 1000);
    timer.unref();
    running.set(connectorId, { client, version, timer });
    await updateConnectorHealth(db, connectorId, { streamState: 'connecting' });
    // The SDK reconnects by itself (1 s after a close); connect() failing here is retried by refresh().
    await client
      .connect()
      .catch((error: unknown) => log.warn({ connectorId, err: error }, 'stream connect failed'));
  }

  function close(connectorId: string) {
    const r = running.get(connectorId);
    if (!r) return;
    clearInterval(r.timer);
    r.client.disconnect();
    running.delete(connectorId);
  }

  async function refresh() {
    const enabled = await listEnabledConnectorIds(db, 'dingtalk');
    const ids = new Set(enabled.map((c) => c.id));
    for (const id of running.keys()) if (!ids.has(id)) close(id);
    for (const c of enabled) {
      const version = c.version;
      const current = running.get(c.id);
      if (current && current.version === version) continue;
      if (current) close(c.id);
      await open(c.id, version).catch((error: unknown) =>
        log.error({ connectorId: c.id, err: error }, 'stream setup failed'),
      );
    }
  }

  return {
    refresh,
    async stop() {
      for (const id of [...running.keys()]) close(id);
    },
    connectedCount: () => [...running.values()].filter((r) => r.client.state().connected).length,
  };
}

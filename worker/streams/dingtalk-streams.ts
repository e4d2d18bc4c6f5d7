import type { Db } from '@/db/client';
import { dingtalkSettings } from '@/lib/connectors/dingtalk/config';
import { CONTACT_EVENT_TYPES } from '@/lib/connectors/dingtalk/list-directory';
import { parseStreamEvent } from '@/lib/connectors/dingtalk/parse-event';
import {
  DingTalkStreamClient,
  type ReconnectPolicy,
  type StreamConnectionStatus,
} from '@/lib/connectors/dingtalk/stream-client';
import { unsafeLoadConnectorRuntime } from '@/lib/connectors/load-connector';
import { streamKinds } from '@/lib/connectors/registry/capabilities';
import { listEnabledConnectorIds, updateConnectorHealth } from '@/lib/connectors/update-connector-health';
import { recordInboundEvent } from '@/lib/inbound/record-inbound-event';
import type { Logger } from '@/lib/log';

type Running = { client: DingTalkStreamClient; version: string; healthWrites: Promise<void> };

export type DingTalkStreams = {
  refresh(): Promise<void>;
  stop(): Promise<void>;
  connectedCount(): number;
  /** The live connection status of one connector's client (undefined when none runs). */
  status(connectorId: string): StreamConnectionStatus | undefined;
};

export type DingTalkStreamsOptions = {
  /** Reconnect backoff (defaults: DEFAULT_RECONNECT_POLICY; the worker reads DINGTALK_STREAM_RECONNECT_*). */
  reconnect?: Partial<ReconnectPolicy>;
  /** Jitter source (tests make it deterministic). */
  random?: () => number;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The connector-health projection of a client's status (`connectors.health.streamState` + `stream`). */
export function streamHealth(status: StreamConnectionStatus) {
  return {
    streamState: status.state,
    stream: {
      reconnectAttempts: status.reconnectAttempts,
      lastError: status.lastError,
      connectedSince: iso(status.connectedSince),
      nextRetryAt: iso(status.nextRetryAt),
      changedAt: new Date().toISOString(),
    },
  };
}

/**
 * One official Stream client per enabled DingTalk connector in stream mode. Each EVENT is stored through
 * recordInboundEvent() and only then acked SUCCESS (invariant 1): the client's ack waits for the promise,
 * and a failed insert acks LATER so DingTalk redelivers. `refresh()` picks up added, changed or disabled
 * connectors; the worker calls it periodically.
 */
export function startDingTalkStreams(
  db: Db,
  log: Logger,
  options: DingTalkStreamsOptions = {},
): DingTalkStreams {
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
      reconnect: options.reconnect,
      random: options.random,
    });
    // Contact changes keep the directory current (docs/identities.md) whatever the connector lists.
    const wanted = new Set([...s.eventTypes, ...CONTACT_EVENT_TYPES]);
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
    const entry: Running = { client, version, healthWrites: Promise.resolve() };
    // Connection state for the health page, written on every change, in order (one write at a time).
    client.onStatusChange((status) => {
      if (status.state === 'disconnected' && status.lastError && status.nextRetryAt)
        log.warn(
          {
            connectorId,
            error: status.lastError,
            attempt: status.reconnectAttempts,
            delayMs: status.lastDelayMs,
          },
          'stream disconnected; reconnecting with backoff',
        );
      else if (status.state === 'connected') log.info({ connectorId }, 'stream connected');
      entry.healthWrites = entry.healthWrites
        .then(() => updateConnectorHealth(db, connectorId, streamHealth(status)))
        .catch((error: unknown) => log.warn({ connectorId, err: error }, 'stream health not written'));
    });
    running.set(connectorId, entry);
    // Resolves once connected or once the first attempt failed; the client then retries with backoff.
    await client.connect();
  }

  function close(connectorId: string) {
    const r = running.get(connectorId);
    if (!r) return;
    r.client.disconnect();
    running.delete(connectorId);
    return r.healthWrites;
  }

  async function refresh() {
    const enabled = await listEnabledConnectorIds(db, streamKinds());
    const ids = new Set(enabled.map((c) => c.id));
    for (const id of running.keys()) if (!ids.has(id)) await close(id);
    for (const c of enabled) {
      const version = c.version;
      const current = running.get(c.id);
      if (current && current.version === version) continue;
      if (current) await close(c.id);
      await open(c.id, version).catch((error: unknown) =>
        log.error({ connectorId: c.id, err: error }, 'stream setup failed'),
      );
    }
  }

  return {
    refresh,
    async stop() {
      // Let the last health writes ("disconnected") land before the caller ends the pool.
      await Promise.all([...running.keys()].map((id) => close(id)));
    },
    connectedCount: () => [...running.values()].filter((r) => r.client.status().state === 'connected').length,
    status: (connectorId) => running.get(connectorId)?.client.status(),
  };
}

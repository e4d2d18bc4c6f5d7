import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { NewApiError } from '../http/errors';
import type { RouteDef } from '../http/router';
import { header } from '../http/server';
import type { SandboxState } from '../model/state';
import type { App } from '../model/types';
import type { EventTransport, OrgEvent } from './events';

export type StreamConnectionInfo = {
  connectionId: string;
  clientId: string;
  ua: string;
  openedAt: number;
  closedAt?: number;
  state: 'open' | 'draining' | 'closed';
  subscriptions: unknown;
  pingsSent: number;
  pingsEchoed: number;
};

export type StreamAck = {
  messageId: string;
  eventId?: string;
  connectionId: string;
  code: number | null;
  /** `SUCCESS` / `LATER` / other from `data.status`, `null` when absent. */
  status: string | null;
  accepted: boolean;
  raw: string;
  receivedAt: number;
};

export type StreamDelivery = {
  eventId: string;
  eventType: string;
  clientId: string;
  connectionId: string;
  messageId: string;
  attempt: number;
  sentAt: number;
  outcome: 'pending' | 'success' | 'later' | 'error' | 'timeout';
  ackedAt?: number;
};

type Ticket = { ticket: string; clientId: string; expiresAt: number; subscriptions: unknown; ua: string };

type Connection = StreamConnectionInfo & {
  ws: WebSocket;
  pingTimer?: NodeJS.Timeout;
  ageTimer?: NodeJS.Timeout;
};

/** One event on its way to one app: survives redeliveries (same eventId, §2.5). */
type PendingEvent = {
  app: App;
  event: OrgEvent;
  attempt: number;
  firstMessageId?: string;
  done: boolean;
};

type Inflight = { pending: PendingEvent; delivery: StreamDelivery; timer: NodeJS.Timeout };

/**
 * The Stream gateway (§2): connections/open → endpoint + single-use ticket; a WebSocket server that
 * pushes SYSTEM and EVENT frames, records acks, redelivers un-acked / LATER events with the same
 * eventId, and spreads events across the connections of one app.
 */
export class StreamGateway implements EventTransport {
  private wss = new WebSocketServer({ noServer: true });
  private tickets = new Map<string, Ticket>();
  private connections = new Map<string, Connection>();
  private inflight = new Map<string, Inflight>();
  private pings = new Map<string, { connectionId: string; echoed: boolean }>();
  /** Events waiting for a connection of their app. */
  private waiting = new Map<string, PendingEvent[]>();
  private rrIndex = new Map<string, number>();
  private timers = new Set<NodeJS.Timeout>();
  private retryTimers = new Set<NodeJS.Timeout>();
  acks: StreamAck[] = [];
  deliveries: StreamDelivery[] = [];
  /** Events that exhausted their redeliveries. */
  gaveUp: { eventId: string; clientId: string; attempts: number }[] = [];

  constructor(private readonly state: SandboxState) {}

  routes(): RouteDef[] {
    return [
      {
        method: 'POST',
        path: '/v1.0/gateway/connections/open',
        family: 'new',
        quotaExempt: true,
        handler: (ctx) => {
          const clientId = String(ctx.body.clientId ?? '');
          const clientSecret = String(ctx.body.clientSecret ?? '');
          const app = this.state.apps.get(clientId);
          if (!app || app.clientSecret !== clientSecret) throw new NewApiError(401, 'authFailed', '鉴权失败');
          const ticket = this.state.ids.uuid();
          this.tickets.set(ticket, {
            ticket,
            clientId,
            expiresAt: this.state.now() + this.state.options.streamTicketTtlMs,
            subscriptions: ctx.body.subscriptions ?? [],
            ua: String(ctx.body.ua ?? ''),
          });
          const host = header(ctx.req, 'host') ?? '127.0.0.1';
          return { json: { endpoint: `ws://${host}/connect`, ticket } };
        },
      },
    ];
  }

  /** `GET /connect?ticket=` upgrade; returns false for other paths. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://sandbox.local');
    if (url.pathname !== '/connect') return false;
    const ticketId = url.searchParams.get('ticket') ?? '';
    const ticket = this.tickets.get(ticketId);
    // Tickets open exactly one connection (§2.1).
    this.tickets.delete(ticketId);
    const valid = ticket !== undefined && ticket.expiresAt > this.state.now();
    if (!valid && this.state.options.streamBadTicket === 'http-401') {
      socket.write(
        'HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n',
      );
      socket.write(JSON.stringify({ code: 'invalidTicket', message: 'ticket无效或已过期' }));
      socket.destroy();
      return true;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (!valid || !ticket) {
        ws.close(4001, 'invalid ticket');
        return;
      }
      this.onOpen(ws, ticket);
    });
    return true;
  }

  private onOpen(ws: WebSocket, ticket: Ticket): void {
    const conn: Connection = {
      connectionId: this.state.ids.uuid(),
      clientId: ticket.clientId,
      ua: ticket.ua,
      openedAt: Date.now(),
      state: 'open',
      subscriptions: ticket.subscriptions,
      pingsSent: 0,
      pingsEchoed: 0,
      ws,
    };
    const opts = this.state.options;
    if (opts.streamMultiConnection === 'kick-older') {
      for (const other of this.connections.values()) {
        if (other.clientId === conn.clientId && other.state === 'open')
          this.disconnect(other, 'new connection opened');
      }
    }
    this.connections.set(conn.connectionId, conn);
    ws.on('message', (data) => this.onMessage(conn, data.toString()));
    ws.on('close', () => this.onClose(conn));
    ws.on('error', () => this.onClose(conn));
    if (opts.streamSendRegisteredFrames) {
      this.sendSystem(conn, 'CONNECTED', {});
      this.sendSystem(conn, 'REGISTERED', {});
    }
    if (opts.streamPingIntervalMs > 0) {
      conn.pingTimer = setInterval(() => this.ping(conn), opts.streamPingIntervalMs);
    }
    if (opts.streamMaxConnectionAgeMs > 0) {
      conn.ageTimer = setTimeout(
        () => this.disconnect(conn, 'persistent connection is timeout'),
        opts.streamMaxConnectionAgeMs,
      );
    }
    this.flushWaiting(conn.clientId);
  }

  private onClose(conn: Connection): void {
    if (conn.state === 'closed') return;
    conn.state = 'closed';
    conn.closedAt = Date.now();
    clearInterval(conn.pingTimer);
    clearTimeout(conn.ageTimer);
  }

  private sendSystem(conn: Connection, topic: string, data: Record<string, unknown>): string {
    const now = Date.now();
    const messageId = this.state.ids.messageId(now);
    const frame = {
      specVersion: '1.0',
      type: 'SYSTEM',
      headers: { topic, messageId, contentType: 'application/json', time: String(now) },
      data: JSON.stringify(data),
    };
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(frame));
    return messageId;
  }

  private ping(conn: Connection): void {
    if (conn.state !== 'open') return;
    const messageId = this.sendSystem(conn, 'ping', { opaque: this.state.ids.uuid() });
    conn.pingsSent += 1;
    this.pings.set(messageId, { connectionId: conn.connectionId, echoed: false });
  }

  /** Sends SYSTEM disconnect, stops delivering on the connection, closes it after the grace period. */
  private disconnect(
    conn: Connection,
    reason: string,
    graceMs = this.state.options.streamDisconnectGraceMs,
  ): void {
    if (conn.state !== 'open') return;
    this.sendSystem(conn, 'disconnect', { reason });
    conn.state = 'draining';
    const t = setTimeout(() => {
      this.timers.delete(t);
      conn.ws.close(1000, 'disconnect');
    }, graceMs);
    this.timers.add(t);
  }

  /** Control API: cut an app's connections (`disconnect` = polite SYSTEM frame; `close`/`terminate` = abrupt). */
  cut(opts: {
    clientId?: string;
    mode?: 'disconnect' | 'close' | 'terminate';
    reason?: string;
    graceMs?: number;
  }): number {
    let n = 0;
    for (const conn of this.connections.values()) {
      if (conn.state === 'closed' || (opts.clientId && conn.clientId !== opts.clientId)) continue;
      n += 1;
      const mode = opts.mode ?? 'disconnect';
      if (mode === 'disconnect') this.disconnect(conn, opts.reason ?? 'connection is expired', opts.graceMs);
      else if (mode === 'close') conn.ws.close(1001, opts.reason ?? 'going away');
      else conn.ws.terminate();
    }
    return n;
  }

  deliver(app: App, event: OrgEvent): void {
    this.attempt({ app, event, attempt: 0, done: false });
  }

  private openConnections(clientId: string): Connection[] {
    return [...this.connections.values()].filter(
      (c) => c.clientId === clientId && c.state === 'open' && c.ws.readyState === c.ws.OPEN,
    );
  }

  private pickConnection(clientId: string): Connection | undefined {
    const open = this.openConnections(clientId);
    if (open.length === 0) return undefined;
    if (this.state.options.streamSpread === 'random') return open[this.state.rng.int(open.length)];
    const i = (this.rrIndex.get(clientId) ?? 0) % open.length;
    this.rrIndex.set(clientId, i + 1);
    return open[i];
  }

  private attempt(p: PendingEvent): void {
    const conn = this.pickConnection(p.app.clientId);
    if (!conn) {
      const queue = this.waiting.get(p.app.clientId) ?? [];
      queue.push(p);
      this.waiting.set(p.app.clientId, queue);
      return;
    }
    p.attempt += 1;
    const now = Date.now();
    const messageId =
      this.state.options.streamRedeliverySameMessageId && p.firstMessageId
        ? p.firstMessageId
        : this.state.ids.messageId(now);
    p.firstMessageId ??= messageId;
    const frame = {
      specVersion: '1.0',
      type: 'EVENT',
      headers: {
        appId: p.app.unifiedAppId,
        connectionId: conn.connectionId,
        contentType: 'application/json',
        messageId,
        time: String(now),
        topic: this.state.options.streamEventTopic,
        eventType: p.event.eventType,
        eventId: p.event.eventId,
        eventBornTime: String(p.event.bornTime),
        eventCorpId: p.event.corpId,
        eventUnifiedAppId: p.app.unifiedAppId,
      },
      data: JSON.stringify(p.event.data),
    };
    const delivery: StreamDelivery = {
      eventId: p.event.eventId,
      eventType: p.event.eventType,
      clientId: p.app.clientId,
      connectionId: conn.connectionId,
      messageId,
      attempt: p.attempt,
      sentAt: now,
      outcome: 'pending',
    };
    this.deliveries.push(delivery);
    const timer = setTimeout(() => this.settle(messageId, 'timeout'), this.state.options.streamAckTimeoutMs);
    this.inflight.set(messageId, { pending: p, delivery, timer });
    conn.ws.send(JSON.stringify(frame));
  }

  private flushWaiting(clientId: string): void {
    const queue = this.waiting.get(clientId);
    if (!queue) return;
    this.waiting.delete(clientId);
    for (const p of queue) this.attempt(p);
  }

  private onMessage(conn: Connection, text: string): void {
    let msg: { code?: unknown; headers?: { messageId?: unknown }; data?: unknown };
    try {
      msg = JSON.parse(text);
    } catch {
      return;
    }
    const messageId = typeof msg.headers?.messageId === 'string' ? msg.headers.messageId : '';
    const ping = this.pings.get(messageId);
    if (ping) {
      ping.echoed = true;
      conn.pingsEchoed += 1;
      this.pings.delete(messageId);
      return;
    }
    const code = typeof msg.code === 'number' ? msg.code : null;
    let status: string | null = null;
    if (typeof msg.data === 'string') {
      try {
        const data = JSON.parse(msg.data) as { status?: unknown };
        if (data && typeof data.status === 'string') status = data.status;
      } catch {
        // Not JSON: no status.
      }
    }
    // §2.4 (inference): code != 200 → failure; LATER → failure; otherwise success.
    let accepted = code === 200 && status !== 'LATER';
    if (accepted && status === null && this.state.options.streamAckWithoutStatus === 'failure')
      accepted = false;
    const inflight = this.inflight.get(messageId);
    this.acks.push({
      messageId,
      eventId: inflight?.pending.event.eventId,
      connectionId: conn.connectionId,
      code,
      status,
      accepted,
      raw: text,
      receivedAt: Date.now(),
    });
    if (!inflight) return;
    this.settle(messageId, accepted ? 'success' : status === 'LATER' ? 'later' : 'error');
  }

  private settle(messageId: string, outcome: StreamDelivery['outcome']): void {
    const inflight = this.inflight.get(messageId);
    if (!inflight) return;
    this.inflight.delete(messageId);
    clearTimeout(inflight.timer);
    inflight.delivery.outcome = outcome;
    if (outcome !== 'timeout') inflight.delivery.ackedAt = Date.now();
    const p = inflight.pending;
    if (outcome === 'success') {
      p.done = true;
      return;
    }
    const delays = this.state.options.streamRedeliveryDelaysMs;
    const delay = delays[p.attempt - 1];
    if (delay === undefined) {
      p.done = true;
      this.gaveUp.push({ eventId: p.event.eventId, clientId: p.app.clientId, attempts: p.attempt });
      return;
    }
    const t = setTimeout(() => {
      this.retryTimers.delete(t);
      this.attempt(p);
    }, delay);
    this.retryTimers.add(t);
  }

  /**
   * Deliveries not yet acked plus redeliveries scheduled. Events waiting for a connection are not
   * counted (they may wait forever when no client is connected): see `waitingCount()`.
   */
  pendingCount(): number {
    return this.inflight.size + this.retryTimers.size;
  }

  /** Events held until a connection of their app opens. */
  waitingCount(): number {
    let waiting = 0;
    for (const q of this.waiting.values()) waiting += q.length;
    return waiting;
  }

  connectionInfos(): StreamConnectionInfo[] {
    return [...this.connections.values()].map(({ ws: _ws, pingTimer: _p, ageTimer: _a, ...info }) => ({
      ...info,
    }));
  }

  reset(): void {
    this.acks = [];
    this.deliveries = [];
    this.gaveUp = [];
  }

  async close(): Promise<void> {
    for (const t of [...this.timers, ...this.retryTimers]) clearTimeout(t);
    this.timers.clear();
    this.retryTimers.clear();
    for (const i of this.inflight.values()) clearTimeout(i.timer);
    this.inflight.clear();
    for (const conn of this.connections.values()) {
      clearInterval(conn.pingTimer);
      clearTimeout(conn.ageTimer);
      conn.ws.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

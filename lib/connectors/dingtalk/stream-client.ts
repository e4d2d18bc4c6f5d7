import { DWClient, type DWClientDownStream, EventAck } from 'dingtalk-stream';

/**
 * A DingTalk Stream client built on the official `dingtalk-stream` DWClient (2.1.5), fixing the two
 * things Huiban cannot live with (dingtalk-api.md §2, §13):
 *
 * 1. The SDK hard-codes `https://api.dingtalk.com/v1.0/gateway/connections/open` and
 *    `https://oapi.dingtalk.com/gettoken`. Here both come from configuration (sandbox, 专属钉钉).
 * 2. The SDK acks an EVENT synchronously with the listener's return value, so an async listener's
 *    Promise is serialised as `{}` and the event is acked before it is stored. Here the ack waits for
 *    the handler's promise: `SUCCESS` only when it resolves, `LATER` when it rejects (design
 *    invariant 1: ack only after the row is committed).
 * 3. The SDK reconnects every 1 s, forever, in step with every other client. Here reconnects back off
 *    exponentially with jitter (capped), start again from the first delay once a connection has been stable,
 *    and the connection state (`connecting` / `connected` / `disconnected`, last error, attempts, connected
 *    since, next retry) is observable for the health page.
 */

export type StreamClientConfig = {
  clientId: string;
  clientSecret: string;
  /** Base of the new API host (`https://api.dingtalk.com`); the gateway is `${apiBase}/v1.0/gateway/connections/open`. */
  apiBase?: string;
  /** Base of the old API host (`https://oapi.dingtalk.com`); the token URL is `${oapiBase}/gettoken`. */
  oapiBase?: string;
  /** `ua` sent to the gateway, e.g. `huiban/0.1`. */
  ua?: string;
  /** The SDK's WebSocket-level ping every 8 s (off by default: too aggressive for a busy loop, §13). */
  keepAlive?: boolean;
  /** Reconnect after a failed connect, a socket drop or a gateway `disconnect`, with backoff. Default true. */
  autoReconnect?: boolean;
  /** Backoff and timeouts (defaults: DEFAULT_RECONNECT_POLICY). */
  reconnect?: Partial<ReconnectPolicy>;
  /** Source of jitter in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
  /**
   * On a SYSTEM `disconnect` the server stops delivering on that connection (§2.6); closing it at once
   * lets the client reconnect (after the backoff delay) instead of waiting ~10 s for the server to close it.
   * Default true.
   */
  reconnectOnServerDisconnect?: boolean;
  debug?: boolean;
};

/** One EVENT frame, headers decoded (they are strings on the wire) and `data` parsed. */
export type StreamEvent = {
  eventId: string;
  eventType: string;
  /** Epoch ms. */
  eventBornTime: number;
  eventCorpId: string;
  eventUnifiedAppId: string;
  messageId: string;
  headers: Record<string, string>;
  /** `data` parsed from its JSON string; the raw string when it is not JSON. */
  data: unknown;
  rawData: string;
};

/** Resolve only after the event is durably stored; reject (or throw) to ask for redelivery. */
export type StreamEventHandler = (event: StreamEvent) => Promise<void> | void;

export type StreamAckOutcome = {
  messageId: string;
  eventId: string;
  status: 'SUCCESS' | 'LATER';
  error?: string;
};

export type StreamClientState = {
  connected: boolean;
  /** Epoch ms of the last frame of any kind (server pings included): feed a watchdog with it. */
  lastFrameAt: number | null;
  eventsReceived: number;
  acksSent: number;
  /** Acks that could not be written because the socket was not open (the server will redeliver). */
  acksLost: number;
};

export type ReconnectPolicy = {
  /** Delay before the first retry after a failure (ms). */
  initialDelayMs: number;
  /** Cap on the delay (ms). */
  maxDelayMs: number;
  /** Each consecutive failure multiplies the delay by this. */
  multiplier: number;
  /** ± this fraction of each delay is random, so many workers do not reconnect in step. */
  jitter: number;
  /** A connection open this long counts as stable: the next failure starts again from initialDelayMs. */
  stableAfterMs: number;
  /** A gateway request or WebSocket handshake that takes longer fails (and is retried). */
  connectTimeoutMs: number;
};

export const DEFAULT_RECONNECT_POLICY: ReconnectPolicy = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  multiplier: 2,
  jitter: 0.2,
  stableAfterMs: 30_000,
  connectTimeoutMs: 10_000,
};

/** Delay before reconnect attempt `attempt` (1-based): initial × multiplier^(attempt-1), ± jitter, capped. */
export function reconnectDelay(attempt: number, policy: ReconnectPolicy, random: () => number): number {
  const base = Math.min(
    policy.maxDelayMs,
    policy.initialDelayMs * policy.multiplier ** Math.max(0, attempt - 1),
  );
  const jittered = base * (1 - policy.jitter + 2 * policy.jitter * random());
  return Math.max(0, Math.round(Math.min(policy.maxDelayMs, jittered)));
}

/** Where the connection stands, for logs and the connector's health. Times are epoch ms. */
export type StreamConnectionStatus = {
  state: 'connecting' | 'connected' | 'disconnected';
  /** Failed connects and drops since the last stable connection. */
  reconnectAttempts: number;
  lastError: string | null;
  connectedSince: number | null;
  /** When the next attempt starts (while waiting out a backoff delay). */
  nextRetryAt: number | null;
  /** The backoff delay last chosen. */
  lastDelayMs: number | null;
};

type Socket = {
  readyState: number;
  close(): void;
  once(event: 'open', listener: () => void): void;
  once(event: 'close', listener: (code: number, reason: Buffer) => void): void;
};

function errorText(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 300);
}

const DEFAULT_API_BASE = 'https://api.dingtalk.com';
const DEFAULT_OAPI_BASE = 'https://oapi.dingtalk.com';

export function toStreamEvent(message: DWClientDownStream): StreamEvent {
  const headers = Object.fromEntries(Object.entries(message.headers).map(([k, v]) => [k, String(v ?? '')]));
  let data: unknown = message.data;
  try {
    data = JSON.parse(message.data);
  } catch {
    // Keep the raw string: the caller decides what a malformed payload means.
  }
  return {
    eventId: headers.eventId ?? '',
    eventType: headers.eventType ?? '',
    eventBornTime: Number(headers.eventBornTime ?? 0),
    eventCorpId: headers.eventCorpId ?? '',
    eventUnifiedAppId: headers.eventUnifiedAppId ?? '',
    messageId: headers.messageId ?? '',
    headers,
    data,
    rawData: message.data,
  };
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

export class DingTalkStreamClient extends DWClient {
  private readonly gatewayUrl: string;
  private readonly tokenUrl: string;
  private readonly reconnectOnServerDisconnect: boolean;
  private handler: StreamEventHandler | undefined;
  private ackListeners = new Set<(outcome: StreamAckOutcome) => void>();
  private statusListeners = new Set<(status: StreamConnectionStatus) => void>();
  private readonly policy: ReconnectPolicy;
  private readonly random: () => number;
  private readonly shouldReconnect: boolean;
  private connection: StreamConnectionStatus = {
    state: 'disconnected',
    reconnectAttempts: 0,
    lastError: null,
    connectedSince: null,
    nextRetryAt: null,
    lastDelayMs: null,
  };
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  /** Sockets whose failure has been handled (a failed handshake emits both `error` and `close`). */
  private handledSockets = new WeakSet<object>();
  /** Why the gateway asked us to go (SYSTEM `disconnect`), reported when the socket closes. */
  private closeReason: string | undefined;
  private readonly counters: Omit<StreamClientState, 'connected'> = {
    lastFrameAt: null,
    eventsReceived: 0,
    acksSent: 0,
    acksLost: 0,
  };

  constructor(config: StreamClientConfig) {
    super({
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      ua: config.ua ?? 'huiban-dingtalk-stream',
      keepAlive: config.keepAlive ?? false,
      debug: config.debug ?? false,
    });
    // The SDK's own reconnect (fixed 1 s) is off: this class reconnects with backoff. Its constructor type
    // omits autoReconnect, but its config honours it.
    this.config.autoReconnect = false;
    this.shouldReconnect = config.autoReconnect ?? true;
    this.policy = { ...DEFAULT_RECONNECT_POLICY, ...config.reconnect };
    this.random = config.random ?? Math.random;
    // The SDK passes these to `new WebSocket(url, opts)`: bound the handshake too.
    (this as unknown as { sslopts: object }).sslopts = {
      rejectUnauthorized: true,
      handshakeTimeout: this.policy.connectTimeoutMs,
    };
    this.gatewayUrl = `${trimSlash(config.apiBase ?? DEFAULT_API_BASE)}/v1.0/gateway/connections/open`;
    this.tokenUrl = `${trimSlash(config.oapiBase ?? DEFAULT_OAPI_BASE)}/gettoken`;
    this.reconnectOnServerDisconnect = config.reconnectOnServerDisconnect ?? true;
  }

  /** Sets the handler for every EVENT frame (the SDK's `registerAllEventListener`, done right). */
  onStreamEvent(handler: StreamEventHandler): this {
    this.handler = handler;
    return this;
  }

  /** Observes every ack this client sends (for logs, metrics and tests). */
  onAck(listener: (outcome: StreamAckOutcome) => void): () => void {
    this.ackListeners.add(listener);
    return () => this.ackListeners.delete(listener);
  }

  state(): StreamClientState {
    return { connected: this.connected, ...this.counters };
  }

  /** The connection state, attempts, last error and timings. */
  status(): StreamConnectionStatus {
    return { ...this.connection };
  }

  /** Observes every change of status(). */
  onStatusChange(listener: (status: StreamConnectionStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /**
   * Opens the gateway connection: `connections/open`, then the WebSocket. Resolves when the socket is open or
   * the attempt failed (a retry is then scheduled with backoff); see waitUntilConnected().
   */
  override async connect(): Promise<void> {
    this.clearTimer('retryTimer');
    this.stopped = false;
    (this as unknown as { userDisconnect: boolean }).userDisconnect = false;
    this.setStatus({ state: 'connecting', nextRetryAt: null });
    try {
      await this.getEndpoint();
      if (this.stopped) return;
      await this._connect();
    } catch (error) {
      this.failed(errorText(error), this.currentSocket());
    }
  }

  override _connect(): Promise<void> {
    const opening = super._connect();
    // The SDK creates the socket synchronously inside _connect(); watch it alongside the SDK's own listeners.
    const socket = this.currentSocket();
    if (socket) {
      socket.once('open', () => this.opened(socket));
      socket.once('close', (code, reason) => this.closed(socket, code, reason.toString()));
    }
    return opening;
  }

  /** Closes the connection for good: no reconnect until connect() is called again. */
  override disconnect(): void {
    this.stopped = true;
    this.clearTimer('retryTimer');
    this.clearTimer('stableTimer');
    super.disconnect();
    this.setStatus({ state: 'disconnected', connectedSince: null, nextRetryAt: null });
  }

  private currentSocket(): Socket | undefined {
    return (this as unknown as { socket?: Socket }).socket;
  }

  private opened(socket: Socket): void {
    if (socket !== this.currentSocket()) return;
    if (this.stopped) {
      socket.close();
      return;
    }
    this.closeReason = undefined;
    this.setStatus({ state: 'connected', connectedSince: Date.now(), nextRetryAt: null });
    this.clearTimer('stableTimer');
    this.stableTimer = setTimeout(() => {
      this.stableTimer = undefined;
      if (this.connection.state === 'connected') this.setStatus({ reconnectAttempts: 0 });
    }, this.policy.stableAfterMs);
  }

  private closed(socket: Socket, code: number, reason: string): void {
    if (this.handledSockets.has(socket)) return;
    this.handledSockets.add(socket);
    this.clearTimer('stableTimer');
    const heartbeat = (this as unknown as { heartbeatIntervallId?: NodeJS.Timeout }).heartbeatIntervallId;
    if (heartbeat) clearInterval(heartbeat);
    if (this.stopped) {
      this.setStatus({ state: 'disconnected', connectedSince: null, nextRetryAt: null });
      return;
    }
    const why = this.closeReason ?? `connection closed (${code}${reason ? `: ${reason}` : ''})`;
    this.closeReason = undefined;
    this.failed(why, undefined);
  }

  /** One failed attempt or a dropped connection: schedule the next attempt after the backoff delay. */
  private failed(error: string, socket: Socket | undefined): void {
    if (socket) this.handledSockets.add(socket);
    if (this.retryTimer) return;
    if (this.stopped) {
      this.setStatus({ state: 'disconnected', lastError: error, connectedSince: null, nextRetryAt: null });
      return;
    }
    const reconnectAttempts = this.connection.reconnectAttempts + 1;
    const delay = reconnectDelay(reconnectAttempts, this.policy, this.random);
    if (!this.shouldReconnect) {
      this.setStatus({ state: 'disconnected', lastError: error, reconnectAttempts, connectedSince: null });
      return;
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.setStatus({
      state: 'disconnected',
      lastError: error,
      reconnectAttempts,
      connectedSince: null,
      nextRetryAt: Date.now() + delay,
      lastDelayMs: delay,
    });
  }

  private clearTimer(name: 'retryTimer' | 'stableTimer'): void {
    const timer = this[name];
    if (timer) clearTimeout(timer);
    this[name] = undefined;
  }

  private setStatus(patch: Partial<StreamConnectionStatus>): void {
    this.connection = { ...this.connection, ...patch };
    const snapshot = this.status();
    for (const listener of this.statusListeners) listener(snapshot);
  }

  /** Resolves once the socket is open, or rejects after `timeoutMs` (the SDK's connect() resolves even on failure). */
  async waitUntilConnected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.connected) {
      if (Date.now() > deadline) throw new Error('DingTalk Stream: not connected');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Same as the SDK's getEndpoint, against the configured gateway URL (§2.1: `Accept: application/json` is required). */
  override async getEndpoint(): Promise<this> {
    const res = await fetch(this.gatewayUrl, {
      method: 'POST',
      signal: AbortSignal.timeout(this.policy.connectTimeoutMs),
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
    });
    if (!res.ok) throw new Error(`DingTalk Stream gateway answered HTTP ${res.status}`);
    const body = (await res.json().catch(() => ({}))) as { endpoint?: string; ticket?: string };
    if (!body.endpoint || !body.ticket)
      throw new Error('DingTalk Stream gateway: endpoint or ticket missing');
    // The SDK keeps the URL in a private field that _connect() reads; the ticket is URL-encoded (§2.2).
    (this as unknown as { dw_url: string }).dw_url =
      `${body.endpoint}?ticket=${encodeURIComponent(body.ticket)}`;
    return this;
  }

  /** Same as the SDK's getAccessToken, against the configured oapi host. */
  override async getAccessToken(): Promise<string> {
    const url = new URL(this.tokenUrl);
    url.searchParams.set('appkey', this.config.clientId);
    url.searchParams.set('appsecret', this.config.clientSecret);
    const res = await fetch(url);
    const body = (await res.json()) as { access_token?: string };
    if (!res.ok || !body.access_token) throw new Error('getAccessToken: get access_token failed');
    this.config.access_token = body.access_token;
    return body.access_token;
  }

  override onDownStream(data: string): void {
    this.counters.lastFrameAt = Date.now();
    super.onDownStream(data);
  }

  override onSystem(downstream: DWClientDownStream): void {
    super.onSystem(downstream);
    if (downstream.headers.topic !== 'disconnect') return;
    let reason = '';
    try {
      reason = String((JSON.parse(downstream.data) as { reason?: unknown }).reason ?? '');
    } catch {
      // No JSON reason: the topic says enough.
    }
    this.closeReason = `gateway sent disconnect${reason ? `: ${reason}` : ''}`;
    this.setStatus({ state: 'disconnected' });
    if (this.reconnectOnServerDisconnect) this.currentSocket()?.close();
  }

  /** Replaces the SDK's synchronous ack: the ack waits for the handler's promise. */
  override onEvent(message: DWClientDownStream): void {
    this.counters.eventsReceived += 1;
    const event = toStreamEvent(message);
    const handler = this.handler;
    const run = async (): Promise<void> => {
      if (handler) await handler(event);
    };
    void run().then(
      () => this.ack(event, EventAck.SUCCESS, 'success'),
      (err: unknown) => this.ack(event, EventAck.LATER, err instanceof Error ? err.message : String(err)),
    );
  }

  private ack(event: StreamEvent, status: EventAck, message: string): void {
    // The SDK keeps its socket private; an ack on a socket that is not open is lost, and the
    // server redelivers the event (§2.5), so count it instead of pretending it was sent.
    const socket = this.currentSocket();
    if (socket?.readyState === 1) {
      try {
        // Same frame as the SDK's own ack (`{code:200, headers:{contentType, messageId}, message:'OK', data}`).
        this.send(event.messageId, { status, message: message.slice(0, 200) });
        this.counters.acksSent += 1;
      } catch {
        this.counters.acksLost += 1;
      }
    } else {
      this.counters.acksLost += 1;
    }
    const outcome: StreamAckOutcome = { messageId: event.messageId, eventId: event.eventId, status };
    if (status === EventAck.LATER) outcome.error = message;
    for (const listener of this.ackListeners) listener(outcome);
  }
}

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
  /** The SDK reconnects 1 s after a close. Default true. */
  autoReconnect?: boolean;
  /**
   * On a SYSTEM `disconnect` the server stops delivering on that connection (§2.6); closing it at once
   * lets the SDK reconnect after 1 s instead of waiting ~10 s for the server to close it. Default true.
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
    // The SDK's constructor type omits autoReconnect, but its config honours it.
    this.config.autoReconnect = config.autoReconnect ?? true;
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
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        clientId: this.config.clientId,
        clientSecret: this.config.clientSecret,
        ua: this.config.ua,
        subscriptions: this.config.subscriptions,
      }),
    });
    if (!res.ok) throw new Error(`DingTalk Stream gateway answered HTTP ${res.status}`);
    const body = (await res.json()) as { endpoint?: string; ticket?: string };
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
    if (downstream.headers.topic === 'disconnect' && this.reconnectOnServerDisconnect) {
      const socket = (this as unknown as { socket?: { close(): void } }).socket;
      socket?.close();
    }
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
    const socket = (this as unknown as { socket?: { readyState: number } }).socket;
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

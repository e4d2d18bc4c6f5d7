import {
  type CallbackSecrets,
  callbackSignature,
  decryptCallbackMessage,
  encryptCallbackMessage,
  randomAlnum,
} from '../crypto/dingtalk-callback';
import { OldApiError } from '../http/errors';
import type { RouteDef } from '../http/router';
import type { SandboxState } from '../model/state';
import type { App, CallbackRegistration } from '../model/types';
import type { EventTransport, OrgEvent } from './events';

export type CallbackDelivery = {
  id: number;
  kind: 'check_url' | 'event';
  eventId?: string;
  eventType?: string;
  clientId: string;
  url: string;
  attempt: number;
  sentAt: number;
  query: Record<string, string>;
  body: string;
  plaintext: string;
  status?: number;
  responseText?: string;
  ok: boolean;
  /** Why the reply was not accepted. */
  error?: string;
  durationMs?: number;
};

type FailedItem = { call_back_tag: string; event_time: number } & Record<string, unknown>;

/**
 * HTTP callback mode (§3): encrypts and signs every event exactly as DingTalk does, requires the
 * encrypted `success` reply within the deadline, retries at +10 s / +30 s, then parks the event in
 * the failed list served by `call_back/get_call_back_failed_result`.
 */
export class CallbackSender implements EventTransport {
  deliveries: CallbackDelivery[] = [];
  private failed = new Map<string, FailedItem[]>();
  private seq = 0;
  private timers = new Set<NodeJS.Timeout>();
  private inflight = 0;

  constructor(private readonly state: SandboxState) {}

  /**
   * Registers (console "保存" or old register API): DingTalk first posts `check_url` and only keeps
   * the URL when the reply is valid.
   */
  async register(app: App, reg: CallbackRegistration): Promise<{ ok: boolean; error?: string }> {
    const result = await this.post(app, reg, 'check_url', { EventType: 'check_url' }, 1);
    if (!result.ok) return { ok: false, error: result.error ?? 'HTTP请求结果校验返回字段值失败' };
    app.callback = reg;
    app.pushMode = 'http';
    return { ok: true };
  }

  unregister(app: App): void {
    app.callback = undefined;
    app.pushMode = 'stream';
  }

  deliver(app: App, event: OrgEvent): void {
    const reg = app.callback;
    if (!reg) return;
    if (reg.eventTypes.length > 0 && !reg.eventTypes.includes(event.eventType)) return;
    void this.send(app, reg, event, 1);
  }

  private async send(app: App, reg: CallbackRegistration, event: OrgEvent, attempt: number): Promise<void> {
    // Current docs flatten the event next to the envelope (§3.8).
    const plain = {
      EventType: event.eventType,
      EventTime: event.bornTime,
      CorpId: event.corpId,
      BizId: String(event.bornTime),
      eventId: event.eventId,
      ...event.data,
    };
    const result = await this.post(app, reg, 'event', plain, attempt, event);
    if (result.ok) return;
    const delay = this.state.options.callbackRetryDelaysMs[attempt - 1];
    if (delay === undefined) {
      this.park(app, event);
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.send(app, reg, event, attempt + 1);
    }, delay);
    this.timers.add(t);
  }

  private park(app: App, event: OrgEvent): void {
    const items = this.failed.get(app.clientId) ?? [];
    const key = event.eventType.startsWith('bpms_') ? 'bpmsCallBackData' : 'callbackData';
    // The content of bpmsCallBackData is UNCONFIRMED (§3.9): we put the event fields there.
    items.push({
      call_back_tag: event.eventType,
      event_time: event.bornTime,
      [event.eventType]: { corpid: event.corpId, [key]: event.data },
    });
    this.failed.set(app.clientId, items);
  }

  private async post(
    app: App,
    reg: CallbackRegistration,
    kind: CallbackDelivery['kind'],
    plain: Record<string, unknown>,
    attempt: number,
    event?: OrgEvent,
  ): Promise<CallbackDelivery> {
    const opts = this.state.options;
    const secrets: CallbackSecrets = { token: reg.token, aesKey: reg.aesKey, ownerKey: reg.ownerKey };
    const now = Date.now();
    const timestamp = opts.callbackTimestampUnit === 'ms' ? String(now) : String(Math.floor(now / 1000));
    const nonce = randomAlnum(8);
    const plaintext = JSON.stringify(plain);
    const encrypt = encryptCallbackMessage(secrets.aesKey, secrets.ownerKey, plaintext);
    const signature = callbackSignature(secrets.token, timestamp, nonce, encrypt);
    const query = { [opts.callbackSignatureParam]: signature, timestamp, nonce };
    const target = new URL(reg.url);
    for (const [k, v] of Object.entries(query)) target.searchParams.set(k, v);
    const body = JSON.stringify({ encrypt });
    this.seq += 1;
    const record: CallbackDelivery = {
      id: this.seq,
      kind,
      eventId: event?.eventId,
      eventType: event?.eventType,
      clientId: app.clientId,
      url: reg.url,
      attempt,
      sentAt: now,
      query,
      body,
      plaintext,
      ok: false,
    };
    this.deliveries.push(record);
    this.inflight += 1;
    try {
      const res = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(opts.callbackReplyDeadlineMs),
        redirect: 'manual', // DingTalk rejects redirecting URLs (§3.1)
      });
      record.status = res.status;
      record.responseText = await res.text();
      record.error = checkReply(
        secrets,
        res.status,
        record.responseText,
        timestamp,
        nonce,
        opts.callbackReplyMustEchoTimestampNonce,
      );
      record.ok = record.error === undefined;
    } catch (err) {
      record.error =
        err instanceof Error && err.name === 'TimeoutError' ? 'deadline exceeded' : 'network error';
    } finally {
      this.inflight -= 1;
      record.durationMs = Date.now() - now;
    }
    return record;
  }

  pendingCount(): number {
    return this.inflight + this.timers.size;
  }

  routes(): RouteDef[] {
    const appOf = (clientId: string | undefined): App => {
      const app = clientId ? this.state.apps.get(clientId) : undefined;
      if (!app) throw new OldApiError(40014, '不合法的access_token');
      return app;
    };
    return [
      {
        method: 'POST',
        path: '/call_back/register_call_back',
        family: 'old',
        auth: 'app',
        handler: async (ctx) => {
          const app = appOf(ctx.token?.clientId);
          if (app.callback) throw new OldApiError(71006, '回调地址已经存在');
          const reg = oldRegistration(ctx.body, app);
          const result = await this.register(app, reg);
          if (!result.ok) throw new OldApiError(71007, `回调地址校验失败: ${result.error}`);
          return { json: { errcode: 0, errmsg: 'ok' } };
        },
      },
      {
        method: 'POST',
        path: '/call_back/update_call_back',
        family: 'old',
        auth: 'app',
        handler: async (ctx) => {
          const app = appOf(ctx.token?.clientId);
          const result = await this.register(app, oldRegistration(ctx.body, app));
          if (!result.ok) throw new OldApiError(71007, `回调地址校验失败: ${result.error}`);
          return { json: { errcode: 0, errmsg: 'ok' } };
        },
      },
      {
        method: 'GET',
        path: '/call_back/get_call_back',
        family: 'old',
        auth: 'app',
        handler: (ctx) => {
          const app = appOf(ctx.token?.clientId);
          if (!app.callback) throw new OldApiError(71005, '回调不存在');
          const { url, token, aesKey, eventTypes } = app.callback;
          return {
            json: { errcode: 0, errmsg: 'ok', call_back_tag: eventTypes, token, aes_key: aesKey, url },
          };
        },
      },
      {
        method: 'GET',
        path: '/call_back/delete_call_back',
        family: 'old',
        auth: 'app',
        handler: (ctx) => {
          this.unregister(appOf(ctx.token?.clientId));
          return { json: { errcode: 0, errmsg: 'ok' } };
        },
      },
      {
        method: 'GET',
        path: '/call_back/get_call_back_failed_result',
        family: 'old',
        auth: 'app',
        handler: (ctx) => {
          // Each call returns at most 200 items and drops them (§3.9).
          const app = appOf(ctx.token?.clientId);
          const items = this.failed.get(app.clientId) ?? [];
          const batch = items.splice(0, 200);
          return { json: { errcode: 0, errmsg: 'ok', has_more: items.length > 0, failed_list: batch } };
        },
      },
    ];
  }

  reset(): void {
    this.deliveries = [];
    this.failed.clear();
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function oldRegistration(body: Record<string, unknown>, app: App): CallbackRegistration {
  const tags = Array.isArray(body.call_back_tag) ? body.call_back_tag.map(String) : [];
  const aesKey = String(body.aes_key ?? '');
  const token = String(body.token ?? '');
  if (aesKey.length !== 43 || !/^[a-zA-Z0-9]+$/.test(aesKey))
    throw new OldApiError(900004, '不合法的aes key');
  if (token.length < 6 || token.length >= 64) throw new OldApiError(400002, 'token参数不合法');
  // Subscriptions registered through the old API use the corpId as owner key (§3.1).
  return {
    url: String(body.url ?? ''),
    token,
    aesKey,
    ownerKey: app.corpId,
    source: 'register_call_back',
    eventTypes: tags,
  };
}

/** Returns why a reply is not the encrypted `success`, or undefined when it is (§3.5). */
function checkReply(
  secrets: CallbackSecrets,
  status: number,
  text: string,
  timestamp: string,
  nonce: string,
  mustEcho: boolean,
): string | undefined {
  if (status !== 200) return `HTTP ${status}`;
  let reply: Record<string, unknown>;
  try {
    reply = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return 'reply is not JSON';
  }
  const { msg_signature: sig, timeStamp, nonce: replyNonce, encrypt } = reply;
  if (
    typeof sig !== 'string' ||
    typeof timeStamp !== 'string' ||
    typeof replyNonce !== 'string' ||
    typeof encrypt !== 'string'
  ) {
    return 'reply lacks msg_signature/timeStamp/nonce/encrypt strings';
  }
  if (mustEcho && (timeStamp !== timestamp || replyNonce !== nonce))
    return 'reply does not echo timestamp/nonce';
  if (callbackSignature(secrets.token, timeStamp, replyNonce, encrypt) !== sig)
    return 'reply signature mismatch';
  try {
    const word = decryptCallbackMessage(secrets.aesKey, secrets.ownerKey, encrypt);
    return word === 'success' ? undefined : `reply decrypts to ${JSON.stringify(word.slice(0, 40))}`;
  } catch {
    return 'reply does not decrypt with the owner key';
  }
}

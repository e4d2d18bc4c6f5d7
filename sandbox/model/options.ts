/**
 * Every behaviour the references mark UNCONFIRMED (and every timing a test wants to shrink) is an
 * option here. Scenarios and the control API can change them at run time.
 */
export type SandboxOptions = {
  // §1 tokens
  /** App and user access-token lifetime in seconds (DingTalk: 7200). */
  tokenTtlSeconds: number;

  // §2 Stream
  /** A ticket from connections/open is single-use and valid this long (DingTalk: 90 s). */
  streamTicketTtlMs: number;
  /** How a WebSocket upgrade with a bad/used/expired ticket is refused (UNCONFIRMED, §15.4). */
  streamBadTicket: 'http-401' | 'close-after-open';
  /** How long the gateway waits for an ack before treating the delivery as failed (DingTalk: 3 s). */
  streamAckTimeoutMs: number;
  /** Redelivery delays after a LATER / missing / non-200 ack; its length is the retry count (UNCONFIRMED, §15.1). */
  streamRedeliveryDelaysMs: number[];
  /** How an ack with code 200 but no `status` in `data` counts (Python SDK; Node SDK with an async listener sends `{}`): §2.4 recommends success. */
  streamAckWithoutStatus: 'success' | 'failure';
  /** Whether a redelivery reuses the first delivery's messageId (UNCONFIRMED, §15.1). */
  streamRedeliverySameMessageId: boolean;
  /** Several connections of one app: share events, or a new connection kicks the older ones (UNCONFIRMED, §15.2). */
  streamMultiConnection: 'share' | 'kick-older';
  /** How events are spread across the shared connections. */
  streamSpread: 'round-robin' | 'random';
  /** Send SYSTEM ping every N ms; 0 disables. */
  streamPingIntervalMs: number;
  /** Send SYSTEM CONNECTED + REGISTERED frames after the upgrade (UNCONFIRMED, §15.3). */
  streamSendRegisteredFrames: boolean;
  /** After a SYSTEM disconnect, close the socket this much later (DingTalk: ~10 s). */
  streamDisconnectGraceMs: number;
  /** Close connections older than this with a SYSTEM disconnect ("persistent connection is timeout"); 0 = never. */
  streamMaxConnectionAgeMs: number;
  /** Header `topic` on EVENT frames: docs show "*" and "dingTalk". */
  streamEventTopic: string;

  // §3 HTTP callback
  /** The receiver must answer within this deadline (2.5 s current docs, 1.5 s older docs: UNCONFIRMED, §15.11). */
  callbackReplyDeadlineMs: number;
  /** Retry delays after a failed push (DingTalk: +10 s, +30 s). */
  callbackRetryDelaysMs: number[];
  /** Query parameter name for the signature: current docs `msg_signature`, older docs `signature`. */
  callbackSignatureParam: 'msg_signature' | 'signature';
  /** Timestamp unit in the query (both are seen). */
  callbackTimestampUnit: 'ms' | 's';
  /** Additionally require the reply to echo the request's timestamp and nonce (UNCONFIRMED; off = recompute over the reply's own values). */
  callbackReplyMustEchoTimestampNonce: boolean;

  // §4/§5 workflow
  /** Event order on transitions: `realistic` follows §4.5 (next task start before previous finish; instance finish before last task finish). */
  eventOrder: 'realistic' | 'logical';
  /** Emit `bpms_task_change type=comment` with `content` on comments (PARTIAL, §4.3). */
  emitCommentEvents: boolean;
  /** Emit `bpms_instance_change type=delete` when an instance is deleted through the control API (UNCONFIRMED, §4.2). */
  emitInstanceDeleteEvents: boolean;
  /** `tasks[].result` of unfinished tasks (UNCONFIRMED, §15.8). */
  unfinishedTaskResult: '' | 'NONE';
  /** The revoke API refuses instances younger than this (DingTalk: 15 s). */
  revokeMinAgeMs: number;
  /** Emit task cancel events for running tasks when an instance is revoked or refused (their status becomes CANCELED). */
  emitCancelOnInstanceEnd: boolean;
  /** Forecast (wave2 §2) with `deptId: -1` (the root): accepted like start-instance, or refused (UNCONFIRMED, wave2 §8.5). */
  forecastRootDept: 'accept' | 'reject';
  /** Forecast rules carry `activityActioners` (documented, absent from the SDK model: UNCONFIRMED, wave2 §8.5). */
  forecastActivityActioners: boolean;
  /** Forecast answer on demand: the real forecast, `isForecastSuccess: false`, or a 400 `forecastError`. */
  forecastOutcome: 'forecast' | 'unsuccessful' | 'error';

  // §6 attachments
  /** Lifetime of a download URL (DingTalk: 15 min) and of storage download infos. */
  downloadUrlTtlMs: number;
  /** `withCommentAttatchment`: `flag` = honoured, `never` = comment files are never downloadable (UNCONFIRMED, §6.1). */
  commentAttachmentDownload: 'flag' | 'never';

  // §9 todo
  /** Emit todo_task_create/update/delete events (only delivered to apps subscribed to them). */
  emitTodoEvents: boolean;

  // §12 limits
  /** Per app × per API QPS limit (standard edition: 20); 0 disables. */
  qpsLimit: number;
  /** Monthly API calls per org (standard edition: 5000); 0 = unlimited. Token/login/contact APIs are exempt. */
  monthlyCallQuota: number;

  // Yida
  /** Body encoding of integration-center pushes (UNCONFIRMED, yida §8.1). */
  yidaPushEncoding: 'json' | 'form' | 'query';
  /** Add `taskId`, `actionerId`, `url`, `mobileUrl` to the create/cc `task` JSON (UNCONFIRMED, yida §1.4). */
  yidaPushExtraTaskFields: boolean;
  /** Shape of the cc push: like create (`task` JSON) or like complete (flat params) (UNCONFIRMED, yida §1.3). */
  yidaCcPushShape: 'task' | 'flat';
  /** Fire a create push for the originator's submission as well as for approver tasks (UNCONFIRMED, yida §8.6). */
  yidaCreatePushForOriginator: boolean;
  /** Timeout for a push request; there is no retry either way. */
  yidaPushTimeoutMs: number;
  /** ExecuteTask only accepts the task's current actioner as `userId` (UNCONFIRMED, yida §2.6). */
  yidaExecuteRequiresActioner: boolean;
  /** Send pushes automatically on state changes (off = only when triggered through the control API). */
  yidaAutoPush: boolean;
  /** Yida origin used in deep links (exclusive orgs have their own host). */
  yidaOrigin: string;

  /** Seed for the sandbox's random choices (drop %, random spread) so runs are reproducible. */
  seed: number;
};

export const DEFAULT_OPTIONS: SandboxOptions = {
  tokenTtlSeconds: 7200,
  streamTicketTtlMs: 90_000,
  streamBadTicket: 'http-401',
  streamAckTimeoutMs: 3000,
  streamRedeliveryDelaysMs: [5000, 20_000, 60_000],
  streamAckWithoutStatus: 'success',
  streamRedeliverySameMessageId: false,
  streamMultiConnection: 'share',
  streamSpread: 'round-robin',
  streamPingIntervalMs: 20_000,
  streamSendRegisteredFrames: false,
  streamDisconnectGraceMs: 10_000,
  streamMaxConnectionAgeMs: 0,
  streamEventTopic: '*',
  callbackReplyDeadlineMs: 2500,
  callbackRetryDelaysMs: [10_000, 30_000],
  callbackSignatureParam: 'msg_signature',
  callbackTimestampUnit: 'ms',
  callbackReplyMustEchoTimestampNonce: false,
  eventOrder: 'realistic',
  emitCommentEvents: false,
  emitInstanceDeleteEvents: false,
  unfinishedTaskResult: '',
  revokeMinAgeMs: 15_000,
  emitCancelOnInstanceEnd: true,
  forecastRootDept: 'accept',
  forecastActivityActioners: true,
  forecastOutcome: 'forecast',
  downloadUrlTtlMs: 15 * 60_000,
  commentAttachmentDownload: 'flag',
  emitTodoEvents: true,
  qpsLimit: 20,
  monthlyCallQuota: 0,
  yidaPushEncoding: 'json',
  yidaPushExtraTaskFields: true,
  yidaCcPushShape: 'task',
  yidaCreatePushForOriginator: false,
  yidaPushTimeoutMs: 5000,
  yidaExecuteRequiresActioner: true,
  yidaAutoPush: true,
  yidaOrigin: 'https://www.aliwork.com',
  seed: 20240814,
};

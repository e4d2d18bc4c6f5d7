import { and, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { deliveries, subscriptions } from '@/db/schema';
import type { RobotConfig } from '@/db/schema/subscriptions';
import { SIGNATURE_HEADER, signBody, TIMESTAMP_HEADER } from '@/lib/crypto/signature';
import { classifyFailure } from '@/lib/jobs/classify-failure';
import type { Logger } from '@/lib/log';
import { assertOutboundUrl } from '@/lib/security/outbound-url';
import type { EventEnvelope } from './outbox/event-types';
import { pushConnectTrigger } from './push-connect-trigger';
import { recordSubscriptionOutcome } from './record-subscription-outcome';
import { deliverToRobot } from './robot/deliver-to-robot';
import { unsafeOpenSubscriptionSecret } from './subscription-secret';
import { unsafeOpenSubscriptionUrl } from './subscription-url';

/** A receiver gets this long to answer; a `sending` claim older than twice this is taken over. */
export const SEND_TIMEOUT_MS = 10_000;

export type DeliverOutcome = 'delivered' | 'retrying' | 'dead' | 'held' | 'skipped';

/** Thrown so pg-boss schedules the next attempt (lib/jobs/definitions.ts: ~24 h of backoff). */
export class DeliveryFailedError extends Error {
  override name = 'DeliveryFailedError';
}

type Attempt = { ok: boolean; status: number | null; error: string | null; isFinal: boolean };

/**
 * One attempt at one delivery (the `deliver-event` job). Idempotent: a delivered delivery is left alone, and
 * a claim (`sending`) keeps two jobs for the same delivery (a redeliver racing a scheduled retry) from both
 * sending. Records status code, latency, attempts and error on the row; a success or failure also updates the
 * subscription's failure streak, which may auto-pause it. A paused subscription's deliveries are held (left
 * `pending`/`failed`) and sent again when it is resumed. Throws DeliveryFailedError to be retried.
 */
export async function deliverEvent(
  db: Db,
  deliveryId: string,
  options: { isFinalAttempt: boolean; log?: Logger },
): Promise<DeliverOutcome> {
  const [row] = await db
    .select({
      status: deliveries.status,
      eventType: deliveries.eventType,
      payload: deliveries.payload,
      subscriptionId: subscriptions.id,
      kind: subscriptions.kind,
      url: subscriptions.url,
      sealedUrl: subscriptions.sealedUrl,
      secret: subscriptions.secret,
      config: subscriptions.config,
      enabled: subscriptions.enabled,
    })
    .from(deliveries)
    .innerJoin(subscriptions, eq(subscriptions.id, deliveries.subscriptionId))
    .where(eq(deliveries.id, deliveryId));
  // Action callbacks of API connectors are sent by their write-back job, not here.
  if (!row || row.kind === 'callback' || row.status === 'delivered' || row.status === 'dead')
    return 'skipped';
  if (!row.enabled) return 'held';
  if (row.kind === 'dingtalk_robot') return deliverViaRobot(db, deliveryId, row, options);

  const now = new Date();
  const [claimed] = await db
    .update(deliveries)
    .set({ status: 'sending', attempts: sql`${deliveries.attempts} + 1`, lastAttemptAt: now })
    .where(
      and(
        eq(deliveries.id, deliveryId),
        or(
          inArray(deliveries.status, ['pending', 'failed']),
          and(
            eq(deliveries.status, 'sending'),
            lt(deliveries.lastAttemptAt, new Date(now.getTime() - 2 * SEND_TIMEOUT_MS)),
          ),
        ),
      ),
    )
    .returning({ attempts: deliveries.attempts });
  if (!claimed) return 'skipped';

  const envelope = row.payload as EventEnvelope;
  const started = performance.now();
  let attempt: Attempt;
  if (row.kind === 'connect_trigger') {
    try {
      await pushConnectTrigger(db, row.config, envelope);
      attempt = { ok: true, status: 200, error: null, isFinal: false };
    } catch (error) {
      // A refusal (bad trigger id, connector gone) is dead at once; anything else waits for the next attempt.
      const isFinal = !classifyFailure(error, { isFinalAttempt: false }).isRetryable;
      attempt = { ok: false, status: null, error: errorText(error), isFinal };
    }
  } else {
    attempt = await postWebhook(
      row.url,
      row.secret ? unsafeOpenSubscriptionSecret(row.subscriptionId, row.secret) : null,
      {
        deliveryId,
        envelope,
      },
    );
  }
  const latencyMs = Math.round(performance.now() - started);
  const isDead = !attempt.ok && (attempt.isFinal || options.isFinalAttempt);
  const status = attempt.ok ? 'delivered' : isDead ? 'dead' : 'failed';
  await db
    .update(deliveries)
    .set({
      status,
      responseStatus: attempt.status,
      latencyMs,
      lastError: attempt.error?.slice(0, 500) ?? null,
      deliveredAt: attempt.ok ? new Date() : null,
    })
    .where(eq(deliveries.id, deliveryId));
  const { paused } = await recordSubscriptionOutcome(db, row.subscriptionId, attempt.ok);
  options.log?.info(
    { deliveryId, subscriptionId: row.subscriptionId, status, responseStatus: attempt.status, latencyMs },
    'delivery attempt',
  );
  if (attempt.ok) return 'delivered';
  if (isDead) return 'dead';
  // Auto-paused just now: no retry; resuming the subscription sends its held deliveries again.
  if (paused) return 'held';
  throw new DeliveryFailedError(attempt.error ?? 'delivery failed');
}

/** A group-robot delivery: rate-limited and batched by deliverToRobot; here only the outcome's bookkeeping. */
async function deliverViaRobot(
  db: Db,
  deliveryId: string,
  row: {
    subscriptionId: string;
    url: string;
    sealedUrl: string | null;
    secret: string | null;
    config: Partial<RobotConfig>;
  },
  options: { isFinalAttempt: boolean; log?: Logger },
): Promise<DeliverOutcome> {
  const outcome = await deliverToRobot(
    db,
    deliveryId,
    {
      subscriptionId: row.subscriptionId,
      url: unsafeOpenSubscriptionUrl({ id: row.subscriptionId, url: row.url, sealedUrl: row.sealedUrl }),
      secret: row.secret ? unsafeOpenSubscriptionSecret(row.subscriptionId, row.secret) : null,
      config: row.config,
    },
    options,
  );
  if (outcome.kind === 'skipped' || outcome.kind === 'held') return outcome.kind;
  if (outcome.kind === 'sent') {
    await recordSubscriptionOutcome(db, row.subscriptionId, true);
    return 'delivered';
  }
  const isDead = options.isFinalAttempt;
  await db
    .update(deliveries)
    .set({
      status: isDead ? 'dead' : 'failed',
      attempts: sql`${deliveries.attempts} + 1`,
      lastAttemptAt: new Date(),
      responseStatus: outcome.status,
      latencyMs: outcome.latencyMs,
      lastError: outcome.error,
    })
    .where(eq(deliveries.id, deliveryId));
  const { paused } = await recordSubscriptionOutcome(db, row.subscriptionId, false);
  if (isDead) return 'dead';
  if (paused) return 'held';
  throw new DeliveryFailedError(outcome.error);
}

async function postWebhook(
  url: string,
  secret: string | null,
  input: { deliveryId: string; envelope: EventEnvelope },
): Promise<Attempt> {
  // The same bytes on every attempt; the timestamp (and so the signature) is per attempt.
  const body = JSON.stringify(input.envelope);
  const timestamp = String(Math.floor(Date.now() / 1000));
  try {
    // Checked again at send time: the name may resolve elsewhere than when the admin saved it.
    await assertOutboundUrl(url, { path: 'url' });
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Huiban-Webhooks/1.0',
        'x-huiban-event': input.envelope.type,
        'x-huiban-event-id': input.envelope.id,
        'x-huiban-delivery': input.deliveryId,
        [TIMESTAMP_HEADER]: timestamp,
        ...(secret ? { [SIGNATURE_HEADER]: signBody(secret, body, timestamp) } : {}),
      },
      body,
      // A redirect is an answer, not something to follow with a signed body.
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
    // Drain the body (keeps the connection reusable); its content is not trusted or stored.
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, error: ok ? null : `HTTP ${response.status}`, isFinal: false };
  } catch (error) {
    return { ok: false, status: null, error: errorText(error), isFinal: false };
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    return cause ? `${error.message} (${cause})` : error.message;
  }
  return String(error);
}
